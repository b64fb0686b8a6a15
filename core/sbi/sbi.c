/*
 * SBI dispatch: find the extension by EID, call it with the guest's a0-a7
 * read in place, put the result in its a0/a1 and move its pc past the ecall.
 */
#include "sbi/sbi.h"

#define SBI_ECALL_BYTES 4
#define SBI_REG_A0	10

/* A switch, not a table walk: this is on every SBI call's path. */
const struct sbi_extension *sbi_find(unsigned long eid)
{
	_Static_assert(SBI_EXT_BASE == SBI_EXT_LEGACY_LAST + 1, "legacy EIDs end just below BASE");
	if (eid <= SBI_EXT_BASE)
		return eid == SBI_EXT_BASE ? &sbi_ext_base : &sbi_ext_legacy;
	switch (eid) {
	case SBI_EXT_TIME:
		return &sbi_ext_time;
	case SBI_EXT_IPI:
		return &sbi_ext_ipi;
	case SBI_EXT_RFENCE:
		return &sbi_ext_rfence;
	case SBI_EXT_HSM:
		return &sbi_ext_hsm;
	case SBI_EXT_SRST:
		return &sbi_ext_srst;
	case SBI_EXT_DBCN:
		return &sbi_ext_dbcn;
	default:
		return NULL;
	}
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

void sbi_handle(struct vcpu *v)
{
	const struct sbi_call *call = sbi_call_of(v);

	sbi_dispatch(v, call, sbi_find(call->eid));
}

bool sbi_handle_fast(struct vcpu *v)
{
	const struct sbi_call *call = sbi_call_of(v);
	const struct sbi_extension *ext = sbi_find(call->eid);

	if (ext == &sbi_ext_hsm || ext == &sbi_ext_srst)
		return false;
	sbi_dispatch(v, call, ext);
	return true;
}
