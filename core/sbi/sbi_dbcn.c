/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * SBI DBCN (debug console) extension. Buffers are guest-physical and must
 * lie wholly inside the guest's RAM, else SBI_ERR_INVALID_PARAM as the SBI
 * specification asks of this extension. One call moves at most
 * ERG_SBI_DBCN_MAX_BYTES and returns how many it moved, as the specification
 * allows: a guest writing a huge buffer gets a short count and calls again,
 * so no call holds its hart for long, and fewer still while the guest's
 * console output waits for the wire. Output joins the guest's console lines;
 * reads take what console input is waiting for the guest.
 */
#include "lib/erg_bounds.h"
#include "sbi/sbi.h"
#include "vm/vm_console.h"

enum { SBI_DBCN_WRITE, SBI_DBCN_READ, SBI_DBCN_WRITE_BYTE };

/* The part of a buffer of len bytes one call handles. */
static unsigned long sbi_dbcn_chunk(unsigned long len)
{
	return len < ERG_SBI_DBCN_MAX_BYTES ? len : ERG_SBI_DBCN_MAX_BYTES;
}

/*
 * In *buf, the first sbi_dbcn_chunk(num_bytes) bytes of the guest buffer
 * (num_bytes, base_lo, base_hi) in host memory. The whole buffer is checked
 * against RAM (SBI_ERR_INVALID_PARAM), but only the part used is made ready:
 * touching all of a huge buffer would be unbounded work; RAM Erg cannot map
 * is SBI_ERR_FAILED. An empty buffer is never touched, so any base will do.
 */
static long sbi_dbcn_buffer(struct vcpu *v, const struct sbi_call *call, char **buf)
{
	static char sbi_dbcn_empty;
	unsigned long len = call->args[0], base = call->args[1];

	*buf = &sbi_dbcn_empty;
	if (call->args[2] != 0) /* base_hi: RV64 addresses fit base_lo */
		return SBI_ERR_INVALID_PARAM;
	if (!len)
		return SBI_SUCCESS;
	if (!vm_gpa_in_ram(v->vm, base, len))
		return SBI_ERR_INVALID_PARAM;
	*buf = (char *)(uintptr_t)vm_gpa_to_hpa(v->vm, base, sbi_dbcn_chunk(len));
	return *buf ? SBI_SUCCESS : SBI_ERR_FAILED;
}

static struct sbi_result sbi_dbcn_write(struct vcpu *v, const struct sbi_call *call)
{
	unsigned long n = sbi_dbcn_chunk(call->args[0]), done = 0;
	char *buf;
	long err = sbi_dbcn_buffer(v, call, &buf);

	if (err != SBI_SUCCESS)
		return (struct sbi_result){err, 0};
	while (done < n && vm_console_try_putc(v->vm, buf[done]))
		done++;
	return (struct sbi_result){SBI_SUCCESS, done};
}

static struct sbi_result sbi_dbcn_read(struct vcpu *v, const struct sbi_call *call)
{
	unsigned long n = 0, max = sbi_dbcn_chunk(call->args[0]);
	char *buf;
	long err = sbi_dbcn_buffer(v, call, &buf);
	int c;

	if (err != SBI_SUCCESS)
		return (struct sbi_result){err, 0};
	while (n < max && (c = vm_console_getc(v->vm)) >= 0)
		buf[n++] = (char)c;
	return (struct sbi_result){SBI_SUCCESS, n};
}

static struct sbi_result sbi_dbcn_handler(struct vcpu *v, const struct sbi_call *call)
{
	switch (call->fid) {
	case SBI_DBCN_WRITE:
		return sbi_dbcn_write(v, call);
	case SBI_DBCN_READ:
		return sbi_dbcn_read(v, call);
	case SBI_DBCN_WRITE_BYTE:
		vm_console_putc(v->vm, (char)call->args[0]);
		return (struct sbi_result){SBI_SUCCESS, 0};
	default:
		return (struct sbi_result){SBI_ERR_NOT_SUPPORTED, 0};
	}
}

const struct sbi_extension sbi_ext_dbcn = {
    .name = "dbcn",
    .eid_first = SBI_EXT_DBCN,
    .eid_last = SBI_EXT_DBCN,
    .fast = true,
    .handler = sbi_dbcn_handler,
};
