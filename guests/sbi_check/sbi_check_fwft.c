/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * FWFT cases: MISALIGNED_EXC_DELEG reads 0, is set to 0 and locked there;
 * switching it on, the other named features, reserved ids and bad values
 * and flags are refused as the specification says. The lock lasts for this
 * vCPU until it starts afresh, which no later case needs.
 */
#include "sbi_check.h"

#define CHECK_FWFT_SET	    0
#define CHECK_FWFT_GET	    1
#define CHECK_FWFT_MISALIGN 0
#define CHECK_FWFT_SHADOW   2
#define CHECK_FWFT_RESERVED 6
#define CHECK_FWFT_PLATFORM 0x40000000UL
#define CHECK_FWFT_LOCK	    1UL
#define CHECK_FWFT_BAD_FLAG 2UL
#define CHECK_FWFT_HIGH	    (1UL << 32) /* no part of a 32-bit feature id */

static long check_fwft_call(unsigned long fid, unsigned long feature, unsigned long value,
			    unsigned long flags)
{
	return check_value(check_call(SBI_EXT_FWFT, fid, feature, value, flags, 0, 0));
}

void check_fwft(void)
{
	if (!check_ext_runs(SBI_EXT_FWFT, "fwft"))
		return;
	check_eq("fwft.unknown_fid", check_fwft_call(2, CHECK_FWFT_MISALIGN, 0, 0),
		 SBI_ERR_NOT_SUPPORTED);
	check_eq("fwft.misaligned_reads_0",
		 check_fwft_call(CHECK_FWFT_GET, CHECK_FWFT_MISALIGN, 0, 0), 0);
	check_eq("fwft.misaligned_on_not_supported",
		 check_fwft_call(CHECK_FWFT_SET, CHECK_FWFT_MISALIGN, 1, 0), SBI_ERR_NOT_SUPPORTED);
	check_eq("fwft.misaligned_bad_value",
		 check_fwft_call(CHECK_FWFT_SET, CHECK_FWFT_MISALIGN, 2, 0), SBI_ERR_INVALID_PARAM);
	check_eq("fwft.bad_flags",
		 check_fwft_call(CHECK_FWFT_SET, CHECK_FWFT_MISALIGN, 0, CHECK_FWFT_BAD_FLAG),
		 SBI_ERR_INVALID_PARAM);
	check_eq("fwft.shadow_stack_not_supported",
		 check_fwft_call(CHECK_FWFT_GET, CHECK_FWFT_SHADOW, 0, 0), SBI_ERR_NOT_SUPPORTED);
	check_eq("fwft.reserved_denied", check_fwft_call(CHECK_FWFT_SET, CHECK_FWFT_RESERVED, 0, 0),
		 SBI_ERR_DENIED);
	check_eq("fwft.platform_denied", check_fwft_call(CHECK_FWFT_GET, CHECK_FWFT_PLATFORM, 0, 0),
		 SBI_ERR_DENIED);
	check_eq("fwft.misaligned_off_locked",
		 check_fwft_call(CHECK_FWFT_SET, CHECK_FWFT_HIGH | CHECK_FWFT_MISALIGN, 0,
				 CHECK_FWFT_LOCK),
		 SBI_SUCCESS);
	check_eq("fwft.locked_denied", check_fwft_call(CHECK_FWFT_SET, CHECK_FWFT_MISALIGN, 0, 0),
		 SBI_ERR_DENIED);
}
