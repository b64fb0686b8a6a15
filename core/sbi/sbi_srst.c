/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * SBI SRST extension: a guest's shutdown or reboot concerns that guest only;
 * a reboot reloads its images and starts it afresh (a reboot loop is bounded:
 * core/lib/erg_bounds.h). A shutdown for a system
 * failure is a crash: the guest's on-crash policy may restart it instead.
 * reset_type and reset_reason are 32-bit parameters: the upper halves of a0
 * and a1 are no part of them. Reserved values and platform-specific ones
 * (Erg offers none) are SBI_ERR_INVALID_PARAM, as the specification says.
 */
#include "sbi/sbi.h"

#define SBI_SRST_SHUTDOWN	0
#define SBI_SRST_COLD_REBOOT	1
#define SBI_SRST_WARM_REBOOT	2
#define SBI_SRST_REASON_FAILURE 1

static struct sbi_result sbi_srst_handler(struct vcpu *v, const struct sbi_call *call)
{
	uint32_t type = (uint32_t)call->args[0], reason = (uint32_t)call->args[1];

	if (call->fid != 0)
		return (struct sbi_result){SBI_ERR_NOT_SUPPORTED, 0};
	if (type > SBI_SRST_WARM_REBOOT || reason > SBI_SRST_REASON_FAILURE)
		return (struct sbi_result){SBI_ERR_INVALID_PARAM, 0};
	if (type != SBI_SRST_SHUTDOWN)
		vm_reboot_by_guest(v->vm);
	else if (reason == SBI_SRST_REASON_FAILURE)
		vm_crash(v->vm, "shut down (system failure)");
	else
		vm_stop(v->vm, "shut down");
	return (struct sbi_result){SBI_SUCCESS, 0};
}

/* Slow path only: a reboot restarts the caller, every register rewritten. */
const struct sbi_extension sbi_ext_srst = {
    .name = "srst",
    .eid_first = SBI_EXT_SRST,
    .eid_last = SBI_EXT_SRST,
    .handler = sbi_srst_handler,
};
