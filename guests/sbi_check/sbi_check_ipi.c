/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * IPI and RFENCE cases on a guest's own harts. The checks run on one hart,
 * so the targets that exist are this hart (alone or as "every hart") and
 * the first hart id past the last cpu node is the one that does not exist.
 * OpenSBI 1.1 ignores mask bits of missing harts and does not check fence
 * ranges, so those refusals are Erg-specific.
 */
#include "guest_irq.h"
#include "sbi_check.h"

#define CHECK_IPI_WAIT_US  10000
#define CHECK_UNKNOWN_FID  7
#define CHECK_PAGE	   4096UL
#define CHECK_ASID	   1
#define CHECK_HFENCE_FIRST 3 /* remote hfence.gvma_vmid ... hfence.vvma: fids 3-6 */
#define CHECK_HFENCE_LAST  6

static unsigned long check_self_mask(void)
{
	return 1UL << check_env.hartid;
}

/* One IPI: the call's result, and whether it came back to this hart. */
static void check_ipi_to_self(const char *sent, const char *taken, unsigned long mask,
			      unsigned long base)
{
	unsigned long seen = check_irqs.soft;

	check_eq(sent, sbi_send_ipi(mask, base), 0);
	check_eq(taken, check_irq_wait(&check_irqs.soft, seen, CHECK_IPI_WAIT_US), 1);
}

void check_ipi(void)
{
	unsigned long missing = check_env.ncpus; /* a hart id with no cpu node */

	if (!check_ext_runs(SBI_EXT_IPI, "ipi.*"))
		return;
	check_ipi_to_self("ipi.self", "ipi.self_taken", check_self_mask(), 0);
	check_ipi_to_self("ipi.all", "ipi.all_taken", 0, SBI_HART_MASK_ALL);
	check_ipi_to_self("ipi.self_by_base", "ipi.self_by_base_taken", 1, check_env.hartid);
	check_eq("ipi.empty_mask", sbi_send_ipi(0, 0), 0);
	check_erg("ipi.missing_hart", sbi_send_ipi(1UL << missing, 0), SBI_ERR_INVALID_PARAM);
	check_erg("ipi.missing_base", sbi_send_ipi(1, missing), SBI_ERR_INVALID_PARAM);
	check_erg("ipi.self_and_missing", sbi_send_ipi(check_self_mask() | 1UL << missing, 0),
		  SBI_ERR_INVALID_PARAM);
	check_eq("ipi.unknown_fid", sbi_ecall(SBI_EXT_IPI, 1, 0, SBI_HART_MASK_ALL, 0).error,
		 SBI_ERR_NOT_SUPPORTED);
}

static long check_sfence(unsigned long fid, unsigned long mask, unsigned long base,
			 unsigned long start, unsigned long size)
{
	return check_call(SBI_EXT_RFENCE, fid, mask, base, start, size, CHECK_ASID).error;
}

static void check_sfence_fid(unsigned long fid, const char *ok, const char *all, const char *wrap,
			     const char *missing)
{
	unsigned long self = check_self_mask(), ram = check_env.ram_base;

	check_eq(ok, check_sfence(fid, self, 0, ram, CHECK_PAGE), 0);
	/* Size all-ones is "flush everything", not a range that wraps. */
	check_eq(all, check_sfence(fid, 0, SBI_HART_MASK_ALL, ram, SBI_FENCE_SIZE_ALL), 0);
	check_erg(wrap, check_sfence(fid, self, 0, -CHECK_PAGE, 2 * CHECK_PAGE),
		  SBI_ERR_INVALID_ADDRESS);
	check_erg(missing, check_sfence(fid, 1UL << check_env.ncpus, 0, ram, CHECK_PAGE),
		  SBI_ERR_INVALID_PARAM);
}

void check_rfence(void)
{
	static const char *const hfence[] = {"rfence.hfence_gvma_vmid", "rfence.hfence_gvma",
					     "rfence.hfence_vvma_asid", "rfence.hfence_vvma"};

	if (!check_ext_runs(SBI_EXT_RFENCE, "rfence.*"))
		return;
	check_eq("rfence.fence_i_self", sbi_remote_fence_i(check_self_mask(), 0), 0);
	check_eq("rfence.fence_i_all", sbi_remote_fence_i(0, SBI_HART_MASK_ALL), 0);
	check_erg("rfence.fence_i_missing_hart", sbi_remote_fence_i(1UL << check_env.ncpus, 0),
		  SBI_ERR_INVALID_PARAM);
	check_sfence_fid(SBI_RFENCE_SFENCE_VMA, "rfence.sfence_vma", "rfence.sfence_vma_all",
			 "rfence.sfence_vma_wraps", "rfence.sfence_vma_missing_hart");
	check_sfence_fid(SBI_RFENCE_SFENCE_VMA_ASID, "rfence.sfence_vma_asid",
			 "rfence.sfence_vma_asid_all", "rfence.sfence_vma_asid_wraps",
			 "rfence.sfence_vma_asid_missing_hart");
	/* Erg's guests run no guests of their own; OpenSBI answers these with H present. */
	for (unsigned long fid = CHECK_HFENCE_FIRST; fid <= CHECK_HFENCE_LAST; fid++)
		check_erg(hfence[fid - CHECK_HFENCE_FIRST],
			  check_sfence(fid, check_self_mask(), 0, 0, SBI_FENCE_SIZE_ALL),
			  SBI_ERR_NOT_SUPPORTED);
	check_eq("rfence.unknown_fid", check_sfence(CHECK_UNKNOWN_FID, check_self_mask(), 0, 0, 0),
		 SBI_ERR_NOT_SUPPORTED);
}
