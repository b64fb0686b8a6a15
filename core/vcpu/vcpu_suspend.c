/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * HSM suspend of a vCPU. A suspended vCPU gives up its hart as it does in
 * WFI (sched_block), so the scheduler gives the hart to others, and stays
 * off it until an interrupt it has enabled is pending: a timer, an IPI or
 * a device wakes it (sched_wake), and its run loop looks before entering the
 * guest. A wake-up without such an interrupt (a fence asked of it) blocks
 * it again; a timer it keeps disabled does not wake it at all
 * (vcpu_timer_wake_deadline). On resume a retentive suspend returns
 * from the call with SBI_SUCCESS (written when the call was made); a
 * non-retentive one starts afresh at its resume address, as hart_start
 * would, keeping the interrupts that are pending.
 *
 * Only the vCPU's own hart moves it into and out of VCPU_SUSPENDED, and by
 * compare-and-swap: a stop or reboot of its guest from another hart, which
 * writes VCPU_STOPPED, is never undone.
 */
#include "ports/arch_hooks.h"
#include "sched/sched_hart.h"
#include "vm/vm.h"

static bool vcpu_state_move(struct vcpu *v, enum vcpu_state from, enum vcpu_state to)
{
	return __atomic_compare_exchange_n(&v->state, &from, to, false, __ATOMIC_ACQ_REL,
					   __ATOMIC_ACQUIRE);
}

void vcpu_suspend(struct vcpu *v, bool retentive, uint64_t addr, uint64_t opaque)
{
	v->suspend = (struct vcpu_suspend){.retentive = retentive, .addr = addr, .opaque = opaque};
	/*
	 * Blocked first, then marked suspended: hart_get_status reports a
	 * suspended vCPU that is not blocked as resuming. One with an interrupt
	 * pending already does not block: nothing would wake it, and its run
	 * loop resumes it at once.
	 */
	if (!vcpu_arch_irq_pending(&v->arch))
		sched_block(v);
	(void)vcpu_state_move(v, VCPU_RUNNING, VCPU_SUSPENDED);
}

bool vcpu_suspend_try_resume(struct vcpu *v)
{
	if (!vcpu_arch_irq_pending(&v->arch)) {
		/* A request that came meanwhile leaves it unblocked: the loop retries. */
		sched_block(v);
		return false;
	}
	if (!v->suspend.retentive)
		vcpu_resume_at(v, v->suspend.addr, v->suspend.opaque);
	return vcpu_state_move(v, VCPU_SUSPENDED, VCPU_RUNNING);
}
