/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * HSM and SRST cases a single hart can run without stopping itself: status,
 * refused starts (missing hart, address outside RAM, already started),
 * refused suspends, and system_reset with arguments it must refuse. A
 * start that succeeds and hart_stop are the smp guest's business, suspends
 * that succeed sbi_check_suspend.c's.
 *
 * Natively OpenSBI accepts any address S-mode may execute, so the
 * outside-RAM refusals are Erg-specific there.
 */
#include "guest_irq.h"
#include "guest_time.h"
#include "sbi_check.h"

#define CHECK_UNKNOWN_FID     9
#define CHECK_LOW_ADDR	      0x1000UL /* below RAM under Erg */
#define CHECK_RESERVED_TYPE   1	       /* between retentive 0 and 0x0fffffff */
#define CHECK_NON_RETENTIVE   0x80000000UL
#define CHECK_HARTID_HIGH_BIT (1UL << 32)
#define CHECK_WAKE_US	      1000 /* suspend's wake-up, if it waits */
#define CHECK_DRAIN_US	      100000
#define CHECK_SRST_BAD_TYPE   3 /* past warm reboot (2) */
#define CHECK_SRST_BAD_REASON 2 /* past system failure (1) */

static long check_hart_start(unsigned long hartid, unsigned long addr)
{
	return sbi_hart_start(hartid, addr, 0);
}

static void check_hsm_start(void)
{
	unsigned long self = check_env.hartid, code = (unsigned long)check_hsm;
	unsigned long end = check_env.ram_end;

	check_eq("hsm.start_missing_hart", check_hart_start(check_env.ncpus, code),
		 SBI_ERR_INVALID_PARAM);
	check_eq("hsm.start_self_started", check_hart_start(self, code), SBI_ERR_ALREADY_AVAILABLE);
	/* The last word of RAM is a valid address: refused only because self runs. */
	check_eq("hsm.start_last_word_of_ram", check_hart_start(self, end - 4),
		 SBI_ERR_ALREADY_AVAILABLE);
	check_erg("hsm.start_past_ram", check_hart_start(self, end), SBI_ERR_INVALID_ADDRESS);
	check_erg("hsm.start_straddles_ram_end", check_hart_start(self, end - 2),
		  SBI_ERR_INVALID_ADDRESS);
	check_erg("hsm.start_below_ram", check_hart_start(self, CHECK_LOW_ADDR),
		  SBI_ERR_INVALID_ADDRESS);
}

/*
 * Retentive suspend waits for an interrupt enabled in sie (whatever
 * sstatus.SIE says): a timer 1 ms ahead wakes it.
 * Suspend types are 32-bit: reserved ones are invalid, platform-specific
 * ones Erg does not offer (natively, OpenSBI may), and the upper half of a0
 * is no part of the type. A non-retentive suspend needs a resume address
 * in RAM. Hart ids are full XLEN: one with high bits set is no hart.
 */
