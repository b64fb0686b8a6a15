/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * SBI FWFT, firmware features, per vCPU. Of the features the specification
 * names, a guest can have none switched on: misaligned accesses are handled
 * below it (Erg's firmware, OpenSBI 1.1, emulates them in M-mode and has no
 * FWFT of its own to give them up), and QEMU's and today's harts have none of landing pads, shadow
 * stacks, double traps, hardware A/D updates or pointer masking for Erg to
 * pass on. So MISALIGNED_EXC_DELEG reads 0, may be set to 0 and locked
 * there (LOCK lasts until the vCPU starts afresh), and the others are
 * SBI_ERR_NOT_SUPPORTED. Feature ids are 32-bit; reserved and
 * platform-specific ones are SBI_ERR_DENIED, as the specification says.
 */
#include "sbi/sbi.h"

#define SBI_FWFT_SET		  0
#define SBI_FWFT_GET		  1
#define SBI_FWFT_MISALIGNED_DELEG 0
#define SBI_FWFT_LAST_DEFINED	  5 /* POINTER_MASKING_PMLEN */
#define SBI_FWFT_FLAG_LOCK	  1UL

static struct sbi_result sbi_fwft_error(long error)
{
	return (struct sbi_result){error, 0};
}

/* The error for a feature other than MISALIGNED_EXC_DELEG. */
static long sbi_fwft_other_error(uint32_t feature)
{
	return feature <= SBI_FWFT_LAST_DEFINED ? SBI_ERR_NOT_SUPPORTED : SBI_ERR_DENIED;
}

static struct sbi_result sbi_fwft_set(struct vcpu *v, uint32_t feature, unsigned long value,
				      unsigned long flags)
{
	if (feature != SBI_FWFT_MISALIGNED_DELEG)
		return sbi_fwft_error(sbi_fwft_other_error(feature));
	if ((flags & ~SBI_FWFT_FLAG_LOCK) || value > 1)
		return sbi_fwft_error(SBI_ERR_INVALID_PARAM);
	if (v->fwft_locked)
		return sbi_fwft_error(SBI_ERR_DENIED);
	if (value)
		return sbi_fwft_error(SBI_ERR_NOT_SUPPORTED);
	v->fwft_locked = flags & SBI_FWFT_FLAG_LOCK;
	return (struct sbi_result){SBI_SUCCESS, 0};
}

static struct sbi_result sbi_fwft_handler(struct vcpu *v, const struct sbi_call *call)
{
	uint32_t feature = (uint32_t)call->args[0];

	switch (call->fid) {
	case SBI_FWFT_SET:
		return sbi_fwft_set(v, feature, call->args[1], call->args[2]);
	case SBI_FWFT_GET:
		if (feature != SBI_FWFT_MISALIGNED_DELEG)
			return sbi_fwft_error(sbi_fwft_other_error(feature));
		return (struct sbi_result){SBI_SUCCESS, 0};
	default:
		return sbi_fwft_error(SBI_ERR_NOT_SUPPORTED);
	}
}

const struct sbi_extension sbi_ext_fwft = {
    .name = "fwft",
    .eid_first = SBI_EXT_FWFT,
    .eid_last = SBI_EXT_FWFT,
    .handler = sbi_fwft_handler,
};
