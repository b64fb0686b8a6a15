/*
 * Stopping and rebooting a guest: its vCPUs stop at their next exit, the
 * other guests run on. When the last guest has stopped the machine powers
 * off, so a run of guests that all shut down ends cleanly. A reboot waits for
 * every other vCPU of the guest to leave its hart, reloads the guest and
 * starts vCPU 0 again.
 */
#include <stdio.h>

#include "arch_hooks.h"
#include "console.h"
#include "guests.h"
#include "hart.h"
#include "sched_hart.h"

void vm_exit_summary(const struct vm *vm, char *buf, size_t len)
{
	size_t used = 0;

	buf[0] = '\0';
	for (int k = 0; k < VCPU_EXIT_KINDS && used < len; k++) {
		uint64_t n = 0;

		for (unsigned c = 0; c < vm->vcpu_count; c++)
			n += vm->vcpus[c].exits[k];
		used += (size_t)snprintf(buf + used, len - used, " %s %llu", vcpu_exit_names[k],
					 (unsigned long long)n);
	}
}

void vm_log_accounting(const struct vm *vm)
{
	uint64_t per_us = vm->platform->timebase_hz / 1000000;

	for (unsigned i = 0; i < vm->vcpu_count; i++) {
		const struct vcpu *v = &vm->vcpus[i];
		struct sched_entity e = v->sched;

		/* A slice in progress counts too: a vCPU alone on its hart may never end one. */
		if (__atomic_load_n(&v->on_hart, __ATOMIC_ACQUIRE)) {
			e.run_time += arch_time_now() - v->slice_start;
			e.slices++;
		}
		console_log(
		    "guest %s vCPU %u: ran %llu ms in %llu slices, %llu wake-ups, "
		    "latency max %llu us, average %llu us",
		    vm->config->name, i, (unsigned long long)(e.run_time / per_us / 1000),
		    (unsigned long long)e.slices, (unsigned long long)e.wakeups,
		    (unsigned long long)(e.wake_latency_max / per_us),
		    (unsigned long long)(e.wakeups ? e.wake_latency_sum / e.wakeups / per_us : 0));
	}
}

void vm_stop(struct vm *vm, const char *why)
{
	enum vm_state was = __atomic_exchange_n(&vm->state, VM_STOPPED, __ATOMIC_ACQ_REL);
	char exits[CONSOLE_LINE_MAX];

	if (was == VM_STOPPED)
		return;
	console_log("guest %s stopped: %s", vm->config->name, why);
	vm_exit_summary(vm, exits, sizeof(exits));
	console_log("guest %s exits:%s", vm->config->name, exits);
	vm_log_accounting(vm);
	for (unsigned i = 0; i < vm->vcpu_count; i++) {
		vm->vcpus[i].state = VCPU_STOPPED;
		arch_hart_kick(vm->vcpus[i].hart);
	}
	vm_virtio_quiesce(vm); /* frames from other guests are dropped, not written into its RAM */
	if (guests_all_stopped()) {
		console_log("all guests stopped; powering off");
		arch_poweroff();
	}
}

/*
 * The caller runs on some hart, maybe in the exit handler of one of this
 * guest's own vCPUs: that vCPU leaves its run loop when the caller returns,
 * so only vCPUs on other harts are waited for. Meanwhile this hart keeps
 * doing what its own vCPU is asked, so two harts waiting on each other
 * cannot deadlock.
 */
void vm_reboot(struct vm *vm)
{
	struct vcpu *mine = sched_current();

	console_log("guest %s: rebooting", vm->config->name);
	for (unsigned i = 0; i < vm->vcpu_count; i++) {
		__atomic_store_n(&vm->vcpus[i].state, VCPU_STOPPED, __ATOMIC_RELEASE);
		if (vm->vcpus[i].hart != hart_self())
			arch_hart_kick(vm->vcpus[i].hart);
	}
	for (unsigned i = 0; i < vm->vcpu_count; i++)
		while (vm->vcpus[i].hart != hart_self() &&
		       __atomic_load_n(&vm->vcpus[i].on_hart, __ATOMIC_ACQUIRE))
			if (mine)
				vcpu_process_requests(mine);
	if (vm_load(vm)) {
		vm_stop(vm, "its reload failed");
		return;
	}
	__atomic_store_n(&vm->state, VM_RUNNING, __ATOMIC_RELEASE);
	sched_wake(&vm->vcpus[0]);
}
