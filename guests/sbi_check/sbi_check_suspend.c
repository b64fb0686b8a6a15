/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * HSM suspend seen from both sides. The checking hart suspends itself until
 * its timer fires, and has its second hart suspend until an IPI: the second
 * hart's status must read SUSPENDED meanwhile (and RESUME_PENDING between
 * the IPI and the resume, when both share a physical hart as they do in
 * guests/configs/sbi.dts), a retentive suspend must return SBI_SUCCESS only
 * after the IPI, and a non-retentive one must come back at its resume
 * address with a0 = its hart id, a1 = the opaque value (here the function
 * guest_secondary_start runs), sstatus.SIE off and the waking IPI still
 * pending in sip.SSIP. The checking hart waits in WFI, giving the second
 * hart the physical hart they share.
 */
#include "guest.h"
#include "guest_irq.h"
#include "guest_time.h"
#include "sbi_check.h"

#define CHECK_NON_RETENTIVE  0x80000000UL
#define CHECK_TYPE_HIGH_BITS (~0UL << 32) /* no part of a 32-bit suspend type */
#define CHECK_SUSPENDED	     4
#define CHECK_RESUME_PENDING 6
#define CHECK_WAIT_US	     2000000 /* generous: the host may be busy */
#define CHECK_NAP_US	     1000
#define CHECK_STAYS_US	     20000 /* two of Erg's ticks */
#define CHECK_TIMER_AHEAD_US 2000
#define CHECK_SSTATUS_SIE    (1UL << 1)

void guest_secondary_start(void);

enum check_phase { CHECK_IDLE, CHECK_SUSPENDING, CHECK_RETURNED, CHECK_RESUMED };

/* What the second hart did, for the checking hart to judge. */
static volatile struct {
	unsigned long phase; /* enum check_phase */
	long ret;	     /* what a suspend call returned */
	unsigned long hartid, sie_on, ssip;
} check_second;

void check_nap(uint64_t us)
{
	/* Interrupts off around the WFI: one taken just before it would leave it waiting for ever.
	 */
	irq_global_disable();
	sbi_set_timer(time_now() + time_us_to_ticks(us));
	asm volatile("wfi");
	irq_global_enable();
	sbi_set_timer(UINT64_MAX);
}

/* Naps until *var is want; whether it came within us. */
static bool check_nap_until(volatile unsigned long *var, unsigned long want, uint64_t us)
{
	uint64_t deadline = time_now() + time_us_to_ticks(us);

	while (*var != want)
		if ((int64_t)(time_now() - deadline) >= 0)
			return false;
		else
			check_nap(CHECK_NAP_US);
	return true;
}

long check_status_becomes(unsigned long hart, long want)
{
	uint64_t deadline = time_now() + time_us_to_ticks(CHECK_WAIT_US);
	long status;

	while ((status = sbi_hart_get_status(hart)) != want && (int64_t)(time_now() - deadline) < 0)
		check_nap(CHECK_NAP_US);
	return status;
}

/*
 * Second hart: suspend (retentive) until an IPI, which SIE off keeps from
 * being taken. Its timer is due all along, but masked in sie: it must not
 * end the suspend.
 */
static void check_second_retentive(unsigned long hartid)
{
	(void)hartid;
	irq_enable(IRQ_BIT(IRQ_S_SOFT));
	sbi_set_timer(0);
	check_second.phase = CHECK_SUSPENDING;
	check_second.ret = sbi_hart_suspend(SBI_HSM_SUSPEND_RETENTIVE, 0, 0);
	sbi_set_timer(UINT64_MAX);
	irq_clear_pending(IRQ_BIT(IRQ_S_SOFT));
	check_second.phase = CHECK_RETURNED;
}

/* Second hart, back from non-retentive suspend through guest_secondary_start. */
static void check_second_resumed(unsigned long hartid)
{
	unsigned long sstatus;

	asm volatile("csrr %0, sstatus" : "=r"(sstatus));
	check_second.hartid = hartid;
	check_second.sie_on = sstatus & CHECK_SSTATUS_SIE;
	check_second.ssip = irq_pending() & IRQ_BIT(IRQ_S_SOFT);
	irq_clear_pending(IRQ_BIT(IRQ_S_SOFT));
	check_second.phase = CHECK_RESUMED;
}

/* Second hart: non-retentive suspend, its type's upper half set, SIE on (the resume clears it). */
static void check_second_non_retentive(unsigned long hartid)
{
	(void)hartid;
	irq_enable(IRQ_BIT(IRQ_S_SOFT));
	irq_global_enable();
	check_second.phase = CHECK_SUSPENDING;
	check_second.ret = sbi_hart_suspend(CHECK_TYPE_HIGH_BITS | CHECK_NON_RETENTIVE,
					    (unsigned long)guest_secondary_start,
					    (unsigned long)check_second_resumed);
	irq_global_disable();
	check_second.phase = CHECK_RETURNED; /* only when refused */
}

