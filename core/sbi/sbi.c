/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * SBI dispatch: find the extension by EID in the one table, call it with
 * the guest's a0-a7 read in place, put the result in its a0/a1 and move its
 * pc past the ecall.
 */
#include "sbi/sbi.h"

#define SBI_ECALL_BYTES 4
#define SBI_REG_A0	10

/*
 * The one table of extensions, indexed by a hash of the extension id, so
 * that finding any extension costs the same few instructions: this is on
 * every SBI call's path. Two ids that hash alike would initialize one slot
 * twice, which -Wextra refuses at build time; the hash keeps apart every
 * id of SBI 2.0, those Erg does not offer yet included. The legacy
 * extension, a range of ids below them all, is what a miss falls back to.
 */
#define SBI_SLOTS     32
#define SBI_SLOT(eid) ((((eid) >> 5) ^ (eid)) & (SBI_SLOTS - 1))

static const struct sbi_extension *const sbi_extensions[SBI_SLOTS] = {
    [SBI_SLOT(SBI_EXT_BASE)] = &sbi_ext_base, [SBI_SLOT(SBI_EXT_TIME)] = &sbi_ext_time,
    [SBI_SLOT(SBI_EXT_IPI)] = &sbi_ext_ipi,   [SBI_SLOT(SBI_EXT_RFENCE)] = &sbi_ext_rfence,
    [SBI_SLOT(SBI_EXT_HSM)] = &sbi_ext_hsm,   [SBI_SLOT(SBI_EXT_SRST)] = &sbi_ext_srst,
    [SBI_SLOT(SBI_EXT_DBCN)] = &sbi_ext_dbcn, [SBI_SLOT(SBI_EXT_SUSP)] = &sbi_ext_susp,
    [SBI_SLOT(SBI_EXT_STA)] = &sbi_ext_sta,   [SBI_SLOT(SBI_EXT_FWFT)] = &sbi_ext_fwft,
};

const struct sbi_extension *sbi_find(unsigned long eid)
{
	const struct sbi_extension *ext = sbi_extensions[SBI_SLOT(eid)];

	if (ext && eid >= ext->eid_first && eid <= ext->eid_last)
		return ext;
	return eid <= SBI_EXT_LEGACY_LAST ? &sbi_ext_legacy : NULL;
}

static const struct sbi_call *sbi_call_of(const struct vcpu *v)
{
	_Static_assert(sizeof(struct sbi_call) == 8 * sizeof(unsigned long), "a0-a7, nothing else");
	return (const struct sbi_call *)vcpu_arch_args(&v->arch);
}

static void sbi_dispatch(struct vcpu *v, const struct sbi_call *call,
			 const struct sbi_extension *ext)
{
	struct sbi_result res = {SBI_ERR_NOT_SUPPORTED, 0};

	/* Step first: a handler may restart the vCPU at a new pc (HSM, reset). */
	vcpu_arch_skip_insn(&v->arch, SBI_ECALL_BYTES);
	v->restarted = false;
	if (ext)
		res = ext->handler(v, call);
	if (v->restarted)
		return; /* it starts afresh: a0 and a1 are its hart id and opaque */
	if (res.error == SBI_RETRY) {
		vcpu_arch_rewind_insn(&v->arch, SBI_ECALL_BYTES);
		return;
	}
	if (ext && ext->legacy) {
		vcpu_arch_set_reg(&v->arch, SBI_REG_A0, (unsigned long)res.error);
		return;
	}
	if (res.error > 0 || res.error < SBI_ERR_ALREADY_STOPPED)
		res.error = SBI_ERR_FAILED;
	vcpu_arch_set_reg(&v->arch, SBI_REG_A0, (unsigned long)res.error);
	vcpu_arch_set_reg(&v->arch, SBI_REG_A0 + 1, res.value);
}

bool sbi_handle(struct vcpu *v, const struct vcpu_exit *exit, enum vcpu_lane lane)
{
	const struct sbi_call *call = sbi_call_of(v);
	const struct sbi_extension *ext = sbi_find(call->eid);

	(void)exit;
	if (lane == VCPU_LANE_FAST && ext && !ext->fast)
		return false;
	sbi_dispatch(v, call, ext);
	return true;
}
