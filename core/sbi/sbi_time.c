/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * SBI TIME extension: set_timer programs the vCPU's own timer.
 */
#include "sbi/sbi.h"
#include "vcpu/vcpu_timer.h"

static struct sbi_result sbi_time_handler(struct vcpu *v, const struct sbi_call *call)
{
	if (call->fid != 0)
		return (struct sbi_result){SBI_ERR_NOT_SUPPORTED, 0};
	vcpu_timer_set(v, call->args[0]);
	return (struct sbi_result){SBI_SUCCESS, 0};
}

const struct sbi_extension sbi_ext_time = {
    .name = "time",
    .eid_first = SBI_EXT_TIME,
    .eid_last = SBI_EXT_TIME,
    .fast = true,
    .handler = sbi_time_handler,
};
