/*
 * Requests between vCPUs (core/vcpu/vcpu_request.c): requests coalesce, a kick
 * goes only to a hart that runs the target, a blocked target wakes, and a
 * request made while the target's hart does its work is never lost.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <string.h>

#include <cmocka.h>

#include "host_arch.h"
#include "lib/hart.h"
#include "vm/vm.h"

#define HART_ASKER  0
#define HART_TARGET 1

static struct vm request_vm;

static int setup(void **state)
{
	(void)state;
	memset(&request_vm, 0, sizeof(request_vm));
	request_vm.vcpu_count = 2;
	for (unsigned i = 0; i < 2; i++) {
		request_vm.vcpus[i].vm = &request_vm;
		request_vm.vcpus[i].id = i;
		request_vm.vcpus[i].hart = i == 0 ? HART_ASKER : HART_TARGET;
	}
	hart_set_self(HART_ASKER);
	host_kicked_harts = 0;
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

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup(test_pending_request_kicks_once, setup),
	    cmocka_unit_test_setup(test_target_off_its_hart_is_not_kicked, setup),
	    cmocka_unit_test_setup(test_request_during_work_is_kept, setup),
	    cmocka_unit_test_setup(test_fence_to_a_target_off_its_hart_does_not_wait, setup),
	    cmocka_unit_test_setup(test_request_to_self_is_done_at_once, setup),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
