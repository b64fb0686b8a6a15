/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Timer interrupt latency: from the deadline to the first instruction of
 * the guest's handler (bench_vector.S), with the guest spinning on a flag or
 * sleeping in WFI, the timer armed through stimecmp (Sstc) or SBI set_timer.
 *
 * QEMU fires a timer at the deadline plus the phase (the nanoseconds into the
 * tick) at which the compare register was written, not at the tick boundary
 * as hardware would. So each figure arms BENCH_TIMER_SAMPLES deadlines, each
 * after a delay 2 instructions longer than the last: the write lands at 100
 * phases spread over two ticks, whose mean, 49.5, is subtracted from the
 * mean latency (to within 0.5, whatever the arming path costs).
 */
#include <stdio.h>

#include "bench.h"
#include "guest_irq.h"
#include "guest_time.h"

#define BENCH_TIMER_SAMPLES 100
#define BENCH_TIMER_AHEAD   30	   /* ticks: past any arming path plus the delay */
#define BENCH_TIMER_TIMEOUT 200000 /* ticks (20 ms) a spinning guest waits */
#define BENCH_PHASE_MEAN    4950   /* hundredths of an instruction */

static unsigned bench_timer_irqs;

/* One deadline: its latency in instructions, or false when none came in time. */
static bool bench_timer_sample(bool stimecmp, bool sleep, unsigned delay, int64_t *latency)
{
	uint64_t deadline;

	bench_irq_record.tick = 0;
	deadline = bench_tick_edge() + BENCH_TIMER_AHEAD;
	bench_delay(delay);
	bench_timer_arm(stimecmp, deadline);
	irq_enable(IRQ_BIT(IRQ_S_TIMER));
	if (sleep)
		bench_irq_sleep();
	else
		bench_irq_spin(deadline + BENCH_TIMER_TIMEOUT);
	irq_disable(IRQ_BIT(IRQ_S_TIMER));
	bench_timer_arm(stimecmp, UINT64_MAX);
	if (!bench_irq_record.tick)
		return false;
	bench_timer_irqs++;
	*latency = (int64_t)(bench_irq_insns(bench_irq_record.tick, bench_irq_record.spins) -
			     deadline * BENCH_INSNS_PER_TICK);
	return true;
}

static void bench_timer_figure(const char *name, bool stimecmp, bool sleep)
{
	int64_t sum = 0, min = INT64_MAX, max = INT64_MIN, latency;

	for (unsigned i = 1; i <= BENCH_TIMER_SAMPLES; i++) {
		if (!bench_timer_sample(stimecmp, sleep, i, &latency)) {
			printf("bench: %s timeout (deadline %u: no interrupt within %u ticks)\n",
			       name, i, BENCH_TIMER_TIMEOUT);
			return;
		}
		sum += latency;
		min = latency < min ? latency : min;
		max = latency > max ? latency : max;
	}
	bench_report(name, sum * 100 / BENCH_TIMER_SAMPLES - BENCH_PHASE_MEAN,
		     "(mean of %u deadlines less the mean arming phase; raw %ld..%ld)",
		     BENCH_TIMER_SAMPLES, (long)min, (long)max);
}

void bench_timer_run(const struct bench_env *env)
{
	asm volatile("csrw stvec, %0" : : "r"(bench_vector) : "memory");
	if (env->sstc) {
		bench_timer_figure("timer-spin-stimecmp", true, false);
		bench_timer_figure("timer-wfi-stimecmp", true, true);
	}
	bench_timer_figure("timer-spin-sbi", false, false);
	bench_timer_figure("timer-wfi-sbi", false, true);
	bench_report("timer-irqs", (int64_t)bench_timer_irqs * 100,
		     "(timer interrupts the guest took)");
}
