/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * vCPU timers: the Sstc path and the emulated one.
 */
#include "vcpu/vcpu_timer.h"

#include "ports/arch_hooks.h"
#include "sched/sched_hart.h"
#include "sched/tick.h"
#include "vm/guests.h"

void vcpu_timer_set(struct vcpu *v, uint64_t deadline)
{
	v->timer_deadline = deadline;
	if (guests_sstc()) {
		vcpu_arch_set_timer(&v->arch, deadline);
		return;
	}
	vcpu_arch_timer_pending(&v->arch, arch_time_now() >= deadline);
	/* The guest's own vCPU, on its hart: the hart's timer must fire by the new deadline. */
	tick_rearm_by(deadline);
}

void vcpu_timer_raise_due(struct vcpu *v)
{
	if (arch_time_now() >= v->timer_deadline) {
		vcpu_arch_timer_pending(&v->arch, true);
		v->timer_deadline = UINT64_MAX; /* raised; the guest's next set_timer lowers it */
	}
}

/*
 * Alone on a hart that keeps no tick, a vCPU's deadline is the only one its
 * hart's timer serves, and its time slice never ends: so the interrupt need
 * only raise the guest's and switch the timer off, where tick_handle would
 * look at every deadline on the hart to find none. The guest goes straight
 * back in: the lane changes nothing its run loop looks at, and another hart
 * that does (a request, a stop) kicks this one, which traps again at once.
 */
enum vcpu_fast vcpu_fast_timer(struct vcpu_arch *a)
{
	struct vcpu *v = (struct vcpu *)a; /* arch is its first member */

	if (guests_sstc() || !sched_hart_alone(v) || tick_needed_here() ||
	    arch_time_now() < v->timer_deadline)
		return VCPU_FAST_DECLINE;
	v->exits[VCPU_EXIT_IRQ_TIMER]++;
	vcpu_arch_timer_pending(a, true);
	v->timer_deadline = UINT64_MAX;
	tick_disarm();
	return VCPU_FAST_RESUME;
}
