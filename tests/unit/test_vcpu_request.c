/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Requests between vCPUs (core/vcpu/vcpu_request.c): requests coalesce, a kick
 * goes only to a hart that runs the target, a blocked target wakes, a request
 * made while the target's hart does its work is never lost, and the work
 * itself (a software interrupt, the external interrupt's level, fences,
 * virtio work a notify deferred, core/vm/vm_virtio.c). Fences are
 * synchronous: with a second host thread playing the target's hart, the
 * asker waits until the target has done the work, gives up when its own
 * hart is wanted (sched_should_yield is wrapped at link time, see the
 * Makefile, so the test says when), and two vCPUs fencing each other both
 * finish. vm_virtio_resume is wrapped too, so that its work can raise an
 * interrupt.
 */
#include <pthread.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "host_arch.h"
#include "lib/hart.h"
#include "vm/vm.h"

#define HART_ASKER  0
#define HART_TARGET 1
#define HART_WOKEN  2 /* a blocked target's, whose run queue only one test touches */
#define WATCHDOG_S  30

static struct vm request_vm;
static struct config_guest request_cfg = {.name = "req", .vcpus = 2};
static struct platform request_plat;
static bool hart_wanted; /* what the wrapped sched_should_yield answers */

bool __wrap_sched_should_yield(const struct vcpu *v);

bool __wrap_sched_should_yield(const struct vcpu *v)
{
	(void)v;
	return __atomic_load_n(&hart_wanted, __ATOMIC_SEQ_CST);
}

static int group_setup(void **state)
{
	(void)state;
	for (uint64_t h = HART_ASKER; h <= HART_WOKEN; h++) {
		hart_set_self(h);
		hart_report_online();
	}
	return 0;
}

static int setup(void **state)
{
	(void)state;
	memset(&request_vm, 0, sizeof(request_vm));
	request_vm.config = &request_cfg;
	request_vm.platform = &request_plat;
	request_vm.state = VM_RUNNING;
	request_vm.vcpu_count = 2;
	for (unsigned i = 0; i < 2; i++) {
		request_vm.vcpus[i].vm = &request_vm;
		request_vm.vcpus[i].id = i;
		request_vm.vcpus[i].hart = i == 0 ? HART_ASKER : HART_TARGET;
		request_vm.vcpus[i].state = VCPU_RUNNING;
	}
	hart_set_self(HART_ASKER);
	host_kicked_harts = 0;
	host_irq_is_waiting = false;
	hart_wanted = false;
	return 0;
}

/* A guest looping on IPIs to a running target kicks its hart once, not once per call. */
static void test_pending_request_kicks_once(void **state)
{
	struct vcpu *target = &request_vm.vcpus[1];

	(void)state;
	target->on_hart = true;
	vcpu_request_async(target, VCPU_REQ_SOFT_IRQ);
	assert_int_equal(host_kicked_harts, 1ULL << HART_TARGET);
	host_kicked_harts = 0;
	for (int i = 0; i < 1000; i++)
		vcpu_request_async(target, VCPU_REQ_SOFT_IRQ);
	assert_int_equal(host_kicked_harts, 0);
	/* Another kind of work is news: it kicks again. */
	vcpu_request_async(target, VCPU_REQ_EXT_IRQ);
	assert_int_equal(host_kicked_harts, 1ULL << HART_TARGET);
}

/* A target off its hart (another vCPU runs there) does its requests when it next runs. */
static void test_target_off_its_hart_is_not_kicked(void **state)
{
	struct vcpu *target = &request_vm.vcpus[1];

	(void)state;
	target->on_hart = false;
	vcpu_request_async(target, VCPU_REQ_SOFT_IRQ);
	assert_int_equal(host_kicked_harts, 0);
	assert_int_equal(target->requests, VCPU_REQ_SOFT_IRQ);
}

