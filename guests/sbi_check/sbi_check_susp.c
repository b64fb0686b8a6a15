/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * SUSP cases: refusals (unknown function, reserved and platform-specific
 * sleep types, another hart not stopped, a resume address outside RAM),
 * then a suspend to RAM that its timer ends. The resume comes back at
 * check_susp_resume_entry (sbi_check_susp_entry.S) with the registers
 * undefined but a0 and a1: the entry takes a stack below the caller's
 * frames and the trap vector kept here, and check_susp_resumed returns to
 * the call site by longjmp, having noted a0, a1 and sstatus.SIE.
 */
#include <setjmp.h>

#include "guest.h"
#include "guest_irq.h"
#include "guest_time.h"
#include "sbi_check.h"

#define CHECK_SUSP_SUSPEND	  0
#define CHECK_SUSP_TO_RAM	  0UL
#define CHECK_SUSP_RESERVED	  1UL
#define CHECK_SUSP_PLATFORM	  0x80000000UL
#define CHECK_SUSP_HIGH_BITS	  (~0UL << 32) /* no part of a 32-bit sleep type */
#define CHECK_SUSP_OPAQUE	  0x5eedcafeUL
#define CHECK_SUSP_TIMER_AHEAD_US 2000
#define CHECK_SUSP_WAIT_US	  2000000
#define CHECK_SUSP_NAP_US	  1000
#define CHECK_SUSP_STACK_ROOM	  2048 /* between the caller's frames and the entry's stack */
#define CHECK_SSTATUS_SIE	  (1UL << 1)

void check_susp_resume_entry(void);
void check_susp_resumed(unsigned long hartid, unsigned long opaque); /* the entry's C half */

/* For the entry: where its stack goes and the trap vector to put back. */
extern unsigned long check_susp_sp, check_susp_stvec;
unsigned long check_susp_sp, check_susp_stvec;

static jmp_buf check_susp_back;
static volatile unsigned long check_susp_release;
static volatile struct {
	unsigned long hartid, opaque, sie_on;
} check_susp_resumed_with;

void check_susp_resumed(unsigned long hartid, unsigned long opaque)
{
	unsigned long sstatus;

	asm volatile("csrr %0, sstatus" : "=r"(sstatus));
	check_susp_resumed_with.hartid = hartid;
	check_susp_resumed_with.opaque = opaque;
	check_susp_resumed_with.sie_on = sstatus & CHECK_SSTATUS_SIE;
	longjmp(check_susp_back, 1);
}

static long check_susp_call(unsigned long fid, unsigned long type, unsigned long addr)
{
	return check_value(check_call(SBI_EXT_SUSP, fid, type, addr, CHECK_SUSP_OPAQUE, 0, 0));
}

/* Second hart: waits, napping, until released, then stops. */
static void check_susp_second(unsigned long hartid)
{
	(void)hartid;
	while (!check_susp_release)
		check_nap(CHECK_SUSP_NAP_US);
	sbi_hart_stop();
}

static void check_susp_denied(unsigned long second)
{
	check_susp_release = 0;
	if (guest_hart_start(second, check_susp_second) != SBI_SUCCESS) {
		check_eq("susp.second_hart_starts", 0, 1);
		return;
	}
	check_eq("susp.denied_while_another_hart_runs",
		 check_susp_call(CHECK_SUSP_SUSPEND, CHECK_SUSP_TO_RAM,
				 (unsigned long)check_susp_resume_entry),
		 SBI_ERR_DENIED);
	check_susp_release = 1;
	check_eq("susp.second_hart_stops", check_status_becomes(second, SBI_HSM_STOPPED),
		 SBI_HSM_STOPPED);
}

/* Suspend to RAM until the timer: true once back at the resume entry. */
static bool check_susp_to_ram(uint64_t deadline, long *refused)
{
	unsigned long sie, stvec;

	asm volatile("csrr %0, sie\n\tcsrr %1, stvec" : "=r"(sie), "=r"(stvec));
	check_susp_stvec = stvec;
	if (setjmp(check_susp_back)) {
		asm volatile("csrw sie, %0" : : "r"(sie));
		return true;
	}
	check_susp_sp = ((unsigned long)__builtin_frame_address(0) - CHECK_SUSP_STACK_ROOM) & ~15UL;
	/* SIE off: a timer that fires before the call stays pending and ends the suspend. */
	irq_global_disable();
	sbi_set_timer(deadline);
	*refused = check_susp_call(CHECK_SUSP_SUSPEND, CHECK_SUSP_HIGH_BITS | CHECK_SUSP_TO_RAM,
				   (unsigned long)check_susp_resume_entry);
	return false;
}

static void check_susp_resumes(void)
{
	uint64_t deadline = time_now() + time_us_to_ticks(CHECK_SUSP_TIMER_AHEAD_US);
	unsigned long seen = check_irqs.timer;
	long refused = 0;

	if (!check_susp_to_ram(deadline, &refused)) {
		irq_global_enable();
		check_eq("susp.suspend_to_ram", refused, SBI_SUCCESS);
		return;
	}
	check_eq("susp.resumed_after_the_timer", (int64_t)(time_now() - deadline) >= 0, 1);
	check_eq("susp.resumed_a0_is_hartid", check_susp_resumed_with.hartid, check_env.hartid);
	check_eq("susp.resumed_a1_is_opaque", check_susp_resumed_with.opaque, CHECK_SUSP_OPAQUE);
	check_eq("susp.resumed_sie_off", check_susp_resumed_with.sie_on, 0);
	irq_global_enable();
	check_eq("susp.waking_timer_still_pending",
		 check_irq_wait(&check_irqs.timer, seen, CHECK_SUSP_WAIT_US), 1);
}

void check_susp(void)
{
	unsigned long entry = (unsigned long)check_susp_resume_entry;

	if (!check_ext_runs(SBI_EXT_SUSP, "susp"))
		return;
	check_eq("susp.unknown_fid", check_susp_call(1, CHECK_SUSP_TO_RAM, entry),
		 SBI_ERR_NOT_SUPPORTED);
	check_eq("susp.reserved_type",
		 check_susp_call(CHECK_SUSP_SUSPEND, CHECK_SUSP_RESERVED, entry),
		 SBI_ERR_INVALID_PARAM);
	check_eq("susp.platform_type",
		 check_susp_call(CHECK_SUSP_SUSPEND, CHECK_SUSP_PLATFORM, entry),
		 SBI_ERR_INVALID_PARAM);
	if (check_env.ncpus >= 2)
		check_susp_denied(check_env.hartid ? 0 : 1);
	check_erg("susp.resume_addr_outside_ram",
		  check_susp_call(CHECK_SUSP_SUSPEND, CHECK_SUSP_TO_RAM, check_env.ram_end),
		  SBI_ERR_INVALID_ADDRESS);
	check_susp_resumes();
}
