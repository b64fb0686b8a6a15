/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * SBI RFENCE extension for the fences a guest without H can ask for:
 * remote fence.i and remote sfence.vma (with or without ASID). Erg flushes a
 * target's whole guest-virtual translation cache, which covers any range or
 * ASID; the range is still checked. The hypervisor fences (fids 3-6) are for
 * guests that run guests, which Erg's do not.
 */
#include "sbi/sbi.h"

enum { SBI_RFENCE_FENCE_I, SBI_RFENCE_SFENCE_VMA, SBI_RFENCE_SFENCE_VMA_ASID };

static struct sbi_result sbi_rfence_handler(struct vcpu *v, const struct sbi_call *call)
{
	unsigned long start = call->args[2], size = call->args[3];
	unsigned requests = VCPU_REQ_FLUSH_VVMA;
	uint64_t vcpus;
	long err;

	switch (call->fid) {
	case SBI_RFENCE_FENCE_I:
		requests = VCPU_REQ_FENCE_I;
		break;
	case SBI_RFENCE_SFENCE_VMA:
	case SBI_RFENCE_SFENCE_VMA_ASID:
		/* size ~0 means "everything"; any other range must not wrap. */
		if (size != ~0UL && start + size < start)
			return (struct sbi_result){SBI_ERR_INVALID_ADDRESS, 0};
		break;
	default:
		return (struct sbi_result){SBI_ERR_NOT_SUPPORTED, 0};
	}
	err = sbi_hart_mask_resolve(v->vm, call->args[0], call->args[1], &vcpus);
	/* Fences still owed when the hart was wanted elsewhere: asked again when the guest is back.
	 */
	if (err == SBI_SUCCESS && !sbi_request_vcpus(v, vcpus, requests))
		err = SBI_RETRY;
	return (struct sbi_result){err, 0};
}

const struct sbi_extension sbi_ext_rfence = {
    .name = "rfence",
    .eid_first = SBI_EXT_RFENCE,
    .eid_last = SBI_EXT_RFENCE,
    .fast = true,
    .handler = sbi_rfence_handler,
};
