/*
 * SBI dispatch: find the extension by EID in one table, call it, put the
 * result in the guest's a0/a1 and move its pc past the ecall.
 */
#include "sbi.h"

#define SBI_ECALL_BYTES 4
#define SBI_REG_A0	10

static const struct sbi_extension *const sbi_extensions[] = {
    &sbi_ext_base, &sbi_ext_legacy, &sbi_ext_time, &sbi_ext_hsm,
    &sbi_ext_srst, &sbi_ext_dbcn,   &sbi_ext_ipi,  &sbi_ext_rfence,
};

const struct sbi_extension *sbi_find(unsigned long eid)
{
	for (size_t i = 0; i < ARRAY_SIZE(sbi_extensions); i++)
		if (eid >= sbi_extensions[i]->eid_min && eid <= sbi_extensions[i]->eid_max)
			return sbi_extensions[i];
	return NULL;
}

static struct sbi_call sbi_read_call(const struct vcpu *v)
{
	struct sbi_call call;

	for (unsigned i = 0; i < 6; i++)
		call.args[i] = vcpu_arch_reg(&v->arch, SBI_REG_A0 + i);
	call.fid = vcpu_arch_reg(&v->arch, SBI_REG_A0 + 6);
	call.eid = vcpu_arch_reg(&v->arch, SBI_REG_A0 + 7);
	return call;
}

void sbi_handle(struct vcpu *v)
{
	struct sbi_call call = sbi_read_call(v);
	const struct sbi_extension *ext = sbi_find(call.eid);
	struct sbi_result res = {SBI_ERR_NOT_SUPPORTED, 0};

	/* Step first: a handler may restart the vCPU at a new pc (HSM, reset). */
	vcpu_arch_skip_insn(&v->arch, SBI_ECALL_BYTES);
	v->restarted = false;
	if (ext)
		res = ext->handler(v, &call);
	if (v->restarted)
		return; /* it starts afresh: a0 and a1 are its hart id and opaque */
	if (ext && ext->legacy) {
		vcpu_arch_set_reg(&v->arch, SBI_REG_A0, (unsigned long)res.error);
		return;
	}
	if (res.error > 0 || res.error < SBI_ERR_ALREADY_STOPPED)
		res.error = SBI_ERR_FAILED;
	vcpu_arch_set_reg(&v->arch, SBI_REG_A0, (unsigned long)res.error);
	vcpu_arch_set_reg(&v->arch, SBI_REG_A0 + 1, res.value);
}