static void check_hsm_suspend(void)
{
	unsigned long seen = check_irqs.timer, ram = check_env.ram_base;

	/* SIE off: a timer that fires before the call must stay pending to end the suspend. */
	irq_global_disable();
	sbi_set_timer(time_now() + time_us_to_ticks(CHECK_WAKE_US));
	check_eq("hsm.suspend_retentive", sbi_hart_suspend(SBI_HSM_SUSPEND_RETENTIVE, 0, 0), 0);
	irq_global_enable();
	check_irq_wait(&check_irqs.timer, seen, CHECK_DRAIN_US);
	check_eq("hsm.suspend_reserved_type", sbi_hart_suspend(CHECK_RESERVED_TYPE, 0, 0),
		 SBI_ERR_INVALID_PARAM);
	check_eq("hsm.suspend_reserved_type_last", sbi_hart_suspend(0x0fffffff, 0, 0),
		 SBI_ERR_INVALID_PARAM);
	check_eq("hsm.suspend_reserved_non_retentive_type", sbi_hart_suspend(0x80000001, ram, 0),
		 SBI_ERR_INVALID_PARAM);
	check_eq("hsm.suspend_reserved_non_retentive_type_last",
		 sbi_hart_suspend(0x8fffffff, ram, 0), SBI_ERR_INVALID_PARAM);
	check_erg("hsm.suspend_reserved_type_upper_half_set",
		  sbi_hart_suspend(CHECK_RESERVED_TYPE | 1UL << 63, 0, 0), SBI_ERR_INVALID_PARAM);
	check_erg("hsm.suspend_platform_retentive_type", sbi_hart_suspend(0x10000000, 0, 0),
		  SBI_ERR_NOT_SUPPORTED);
	check_erg("hsm.suspend_platform_non_retentive_type", sbi_hart_suspend(0x90000000, ram, 0),
		  SBI_ERR_NOT_SUPPORTED);
	if (check_erg_runs("hsm.suspend_non_retentive_resume_past_ram"))
		check_eq("hsm.suspend_non_retentive_resume_past_ram",
			 sbi_hart_suspend(CHECK_NON_RETENTIVE, check_env.ram_end, 0),
			 SBI_ERR_INVALID_ADDRESS);
	if (check_erg_runs("hsm.suspend_non_retentive_resume_below_ram"))
		check_eq("hsm.suspend_non_retentive_resume_below_ram",
			 sbi_hart_suspend(CHECK_NON_RETENTIVE, CHECK_LOW_ADDR, 0),
			 SBI_ERR_INVALID_ADDRESS);
}

void check_hsm(void)
{
	if (!check_ext_runs(SBI_EXT_HSM, "hsm.*"))
		return;
	check_eq("hsm.status_self", sbi_hart_get_status(check_env.hartid), SBI_HSM_STARTED);
	check_eq("hsm.status_missing_hart", sbi_hart_get_status(check_env.ncpus),
		 SBI_ERR_INVALID_PARAM);
	/* OpenSBI 1.1 takes the low 32 bits of a hart id: Erg-specific. */
	check_erg("hsm.status_hartid_high_bit",
		  sbi_hart_get_status(CHECK_HARTID_HIGH_BIT | check_env.hartid),
		  SBI_ERR_INVALID_PARAM);
	check_hsm_start();
	check_erg(
	    "hsm.start_hartid_high_bit",
	    check_hart_start(CHECK_HARTID_HIGH_BIT | check_env.hartid, (unsigned long)check_hsm),
	    SBI_ERR_INVALID_PARAM);
	check_hsm_suspend();
	check_hsm_suspend_harts();
	check_eq("hsm.unknown_fid", sbi_ecall(SBI_EXT_HSM, CHECK_UNKNOWN_FID, 0, 0, 0).error,
		 SBI_ERR_NOT_SUPPORTED);
}

/* Only refusals: a reset that is accepted ends the run (and shows as a missing tally). */
void check_srst(void)
{
	if (!check_ext_runs(SBI_EXT_SRST, "srst.*"))
		return;
	check_eq("srst.bad_type", sbi_system_reset(CHECK_SRST_BAD_TYPE, 0), SBI_ERR_INVALID_PARAM);
	check_eq("srst.bad_reason", sbi_system_reset(SBI_SRST_SHUTDOWN, CHECK_SRST_BAD_REASON),
		 SBI_ERR_INVALID_PARAM);
	/* 32-bit parameters: the upper half set leaves a reserved type reserved. */
	check_erg("srst.bad_type_upper_half_set",
		  sbi_system_reset(CHECK_SRST_BAD_TYPE | 1UL << 32, 0), SBI_ERR_INVALID_PARAM);
	check_eq("srst.unknown_fid", sbi_ecall(SBI_EXT_SRST, 1, SBI_SRST_SHUTDOWN, 0, 0).error,
		 SBI_ERR_NOT_SUPPORTED);
}