/* Work taken by the target's hart leaves the bits clear; what is asked afterwards stays. */
static void test_request_during_work_is_kept(void **state)
{
	struct vcpu *target = &request_vm.vcpus[1];

	(void)state;
	target->on_hart = true;
	vcpu_request_async(target, VCPU_REQ_SOFT_IRQ);
	hart_set_self(HART_TARGET);
	vcpu_do_requests(target);
	assert_int_equal(target->requests, 0);
	assert_int_equal(target->requests_busy, 0);
	hart_set_self(HART_ASKER);
	host_kicked_harts = 0;
	vcpu_request_async(target, VCPU_REQ_SOFT_IRQ);
	assert_int_equal(host_kicked_harts, 1ULL << HART_TARGET);
	assert_int_equal(target->requests, VCPU_REQ_SOFT_IRQ);
}

/* A fence to a target off its hart returns at once: it fences before it runs again. */
static void test_fence_to_a_target_off_its_hart_does_not_wait(void **state)
{
	struct vcpu *self = &request_vm.vcpus[0], *target = &request_vm.vcpus[1];

	(void)state;
	target->on_hart = false;
	vcpu_request(self, target, VCPU_REQ_FENCE_I);
	assert_int_equal(target->requests, VCPU_REQ_FENCE_I);
}

/* A request to itself is done at once. */
static void test_request_to_self_is_done_at_once(void **state)
{
	struct vcpu *self = &request_vm.vcpus[0];

	(void)state;
	vcpu_request(self, self, VCPU_REQ_FENCE_I | VCPU_REQ_SOFT_IRQ);
	assert_int_equal(self->requests, 0);
	assert_int_equal(host_kicked_harts, 0);
}

static bool resume_raises_ext_irq;

void __real_vm_virtio_resume(struct vm *vm);
void __wrap_vm_virtio_resume(struct vm *vm);

/* Virtio work, which may give back a used entry that raises the guest's interrupt at vCPU 0. */
void __wrap_vm_virtio_resume(struct vm *vm)
{
	__real_vm_virtio_resume(vm);
	if (resume_raises_ext_irq)
		vcpu_request_async(&vm->vcpus[0], VCPU_REQ_EXT_IRQ);
}

/*
 * Virtio work that raises the interrupt of the vCPU doing it asks that vCPU
 * for EXT_IRQ, and nobody kicks a hart for the vCPU it runs: the same round
 * takes it, so a guest waiting in WFI untrapped is not left without it.
 */
static void test_interrupt_raised_by_virtio_work_is_not_left_behind(void **state)
{
	struct vcpu *self = &request_vm.vcpus[0];

	(void)state;
	self->on_hart = true;
	resume_raises_ext_irq = true;
	self->requests = VCPU_REQ_VIRTIO;
	vcpu_do_requests(self);
	resume_raises_ext_irq = false;
	assert_int_equal(self->requests, 0);
	assert_int_equal(host_kicked_harts, 0);
}

/* A target blocked in WFI is woken for the request: runnable, and its idle hart told. */
static void test_blocked_target_wakes(void **state)
{
	struct vcpu *target = &request_vm.vcpus[1];

	(void)state;
	target->hart = HART_WOKEN;
	target->blocked = true;
	vcpu_request_async(target, VCPU_REQ_SOFT_IRQ);
	assert_false(target->blocked);
	assert_int_equal(target->requests, VCPU_REQ_SOFT_IRQ);
	assert_int_equal(host_kicked_harts, 1ULL << HART_WOKEN);
}

/* Each kind of work on the target's own hart, and nothing left asked after it. */
static void test_work_of_each_kind(void **state)
{
	struct vcpu *target = &request_vm.vcpus[1];

	(void)state;
	hart_set_self(HART_TARGET);
	target->arch.csrs.hvip = 0x400; /* an external interrupt its vPLIC no longer has */
	target->requests = VCPU_REQ_SOFT_IRQ | VCPU_REQ_FENCE_I | VCPU_REQ_FLUSH_VVMA |
			   VCPU_REQ_EXT_IRQ | VCPU_REQ_VIRTIO;
	vcpu_do_requests(target);
	assert_int_equal(target->arch.csrs.hvip, 0x2); /* software interrupt up, external down */
	assert_int_equal(target->requests, 0);
	assert_int_equal(target->requests_busy, 0);
}

