/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * vCPU timers: the Sstc path and the emulated one.
 */
#include "vcpu/vcpu_timer.h"

#include "ports/arch_hooks.h"
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
