/*
 * Requests between vCPUs: IPIs and remote fences, and virtio work a notify
 * deferred (core/vm_virtio.c). The asker sets bits in the
 * target and kicks the target's hart, whose run loop does the work before it
 * re-enters the guest. Fences are synchronous, as SBI callers expect: the
 * asker waits for a target that is on its hart to clear its bits, doing its
 * own pending requests meanwhile so two vCPUs fencing each other cannot
 * deadlock; a target off its hart does the work before it next runs.
 */
#include "arch_hooks.h"
#include "hart.h"
#include "sched_hart.h"
#include "vm.h"

#define VCPU_REQ_FENCES (VCPU_REQ_FENCE_I | VCPU_REQ_FLUSH_VVMA)

void vcpu_do_requests(struct vcpu *v)
{
	unsigned req = __atomic_load_n(&v->requests, __ATOMIC_ACQUIRE);

	if (!req)
		return;
	if (req & VCPU_REQ_VIRTIO) {
		/*
		 * Cleared before the work, not after: serving a batch may defer
		 * again and set the bit anew, which must then stay set.
		 */
		__atomic_and_fetch(&v->requests, ~(unsigned)VCPU_REQ_VIRTIO, __ATOMIC_ACQ_REL);
		req &= ~(unsigned)VCPU_REQ_VIRTIO;
		vm_virtio_resume(v->vm);
	}
	if (req & VCPU_REQ_SOFT_IRQ)
		vcpu_arch_soft_irq(&v->arch);
	if (req & VCPU_REQ_FENCE_I)
		vcpu_arch_fence_i();
	if (req & VCPU_REQ_FLUSH_VVMA)
		vcpu_arch_flush_vvma();
	if (req & VCPU_REQ_EXT_IRQ)
		vcpu_arch_external_irq(&v->arch, vm_external_irq_pending(v->vm, v->id));
	/* Clear only after the work, so a waiting asker sees it done. */
	__atomic_and_fetch(&v->requests, ~req, __ATOMIC_RELEASE);
}

void vcpu_request_async(struct vcpu *target, unsigned requests)
{
	__atomic_or_fetch(&target->requests, requests, __ATOMIC_SEQ_CST);
	/*
	 * A running target does it before it next enters the guest; a blocked one
	 * wakes. The request is written before blocked is read (sched_block
	 * does the opposite), so a target blocking meanwhile is not missed.
	 */
	if (__atomic_load_n(&target->blocked, __ATOMIC_SEQ_CST))
		sched_wake(target);
	else if (target->hart != hart_self())
		arch_hart_kick(target->hart);
}

void vcpu_request(struct vcpu *self, struct vcpu *target, unsigned requests)
{
	__atomic_or_fetch(&target->requests, requests, __ATOMIC_ACQ_REL);
	if (target == self) {
		vcpu_process_requests(self);
		return;
	}
	vcpu_request_async(target, requests);
	if (!(requests & VCPU_REQ_FENCES))
		return;
	/* A target off its hart does its requests before it runs again: no need to wait. */
	while (__atomic_load_n(&target->on_hart, __ATOMIC_ACQUIRE) &&
	       (__atomic_load_n(&target->requests, __ATOMIC_ACQUIRE) & VCPU_REQ_FENCES))
		vcpu_process_requests(self);
}