/* What the asker's hart does when it serves Erg's interrupts while it waits: here, time passes. */
static unsigned irqs_taken;
static struct vcpu *irq_target;

static void take_irqs_while_target_works(void)
{
	irqs_taken++;
	vcpu_do_requests(irq_target);
}

/*
 * An interrupt of Erg's (its tick, a device) comes while the asker waits:
 * served in place, and the wait goes on to the end, so a fence is not
 * started again after every tick.
 */
static void test_fence_wait_serves_irqs_in_place(void **state)
{
	struct vcpu *self = &request_vm.vcpus[0], *target = &request_vm.vcpus[1];

	(void)state;
	target->on_hart = true;
	irqs_taken = 0;
	irq_target = target;
	host_take_irqs = take_irqs_while_target_works;
	host_irq_is_waiting = true;
	assert_true(vcpu_request(self, target, VCPU_REQ_FLUSH_VVMA));
	host_take_irqs = NULL;
	assert_int_equal(irqs_taken, 1);
	assert_false(host_irq_is_waiting);
	assert_int_equal(target->requests, 0);
}

/* The asker's hart is wanted by its scheduler: it gives up, the fence still asked. */
static void test_fence_wait_gives_up_for_the_hart(void **state)
{
	struct vcpu *self = &request_vm.vcpus[0], *target = &request_vm.vcpus[1];

	(void)state;
	target->on_hart = true;
	hart_wanted = true;
	assert_false(vcpu_request(self, target, VCPU_REQ_FENCE_I));
	assert_int_equal(target->requests, VCPU_REQ_FENCE_I);
	/* An IPI needs no wait: done asking, whatever the hart is wanted for. */
	assert_true(vcpu_request(self, target, VCPU_REQ_SOFT_IRQ));
	hart_wanted = false;
}

/* A second host thread as the target's hart: it does what it is asked, late, until told to stop. */
static bool target_hart_stop;

static void *target_hart(void *arg)
{
	struct vcpu *target = arg;

	hart_set_self(target->hart);
	while (!__atomic_load_n(&target_hart_stop, __ATOMIC_SEQ_CST)) {
		if (__atomic_load_n(&target->requests, __ATOMIC_SEQ_CST)) {
			usleep(20000); /* an exit that takes its time: the asker must wait */
			vcpu_do_requests(target);
		}
	}
	return NULL;
}

/* A target on its hart: the fence returns only once the target has done it. */
static void test_fence_waits_for_a_running_target(void **state)
{
	struct vcpu *self = &request_vm.vcpus[0], *target = &request_vm.vcpus[1];
	pthread_t thread;

	(void)state;
	target->on_hart = true;
	target_hart_stop = false;
	assert_int_equal(pthread_create(&thread, NULL, target_hart, target), 0);
	alarm(WATCHDOG_S);
	for (int i = 0; i < 3; i++) {
		assert_true(vcpu_request(self, target, VCPU_REQ_FENCE_I | VCPU_REQ_FLUSH_VVMA));
		assert_int_equal(__atomic_load_n(&target->requests, __ATOMIC_SEQ_CST), 0);
		assert_int_equal(__atomic_load_n(&target->requests_busy, __ATOMIC_SEQ_CST), 0);
	}
	alarm(0);
	__atomic_store_n(&target_hart_stop, true, __ATOMIC_SEQ_CST);
	assert_int_equal(pthread_join(thread, NULL), 0);
}

/*
 * Two vCPUs fencing each other at once: each does the other's fence while it
 * waits. Each side, done with its own fences, goes on doing what it is
 * asked until the other is done too, as its hart's run loop would.
 */
static bool fences_done[2];

