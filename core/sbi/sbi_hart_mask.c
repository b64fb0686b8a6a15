/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * SBI hart masks name a guest's own vCPUs: bit i of hart_mask is vCPU
 * hart_mask_base + i, and a base of -1 means every vCPU. A mask that names a
 * vCPU the guest does not have is refused whole.
 */
#include "sbi/sbi.h"

#define SBI_HART_MASK_ALL (~0UL)

long sbi_hart_mask_resolve(const struct vm *vm, unsigned long mask, unsigned long base,
			   uint64_t *vcpus)
{
	*vcpus = 0;
	if (base == SBI_HART_MASK_ALL) {
		*vcpus = vm->vcpu_count >= 64 ? ~0ULL : (1ULL << vm->vcpu_count) - 1;
		return SBI_SUCCESS;
	}
	if (!mask)
		return SBI_SUCCESS;
	/* Some bit names vCPU vcpu_count or beyond: the base past the end, or a bit past it. */
	if (base >= vm->vcpu_count ||
	    (vm->vcpu_count - base < 64 && mask >> (vm->vcpu_count - base)))
		return SBI_ERR_INVALID_PARAM;
	*vcpus = (uint64_t)mask << base;
	return SBI_SUCCESS;
}

bool sbi_request_vcpus(struct vcpu *self, uint64_t vcpus, unsigned requests)
{
	/* Up to the highest vCPU named: without Zbb a bit search costs more than this loop. */
	for (unsigned id = 0; vcpus && id < self->vm->vcpu_count; id++, vcpus >>= 1)
		if ((vcpus & 1) && !vcpu_request(self, &self->vm->vcpus[id], requests))
			return false;
	return true;
}
