/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Requests between vCPUs: IPIs and remote fences, and virtio work a notify
 * deferred (core/vm/vm_virtio.c). The asker sets bits in the
 * target and, when the target runs on another hart, kicks that hart, whose
 * run loop does the work before it re-enters the guest. Fences are synchronous, as SBI callers
 * expect: the asker waits for a target that is on its hart to clear its bits, doing its own pending
 * requests meanwhile so two vCPUs fencing each other cannot deadlock; a target off its hart does
 * the work before it next runs.
 */
#include "lib/hart.h"
#include "ports/arch_hooks.h"
#include "sched/sched_hart.h"
#include "vcpu/vcpu_timer.h"
#include "vm/vm.h"

#define VCPU_REQ_FENCES (VCPU_REQ_FENCE_I | VCPU_REQ_FLUSH_VVMA)

/*
 * Virtio work a notify deferred. It may defer again (the bit set anew, and
 * this hart kicked: vm_virtio_defer), and a used entry it gives back may
 * raise the guest's interrupt, asking v itself for EXT_IRQ. Nobody kicks a
 * hart for the vCPU it runs, so that request is taken here, for this round:
 * left for later, a guest waiting in WFI untrapped would never see it.
 */
static unsigned vcpu_do_virtio(struct vcpu *v)
{
	vm_virtio_resume(v->vm);
	return __atomic_fetch_and(&v->requests, ~(unsigned)VCPU_REQ_EXT_IRQ, __ATOMIC_SEQ_CST) &
	       VCPU_REQ_EXT_IRQ;
}

void vcpu_do_requests(struct vcpu *v)
{
	unsigned req;

	/*
	 * Busy before the bits are taken, and the bits taken before the work:
	 * a request made while the work runs stays set for the next round
	 * (never cleared unseen), and a fence asker that finds its bit gone
	 * waits on busy until the work is done.
	 */
	__atomic_store_n(&v->requests_busy, 1u, __ATOMIC_SEQ_CST);
	req = __atomic_exchange_n(&v->requests, 0u, __ATOMIC_SEQ_CST);
	if (req & VCPU_REQ_VIRTIO)
		req |= vcpu_do_virtio(v);
	if (req & VCPU_REQ_SOFT_IRQ)
		vcpu_arch_soft_irq(&v->arch);
	if (req & VCPU_REQ_FENCE_I)
		vcpu_arch_fence_i();
	if (req & VCPU_REQ_FLUSH_VVMA)
		vcpu_arch_flush_vvma();
	if (req & VCPU_REQ_EXT_IRQ)
		vcpu_arch_external_irq(&v->arch, vm_external_irq_pending(v->vm, v->id));
	__atomic_store_n(&v->requests_busy, 0u, __ATOMIC_RELEASE);
}

/*
 * Requests coalesce: one already pending was announced by whoever set it
 * first, so a guest looping on IPIs or fences costs its target's hart at
 * most one kick per round of work, not one per call. A kick goes only to a
 * hart that runs the target now (a queued target does its requests before
 * it next enters) or, through sched_wake, to one that must preempt for it.
 * The request is written before blocked and on_hart are read, and the
 * target writes those before it reads its requests (sched_block,
 * vcpu_run_slice), so one of the two always sees the other.
 */
void vcpu_request_async(struct vcpu *target, unsigned requests)
{
	unsigned before = __atomic_fetch_or(&target->requests, requests, __ATOMIC_SEQ_CST);

	if ((before & requests) == requests)
		return;
	if (__atomic_load_n(&target->blocked, __ATOMIC_SEQ_CST))
		sched_wake(target);
	else if (target->hart != hart_self() && __atomic_load_n(&target->on_hart, __ATOMIC_SEQ_CST))
		arch_hart_kick(target->hart);
}

/* Whether target still owes a fence it was asked for. */
static bool vcpu_fence_owed(const struct vcpu *target)
{
	return (__atomic_load_n(&target->requests, __ATOMIC_SEQ_CST) & VCPU_REQ_FENCES) ||
	       __atomic_load_n(&target->requests_busy, __ATOMIC_SEQ_CST);
}

/*
 * Erg's own interrupts that come while the asker waits (its tick, a
 * device) are served here, as the timer and external exits would serve
 * them, and the wait goes on: a wait that ended on every tick would start
 * the whole fence again after each retry, and on a slow host a fence to
 * three targets could then never finish. Kicks are left pending: the wait
 * does its own requests anyway.
 */
static void vcpu_wait_serve_irqs(struct vcpu *self)
{
	if (!arch_irq_waiting())
		return;
	vcpu_timer_check(self); /* the guest's own deadline first, as a timer exit does */
	arch_irq_serve();
}

bool vcpu_request(struct vcpu *self, struct vcpu *target, unsigned requests)
{
	if (target == self) {
		__atomic_or_fetch(&self->requests, requests, __ATOMIC_ACQ_REL);
		vcpu_process_requests(self);
		return true;
	}
	vcpu_request_async(target, requests);
	if (!(requests & VCPU_REQ_FENCES))
		return true;
	/*
	 * A target off its hart does its requests before it runs again: no need
	 * to wait. The wait is bounded by the target's longest exit, but that is
	 * another hart's time: this hart leaves it as soon as its scheduler wants
	 * it for another vCPU (a slice's end, a wake-up its tick just made).
	 */
	while (__atomic_load_n(&target->on_hart, __ATOMIC_SEQ_CST) && vcpu_fence_owed(target)) {
		vcpu_wait_serve_irqs(self);
		if (sched_should_yield(self))
			return false;
		vcpu_process_requests(self);
	}
	return true;
}