static bool fence_each_other(struct vcpu *self, struct vcpu *other)
{
	bool all = true;

	for (int i = 0; i < 200 && all; i++)
		all = vcpu_request(self, other, VCPU_REQ_FENCE_I);
	__atomic_store_n(&fences_done[self->id], true, __ATOMIC_SEQ_CST);
	while (!__atomic_load_n(&fences_done[other->id], __ATOMIC_SEQ_CST))
		vcpu_process_requests(self);
	return all;
}

static void *fence_back(void *arg)
{
	struct vcpu *self = arg;

	hart_set_self(self->hart);
	return fence_each_other(self, &request_vm.vcpus[0]) ? NULL : arg;
}

static void test_fences_both_ways_finish(void **state)
{
	struct vcpu *self = &request_vm.vcpus[0], *other = &request_vm.vcpus[1];
	pthread_t thread;
	void *failed;

	(void)state;
	self->on_hart = other->on_hart = true;
	fences_done[0] = fences_done[1] = false;
	alarm(WATCHDOG_S); /* a deadlock ends the test here */
	assert_int_equal(pthread_create(&thread, NULL, fence_back, other), 0);
	assert_true(fence_each_other(self, other));
	assert_int_equal(pthread_join(thread, &failed), 0);
	alarm(0);
	assert_null(failed);
}

/*
 * A notify that leaves virtio work defers it to a running vCPU of the guest
 * (its hart kicked once, however often it is deferred), whose next round of
 * requests serves it; a guest with no vCPU running is not asked.
 */
static void test_deferred_virtio_work(void **state)
{
	struct vcpu *server = &request_vm.vcpus[1];
	struct virtio_mmio *t = &request_vm.virtio[0].transport;
	const struct config_virtio rng = {.kind = CONFIG_VIRTIO_RNG};

	(void)state;
	request_cfg.virtio_count = 1;
	request_cfg.virtio[0] = rng;
	assert_int_equal(vm_virtio_create(&request_vm), 0);
	request_vm.vcpus[0].state = VCPU_STOPPED;
	server->on_hart = true;
	virtio_mmio_defer(t, 0);
	virtio_mmio_defer(t, 0);
	assert_int_equal(server->requests, VCPU_REQ_VIRTIO);
	assert_int_equal(request_vm.vcpus[0].requests, 0);
	assert_int_equal(host_kicked_harts, 1ULL << HART_TARGET);
	assert_int_equal(t->deferred, 1);
	hart_set_self(HART_TARGET);
	vcpu_do_requests(server);
	assert_int_equal(t->deferred, 0);
	assert_int_equal(server->requests, 0);
	/* Nobody runs: the guest is stopping, and its devices are reset anyway. */
	server->state = VCPU_STOPPED;
	virtio_mmio_defer(t, 0);
	assert_int_equal(server->requests, 0);
	request_cfg.virtio_count = 0;
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup(test_pending_request_kicks_once, setup),
	    cmocka_unit_test_setup(test_target_off_its_hart_is_not_kicked, setup),
	    cmocka_unit_test_setup(test_request_during_work_is_kept, setup),
	    cmocka_unit_test_setup(test_fence_to_a_target_off_its_hart_does_not_wait, setup),
	    cmocka_unit_test_setup(test_request_to_self_is_done_at_once, setup),
	    cmocka_unit_test_setup(test_interrupt_raised_by_virtio_work_is_not_left_behind, setup),
	    cmocka_unit_test_setup(test_blocked_target_wakes, setup),
	    cmocka_unit_test_setup(test_work_of_each_kind, setup),
	    cmocka_unit_test_setup(test_fence_wait_serves_irqs_in_place, setup),
	    cmocka_unit_test_setup(test_fence_wait_gives_up_for_the_hart, setup),
	    cmocka_unit_test_setup(test_fence_waits_for_a_running_target, setup),
	    cmocka_unit_test_setup(test_fences_both_ways_finish, setup),
	    cmocka_unit_test_setup(test_deferred_virtio_work, setup),
	};

	return cmocka_run_group_tests(tests, group_setup, NULL);
}
