/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * SBI SUSP, system suspend, for a guest: "the system" is the guest itself.
 * Suspend to RAM is granted once every other vCPU of the guest is stopped,
 * as the specification asks; the caller then waits as a non-retentive HSM
 * suspend does (vcpu_suspend) until an interrupt it enabled is pending (its
 * timer, a device, an IPI) and comes back at resume_addr with a0 its hart
 * id and a1 opaque, its interrupts and paging off. The rest of the machine
 * runs on. sleep_type is a 32-bit parameter; reserved types and
 * platform-specific ones (Erg offers none) are SBI_ERR_INVALID_PARAM.
 */
#include "sbi/sbi.h"

#define SBI_SUSP_SUSPEND 0
#define SBI_SUSP_TO_RAM	 0

static bool sbi_susp_others_stopped(const struct vcpu *v)
{
	for (unsigned i = 0; i < v->vm->vcpu_count; i++) {
		const struct vcpu *other = &v->vm->vcpus[i];

		if (other != v && __atomic_load_n(&other->state, __ATOMIC_ACQUIRE) != VCPU_STOPPED)
			return false;
	}
	return true;
}

static struct sbi_result sbi_susp_handler(struct vcpu *v, const struct sbi_call *call)
{
	unsigned long addr = call->args[1];

	if (call->fid != SBI_SUSP_SUSPEND)
		return (struct sbi_result){SBI_ERR_NOT_SUPPORTED, 0};
	if ((uint32_t)call->args[0] != SBI_SUSP_TO_RAM)
		return (struct sbi_result){SBI_ERR_INVALID_PARAM, 0};
	if (!sbi_susp_others_stopped(v))
		return (struct sbi_result){SBI_ERR_DENIED, 0};
	if (!vm_gpa_in_ram(v->vm, addr, SBI_ENTRY_BYTES))
		return (struct sbi_result){SBI_ERR_INVALID_ADDRESS, 0};
	vcpu_suspend(v, false, addr, call->args[2]);
	return (struct sbi_result){SBI_SUCCESS, 0};
}

/* Slow path only: the resume restarts the caller, every register rewritten. */
const struct sbi_extension sbi_ext_susp = {
    .name = "susp",
    .eid_first = SBI_EXT_SUSP,
    .eid_last = SBI_EXT_SUSP,
    .handler = sbi_susp_handler,
};
