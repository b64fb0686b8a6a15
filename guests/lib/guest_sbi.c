/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The ecall wrapper and one named function per SBI call a test guest uses.
 * Arguments go in a0..a2, the function id in a6, the extension id in a7; the
 * callee returns the error in a0 and the value in a1.
 */
#include "guest_sbi.h"

struct sbiret sbi_ecall(unsigned long ext, unsigned long fid, unsigned long a0, unsigned long a1,
			unsigned long a2)
{
	register unsigned long r_a0 asm("a0") = a0;
	register unsigned long r_a1 asm("a1") = a1;
	register unsigned long r_a2 asm("a2") = a2;
	register unsigned long r_a6 asm("a6") = fid;
	register unsigned long r_a7 asm("a7") = ext;

	asm volatile("ecall" : "+r"(r_a0), "+r"(r_a1) : "r"(r_a2), "r"(r_a6), "r"(r_a7) : "memory");
	return (struct sbiret){.error = (long)r_a0, .value = (long)r_a1};
}

struct sbiret sbi_ecall6(unsigned long ext, unsigned long fid, const unsigned long args[6])
{
	register unsigned long r_a0 asm("a0") = args[0];
	register unsigned long r_a1 asm("a1") = args[1];
	register unsigned long r_a2 asm("a2") = args[2];
	register unsigned long r_a3 asm("a3") = args[3];
	register unsigned long r_a4 asm("a4") = args[4];
	register unsigned long r_a5 asm("a5") = args[5];
	register unsigned long r_a6 asm("a6") = fid;
	register unsigned long r_a7 asm("a7") = ext;

	asm volatile("ecall"
		     : "+r"(r_a0), "+r"(r_a1)
		     : "r"(r_a2), "r"(r_a3), "r"(r_a4), "r"(r_a5), "r"(r_a6), "r"(r_a7)
		     : "memory");
	return (struct sbiret){.error = (long)r_a0, .value = (long)r_a1};
}

void sbi_console_putchar(char c)
{
	sbi_ecall(SBI_EXT_LEGACY_PUTCHAR, 0, (unsigned char)c, 0, 0);
}

long sbi_debug_console_write(const void *buf, unsigned long len)
{
	/* RAM is identity-mapped with the MMU off, so the pointer is the address. */
	return sbi_ecall(SBI_EXT_DBCN, SBI_DBCN_WRITE, len, (unsigned long)buf, 0).error;
}

long sbi_debug_console_write_byte(uint8_t byte)
{
	return sbi_ecall(SBI_EXT_DBCN, SBI_DBCN_WRITE_BYTE, byte, 0, 0).error;
}

static long sbi_value_or_error(struct sbiret ret)
{
	return ret.error ? ret.error : ret.value;
}

long sbi_get_spec_version(void)
{
	return sbi_value_or_error(sbi_ecall(SBI_EXT_BASE, SBI_BASE_GET_SPEC_VERSION, 0, 0, 0));
}

long sbi_probe_extension(unsigned long ext)
{
	return sbi_ecall(SBI_EXT_BASE, SBI_BASE_PROBE_EXTENSION, ext, 0, 0).value;
}

long sbi_set_timer(uint64_t deadline)
{
	return sbi_ecall(SBI_EXT_TIME, 0, deadline, 0, 0).error;
}

long sbi_send_ipi(unsigned long hart_mask, unsigned long hart_mask_base)
{
	return sbi_ecall(SBI_EXT_IPI, 0, hart_mask, hart_mask_base, 0).error;
}

long sbi_remote_fence_i(unsigned long hart_mask, unsigned long hart_mask_base)
{
	return sbi_ecall(SBI_EXT_RFENCE, SBI_RFENCE_FENCE_I, hart_mask, hart_mask_base, 0).error;
}

long sbi_remote_sfence_vma(unsigned long hart_mask, unsigned long hart_mask_base,
			   unsigned long start, unsigned long size)
{
	const unsigned long args[6] = {hart_mask, hart_mask_base, start, size};

	return sbi_ecall6(SBI_EXT_RFENCE, SBI_RFENCE_SFENCE_VMA, args).error;
}

long sbi_remote_sfence_vma_asid(unsigned long hart_mask, unsigned long hart_mask_base,
				unsigned long start, unsigned long size, unsigned long asid)
{
	const unsigned long args[6] = {hart_mask, hart_mask_base, start, size, asid};

	return sbi_ecall6(SBI_EXT_RFENCE, SBI_RFENCE_SFENCE_VMA_ASID, args).error;
}

long sbi_hart_start(unsigned long hartid, unsigned long start_addr, unsigned long opaque)
{
	return sbi_ecall(SBI_EXT_HSM, SBI_HSM_HART_START, hartid, start_addr, opaque).error;
}

long sbi_hart_stop(void)
{
	return sbi_ecall(SBI_EXT_HSM, SBI_HSM_HART_STOP, 0, 0, 0).error;
}

long sbi_hart_get_status(unsigned long hartid)
{
	return sbi_value_or_error(sbi_ecall(SBI_EXT_HSM, SBI_HSM_HART_GET_STATUS, hartid, 0, 0));
}

long sbi_hart_suspend(unsigned long type, unsigned long resume_addr, unsigned long opaque)
{
	return sbi_ecall(SBI_EXT_HSM, SBI_HSM_HART_SUSPEND, type, resume_addr, opaque).error;
}

long sbi_system_reset(unsigned long type, unsigned long reason)
{
	return sbi_ecall(SBI_EXT_SRST, 0, type, reason, 0).error;
}
