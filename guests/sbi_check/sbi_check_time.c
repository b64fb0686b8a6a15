/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Interrupts for the checks, and the TIME cases: set_timer (and legacy
 * set_timer) raises the supervisor timer interrupt once time reaches the
 * deadline, never before; a deadline in the past raises it at once, even
 * with the interrupt disabled in sie; it stays pending, in the handler and
 * after, until the next set_timer; a deadline of all ones takes it back.
 *
 * Pending is seen through delivery: a pending interrupt is taken as soon as
 * sie enables it, a lowered one is not. QEMU 7.2 shows a VS-mode guest only
 * sip.SSIP (it masks a read of sip with the writable bits of vsip; fixed in
 * QEMU 8.0), so sip.STIP cannot be read there.
 */
#include <stddef.h>

#include "guest_irq.h"
#include "guest_time.h"
#include "sbi_check.h"

#define CHECK_TIMER_AHEAD_US 1000 /* deadlines 1 ms ahead */
/*
 * How long a timer that must fire may take. Erg without Sstc raises it from
 * its hart's timer, a few hops through QEMU's timer thread: on a busy host
 * that thread may be late by tens of milliseconds while the guest's time
 * runs on, so the margin is wide. A timer that works fires far sooner.
 */
#define CHECK_IRQ_WAIT_US 2000000
#define CHECK_MASKED_US	  20000 /* two of Erg's ticks */
#define CHECK_UNKNOWN_FID 1
#define CHECK_AT_ONCE_US  200 /* far below a tick of Erg's: only a pending timer is this quick */

volatile struct check_irqs check_irqs;

static void check_irq_handler(unsigned long hartid, unsigned long irq)
{
	(void)hartid;
	if (irq == IRQ_S_TIMER) {
		check_irqs.timer_at = time_now();
		check_irqs.timer++;
		if (check_irqs.timer_keep)
			irq_disable(
			    IRQ_BIT(IRQ_S_TIMER)); /* leave it pending for the case to see */
		else
			sbi_set_timer(UINT64_MAX); /* the timer interrupt is level: take it back */
	} else if (irq == IRQ_S_SOFT) {
		irq_clear_pending(IRQ_BIT(IRQ_S_SOFT));
		check_irqs.soft++;
	} else {
		check_irqs.other++;
		irq_disable(IRQ_BIT(irq)); /* no storm of what nobody asked for */
	}
}

void check_irq_init(void)
{
	sbi_set_timer(UINT64_MAX);
	irq_install(check_env.hartid, check_irq_handler);
	irq_enable(IRQ_BIT(IRQ_S_TIMER) | IRQ_BIT(IRQ_S_SOFT));
	irq_global_enable();
}

bool check_irq_wait(volatile unsigned long *counter, unsigned long seen, uint64_t us)
{
	uint64_t deadline = time_now() + time_us_to_ticks(us);

	while (*counter == seen)
		if ((int64_t)(time_now() - deadline) >= 0)
			return *counter != seen;
	return true;
}

/* set_timer through eid (TIME or legacy) 1 ms ahead: accepted, fires, not early. */
static void check_timer_fires(unsigned long eid, const char *set, const char *fires,
			      const char *not_early)
{
	unsigned long seen = check_irqs.timer;
	uint64_t deadline = time_now() + time_us_to_ticks(CHECK_TIMER_AHEAD_US);

	check_eq(set, sbi_ecall(eid, SBI_TIME_SET_TIMER, deadline, 0, 0).error, 0);
	bool fired = check_irq_wait(&check_irqs.timer, seen, CHECK_IRQ_WAIT_US);

	check_eq(fires, fired, 1);
	if (not_early)
		check_eq(not_early, fired && check_irqs.timer_at >= deadline, 1);
}

/*
 * With interrupts off a due timer waits, and is taken once they are on; a
 * deadline of all ones takes a waiting one back. Seen through delivery, not
 * sip: QEMU 7.2 shows a VS-mode guest only sip.SSIP (fixed in QEMU 8.0).
 */
static void check_timer_masked(void)
{
	unsigned long seen = check_irqs.timer;

	irq_global_disable();
	sbi_set_timer(time_now());
	time_delay_us(CHECK_MASKED_US);
	check_eq("time.masked_not_taken", (long)(check_irqs.timer - seen), 0);
	irq_global_enable();
	check_eq("time.taken_when_unmasked", check_irq_wait(&check_irqs.timer, seen, 1000), 1);

	seen = check_irqs.timer;
	irq_global_disable();
	sbi_set_timer(time_now());
	time_delay_us(CHECK_MASKED_US);
	sbi_set_timer(UINT64_MAX);
	irq_global_enable();
	check_eq("time.max_takes_back_pending",
		 check_irq_wait(&check_irqs.timer, seen, CHECK_MASKED_US), 0);
}

/* Whether a timer interrupt is taken at once when sie enables it, i.e. it is pending. */
static bool check_timer_pending(void)
{
	unsigned long seen = check_irqs.timer;

	irq_enable(IRQ_BIT(IRQ_S_TIMER));
	return check_irq_wait(&check_irqs.timer, seen, CHECK_AT_ONCE_US);
}

/*
 * The handler leaves the interrupt pending and masks it in sie: it must
 * still be pending afterwards, across Erg's ticks, until the next
 * set_timer. set_timer(0) with the interrupt masked in sie makes it pending
 * at once; set_timer(-1) lowers it.
 */
static void check_timer_level(void)
{
	unsigned long seen = check_irqs.timer;

	check_irqs.timer_keep = 1;
	sbi_set_timer(time_now());
	check_eq("time.handler_sees_pending_timer",
		 check_irq_wait(&check_irqs.timer, seen, CHECK_IRQ_WAIT_US), 1);
	time_delay_us(CHECK_MASKED_US);
	check_eq("time.pending_after_handler_until_set_timer", check_timer_pending(), 1);
	sbi_set_timer(UINT64_MAX);
	check_eq("time.max_lowers_pending_timer", check_timer_pending(), 0);

	irq_disable(IRQ_BIT(IRQ_S_TIMER));
	check_eq("time.set_timer_0_with_sie_off", sbi_set_timer(0), 0);
	check_eq("time.set_timer_0_pending_at_once", check_timer_pending(), 1);
	irq_disable(IRQ_BIT(IRQ_S_TIMER));
	sbi_set_timer(0);
	check_eq("time.max_after_0_with_sie_off", sbi_set_timer(UINT64_MAX), 0);
	check_eq("time.max_after_0_not_pending", check_timer_pending(), 0);
	check_irqs.timer_keep = 0;
}

void check_time(void)
{
	if (!check_ext_runs(SBI_EXT_TIME, "time.*"))
		return;
	check_timer_fires(SBI_EXT_TIME, "time.set_timer", "time.irq", "time.irq_not_early");

	unsigned long seen = check_irqs.timer;

	check_eq("time.set_timer_past", sbi_set_timer(0), 0);
	check_eq("time.irq_past_deadline", check_irq_wait(&check_irqs.timer, seen, 10000), 1);
	check_timer_masked();
	check_timer_level();
	check_eq("time.unknown_fid",
		 sbi_ecall(SBI_EXT_TIME, CHECK_UNKNOWN_FID, UINT64_MAX, 0, 0).error,
		 SBI_ERR_NOT_SUPPORTED);
	check_timer_fires(SBI_EXT_LEGACY_SET_TIMER, "legacy.set_timer", "legacy.set_timer_irq",
			  NULL);
}
