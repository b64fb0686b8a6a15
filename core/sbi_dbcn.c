/*
 * SBI DBCN (debug console) extension. Buffers are guest-physical and must
 * lie wholly inside the guest's RAM, else SBI_ERR_INVALID_PARAM as the SBI
 * specification asks of this extension; output joins the guest's console lines.
 */
#include "sbi.h"

#define SBI_EXT_DBCN 0x4442434e

enum { SBI_DBCN_WRITE, SBI_DBCN_READ, SBI_DBCN_WRITE_BYTE };

static struct sbi_result sbi_dbcn_write(struct vcpu *v, const struct sbi_call *call)
{
	unsigned long len = call->args[0], base = call->args[1];
	paddr_t hpa;

	if (call->args[2] != 0)
		return (struct sbi_result){SBI_ERR_INVALID_PARAM, 0};
	if (!len)
		return (struct sbi_result){SBI_SUCCESS, 0};
	hpa = vm_gpa_to_hpa(v->vm, base, len);
	if (!hpa)
		return (struct sbi_result){SBI_ERR_INVALID_PARAM, 0};
	for (unsigned long i = 0; i < len; i++)
		vm_console_putc(v->vm, ((const char *)(uintptr_t)hpa)[i]);
	return (struct sbi_result){SBI_SUCCESS, len};
}

static struct sbi_result sbi_dbcn_handler(struct vcpu *v, const struct sbi_call *call)
{
	switch (call->fid) {
	case SBI_DBCN_WRITE:
		return sbi_dbcn_write(v, call);
	case SBI_DBCN_READ:
		/* The buffer is still checked; no console input reaches guests yet. */
		if (call->args[2] != 0)
			return (struct sbi_result){SBI_ERR_INVALID_PARAM, 0};
		if (call->args[0] && !vm_gpa_to_hpa(v->vm, call->args[1], call->args[0]))
			return (struct sbi_result){SBI_ERR_INVALID_PARAM, 0};
		return (struct sbi_result){SBI_SUCCESS, 0};
	case SBI_DBCN_WRITE_BYTE:
		vm_console_putc(v->vm, (char)call->args[0]);
		return (struct sbi_result){SBI_SUCCESS, 0};
	default:
		return (struct sbi_result){SBI_ERR_NOT_SUPPORTED, 0};
	}
}

const struct sbi_extension sbi_ext_dbcn = {"dbcn", SBI_EXT_DBCN, SBI_EXT_DBCN, false,
					   sbi_dbcn_handler};
