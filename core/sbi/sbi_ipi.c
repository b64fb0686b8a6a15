/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * SBI IPI extension: a supervisor software interrupt to each vCPU named.
 */
#include "sbi/sbi.h"

static struct sbi_result sbi_ipi_handler(struct vcpu *v, const struct sbi_call *call)
{
	uint64_t vcpus;
	long err;

	if (call->fid != 0)
		return (struct sbi_result){SBI_ERR_NOT_SUPPORTED, 0};
	err = sbi_hart_mask_resolve(v->vm, call->args[0], call->args[1], &vcpus);
	if (err == SBI_SUCCESS)
		sbi_request_vcpus(v, vcpus, VCPU_REQ_SOFT_IRQ);
	return (struct sbi_result){err, 0};
}

const struct sbi_extension sbi_ext_ipi = {
    .name = "ipi",
    .eid_first = SBI_EXT_IPI,
    .eid_last = SBI_EXT_IPI,
    .fast = true,
    .handler = sbi_ipi_handler,
};
