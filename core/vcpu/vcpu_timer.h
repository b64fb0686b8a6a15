/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * A vCPU's own timer. With Sstc the guest's compare register does the work;
 * without it Erg keeps the deadline and raises the guest's timer interrupt
 * from its tick, so the resolution is the tick period.
 */
#ifndef CORE_VCPU_VCPU_TIMER_H
#define CORE_VCPU_VCPU_TIMER_H

#include "vm/guests.h"
#include "vm/vm.h"

void vcpu_timer_set(struct vcpu *v, uint64_t deadline);

/* When v's timer fires next (UINT64_MAX: not set), as last saved or set. */
static inline uint64_t vcpu_timer_deadline(const struct vcpu *v)
{
	return guests_sstc() ? vcpu_arch_timer_deadline(&v->arch) : v->timer_deadline;
}

/*
 * When v, blocked in WFI or an HSM suspend, must wake for its timer: its
 * deadline, but never while the guest keeps its timer interrupt disabled
 * (neither would end for it; an idle kernel leaves a past deadline behind
 * with the interrupt off).
 */
static inline uint64_t vcpu_timer_wake_deadline(const struct vcpu *v)
{
	return vcpu_arch_timer_enabled(&v->arch) ? vcpu_timer_deadline(v) : UINT64_MAX;
}

/* Without Sstc: raise v's timer interrupt if its deadline has passed. */
void vcpu_timer_raise_due(struct vcpu *v);

/* On Erg's tick while v is loaded: raise its timer interrupt when due (with Sstc it raises itself).
 */
static inline void vcpu_timer_check(struct vcpu *v)
{
	if (!guests_sstc())
		vcpu_timer_raise_due(v);
}

#endif