/* Starts the second hart on fn and waits until it is suspended; whether it got there. */
static bool check_second_suspends(unsigned long second, guest_hart_fn fn, const char *status)
{
	check_second.phase = CHECK_IDLE;
	if (guest_hart_start(second, fn) != SBI_SUCCESS ||
	    !check_nap_until(&check_second.phase, CHECK_SUSPENDING, CHECK_WAIT_US))
		return false;
	check_eq(status, check_status_becomes(second, CHECK_SUSPENDED), CHECK_SUSPENDED);
	return true;
}

static void check_suspend_retentive_other(unsigned long second)
{
	if (!check_second_suspends(second, check_second_retentive,
				   "hsm.status_suspended_retentive")) {
		check_eq("hsm.second_reaches_retentive_suspend", 0, 1);
		return;
	}
	check_nap(CHECK_STAYS_US);
	check_eq("hsm.retentive_stays_suspended_with_due_timer_masked", check_second.phase,
		 CHECK_SUSPENDING);
	check_eq("hsm.send_ipi_to_suspended", sbi_send_ipi(1UL << second, 0), 0);
	/* Woken, but its physical hart is this vCPU's until it naps. */
	check_erg("hsm.status_resume_pending", sbi_hart_get_status(second), CHECK_RESUME_PENDING);
	check_eq("hsm.retentive_resumes_on_ipi",
		 check_nap_until(&check_second.phase, CHECK_RETURNED, CHECK_WAIT_US), 1);
	check_eq("hsm.retentive_returns_success", check_second.ret, SBI_SUCCESS);
	check_eq("hsm.status_stopped_after_retentive",
		 check_status_becomes(second, SBI_HSM_STOPPED), SBI_HSM_STOPPED);
}

static void check_suspend_non_retentive_other(unsigned long second)
{
	if (!check_second_suspends(second, check_second_non_retentive,
				   "hsm.status_suspended_non_retentive")) {
		check_eq("hsm.second_reaches_non_retentive_suspend", 0, 1);
		return;
	}
	check_nap(CHECK_STAYS_US);
	check_eq("hsm.non_retentive_stays_suspended_until_irq", check_second.phase,
		 CHECK_SUSPENDING);
	sbi_send_ipi(1UL << second, 0);
	check_eq("hsm.non_retentive_resumes_at_resume_addr",
		 check_nap_until(&check_second.phase, CHECK_RESUMED, CHECK_WAIT_US), 1);
	check_eq("hsm.non_retentive_a0_is_hartid", check_second.hartid, second);
	check_eq("hsm.non_retentive_sie_off", check_second.sie_on, 0);
	check_eq("hsm.non_retentive_ipi_still_pending", check_second.ssip != 0, 1);
	check_eq("hsm.status_stopped_after_non_retentive",
		 check_status_becomes(second, SBI_HSM_STOPPED), SBI_HSM_STOPPED);
}

/* The checking hart suspends itself, the type's upper half set: back after its timer. */
static void check_suspend_self(void)
{
	uint64_t deadline = time_now() + time_us_to_ticks(CHECK_TIMER_AHEAD_US);
	unsigned long seen = check_irqs.timer;

	long ret;

	/* SIE off: a timer that fires before the call stays pending and ends the suspend. */
	irq_global_disable();
	sbi_set_timer(deadline);
	ret = sbi_hart_suspend(CHECK_TYPE_HIGH_BITS | SBI_HSM_SUSPEND_RETENTIVE, 0, 0);
	check_erg("hsm.suspend_retentive_waits_for_timer", (int64_t)(time_now() - deadline) >= 0,
		  1);
	irq_global_enable();
	check_eq("hsm.suspend_retentive_type_upper_half_ignored", ret, SBI_SUCCESS);
	check_irq_wait(&check_irqs.timer, seen, CHECK_WAIT_US);
}

void check_hsm_suspend_harts(void)
{
	unsigned long second = check_env.hartid ? 0 : 1;

	check_suspend_self();
	check_eq("hsm.second_hart_exists", check_env.ncpus >= 2, 1);
	if (check_env.ncpus < 2)
		return;
	check_eq("hsm.status_second_stopped", sbi_hart_get_status(second), SBI_HSM_STOPPED);
	check_suspend_retentive_other(second);
	check_suspend_non_retentive_other(second);
}
