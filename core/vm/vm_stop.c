/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Stopping, rebooting and crashing a guest: its vCPUs stop at their next
 * exit, the other guests run on. When the last guest has stopped the machine
 * powers off, so a run of guests that all shut down ends cleanly. A reboot
 * waits for every other vCPU of the guest to leave its hart, reloads the
 * guest and starts vCPU 0 again. A crash stops the guest, or under on-crash
 * "restart" reboots it the same way until its restart budget is spent.
 * Whoever stops or restarts a guest first claims it by moving vm->state, so
 * two of its vCPUs crashing at once on two harts cannot both act (and wait
 * for each other to leave their harts for ever).
 */
#include <stdio.h>
#include <string.h>

#include "console/console.h"
#include "dev/passthrough.h"
#include "lib/erg_bounds.h"
#include "lib/hart.h"
#include "ports/arch_hooks.h"
#include "sched/sched_hart.h"
#include "virtio/uplink.h"
#include "virtio/vswitch.h"
#include "vm/guests.h"

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
	for (unsigned k = 0; k < vcpu_arch_trap_kinds() && used < len; k++) {
		uint64_t n = 0;

		for (unsigned c = 0; c < vm->vcpu_count; c++)
			n += vcpu_arch_traps(&vm->vcpus[c].arch, k);
		used += (size_t)snprintf(buf + used, len - used, " %s %llu", vcpu_arch_trap_name(k),
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

/* Move vm from state from to state to; false when someone else moved it first. */
static bool vm_state_move(struct vm *vm, enum vm_state from, enum vm_state to)
{
	return __atomic_compare_exchange_n(&vm->state, &from, to, false, __ATOMIC_ACQ_REL,
					   __ATOMIC_ACQUIRE);
}

/*
 * The caller has moved vm to VM_STOPPED and said why: log its exit counts
 * and accounting, and stop its vCPUs.
 */
static void vm_halt(struct vm *vm)
{
	char exits[CONSOLE_LINE_MAX];

	vm_exit_summary(vm, exits, sizeof(exits));
	console_log("guest %s exits:%s", vm->config->name, exits);
	if (vm->console_dropped)
		console_log("guest %s: %llu console bytes found no room and were dropped",
			    vm->config->name, (unsigned long long)vm->console_dropped);
	vm_log_accounting(vm);
	for (unsigned i = 0; i < vm->vcpu_count; i++) {
		vm->vcpus[i].state = VCPU_STOPPED;
		arch_hart_kick(vm->vcpus[i].hart);
	}
	vm_virtio_quiesce(vm); /* frames from other guests are dropped, not written into its RAM */
	passthrough_suspend(vm);
	if (guests_all_stopped()) {
		/* The switch's last counters, as the monitor's list shows them. */
		vswitch_log();
		uplink_log();
		console_log("all guests stopped; powering off");
		console_flush();
		arch_poweroff();
	}
}

/* The caller has moved vm to VM_STOPPED: "guest NAME stopped: why", then as vm_halt. */
static void vm_stopped(struct vm *vm, const char *why)
{
	console_log("guest %s stopped: %s", vm->config->name, why);
	vm_halt(vm);
}

void vm_stop(struct vm *vm, const char *why)
{
	if (__atomic_exchange_n(&vm->state, VM_STOPPED, __ATOMIC_ACQ_REL) != VM_STOPPED)
		vm_stopped(vm, why);
}

/*
 * The caller has moved vm to VM_RESTARTING. It runs on some hart, maybe in
 * the exit handler of one of this guest's own vCPUs: that vCPU leaves its run
 * loop when the caller returns, so only vCPUs on other harts are waited for.
 * Meanwhile this hart keeps doing what its own vCPU is asked, so two harts
 * waiting on each other cannot deadlock.
 */
static void vm_reload(struct vm *vm)
{
	struct vcpu *mine = sched_current();

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
	passthrough_suspend(vm);
	if (vm_load(vm)) {
		vm_stopped(vm, "its reload failed"); /* vm_load marked it stopped */
		return;
	}
	/* A stop that came meanwhile (the monitor's halt) wins: the guest stays stopped. */
	if (!vm_state_move(vm, VM_RESTARTING, VM_RUNNING)) {
		__atomic_store_n(&vm->vcpus[0].state, VCPU_STOPPED, __ATOMIC_RELEASE);
		return;
	}
	passthrough_resume(vm);
	vm->booted_at = arch_time_now();
	sched_wake(&vm->vcpus[0]);
}

void vm_reboot(struct vm *vm)
{
	enum vm_state was = __atomic_load_n(&vm->state, __ATOMIC_ACQUIRE);

	do {
		if (was == VM_RESTARTING)
			return;
	} while (!__atomic_compare_exchange_n(&vm->state, &was, VM_RESTARTING, false,
					      __ATOMIC_ACQ_REL, __ATOMIC_ACQUIRE));
	console_log("guest %s: rebooting", vm->config->name);
	vm_reload(vm);
}

/* Whether the guest reboots itself within ERG_REBOOT_QUICK_MS of its boot, once more in a row. */
static bool vm_reboot_is_quick(struct vm *vm)
{
	uint64_t quick = vm->platform->timebase_hz / 1000 * ERG_REBOOT_QUICK_MS;

	if (arch_time_now() - vm->booted_at >= quick)
		vm->quick_reboots = 0;
	return ++vm->quick_reboots > ERG_REBOOT_LOOP_MAX;
}

void vm_reboot_by_guest(struct vm *vm)
{
	if (!vm_reboot_is_quick(vm)) {
		vm_reboot(vm);
		return;
	}
	if (vm_state_move(vm, VM_RUNNING, VM_STOPPED)) {
		console_log("guest %s stopped: reboot loop (asked for reboot %u in a row, each "
			    "within %u ms of its boot)",
			    vm->config->name, vm->quick_reboots, ERG_REBOOT_QUICK_MS);
		vm_halt(vm);
	}
}

/* How much of why fits in "guest NAME crashed: WHY; OUTCOME" so that the outcome is never cut. */
static int vm_crash_room(const struct vm *vm, const char *outcome)
{
	size_t fixed = strlen("guest  crashed: ; ") + strlen(vm->config->name) + strlen(outcome);

	return fixed < CONSOLE_LINE_MAX - 1 ? (int)(CONSOLE_LINE_MAX - 1 - fixed) : 0;
}

static void vm_crash_log(const struct vm *vm, const char *why, const char *outcome)
{
	console_log("guest %s crashed: %.*s; %s", vm->config->name, vm_crash_room(vm, outcome), why,
		    outcome);
}

void vm_crash(struct vm *vm, const char *why)
{
	const struct config_guest *c = vm->config;
	char outcome[64];

	if (c->on_crash == CONFIG_CRASH_HALT) {
		if (vm_state_move(vm, VM_RUNNING, VM_STOPPED))
			vm_stopped(vm, why);
		return;
	}
	if (!vm_state_move(vm, VM_RUNNING, VM_RESTARTING))
		return;
	/* Claimed: no other crash or reboot of this guest acts until it runs again. */
	if (vm->restarts >= c->max_restarts) {
		if (!vm_state_move(vm, VM_RESTARTING, VM_STOPPED))
			return;
		snprintf(outcome, sizeof(outcome), "halted (%u restart%s used)", vm->restarts,
			 vm->restarts == 1 ? "" : "s");
		vm_crash_log(vm, why, outcome);
		console_log("guest %s: restart budget spent (%u of %u restarts used)", c->name,
			    vm->restarts, c->max_restarts);
		vm_halt(vm);
		return;
	}
	__atomic_store_n(&vm->restarts, vm->restarts + 1, __ATOMIC_RELAXED);
	snprintf(outcome, sizeof(outcome), "restarting (restart %u of %u)", vm->restarts,
		 c->max_restarts);
	vm_crash_log(vm, why, outcome);
	vm_reload(vm);
}
