/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Guest-to-guest switch (bootargs "bench=switch"): two copies of this guest
 * share one hart. Each round a guest works for a fixed stretch, arms its
 * timer a little ahead and sleeps in WFI; by the time the other guest has
 * done the same, its deadline has passed, so Erg switches straight back.
 * The hart never idles, so over a run of rounds
 *
 *   switch = (elapsed - rounds * 2 * work) / (rounds * 2)
 *
 * where work is this guest's work stretch, timed alone beforehand (the best
 * of a few tries, so that an interruption does not count). A switch so
 * counted is everything between one guest's work and the other's: arming
 * the timer, the WFI exit, Erg's timer interrupt for the other guest's
 * deadline, the scheduler, the change of guest state and the return.
 * Both copies measure and print; each keeps the ping-pong going for a while
 * afterwards so that the other's measurement ends before any printing.
 */
#include <stdio.h>

#include "bench.h"
#include "guest_irq.h"
#include "guest_time.h"

#define BENCH_SWITCH_WORK   5000 /* bench_delay rounds: about 10000 instructions */
#define BENCH_SWITCH_AHEAD  50	 /* ticks: a deadline past the arming and the WFI exit */
#define BENCH_SWITCH_WARMUP 20
#define BENCH_SWITCH_ROUNDS 2000
#define BENCH_SWITCH_TAIL   50
#define BENCH_SWITCH_TRIES  5
#define BENCH_SWITCH_CALIB  200 /* work stretches per try */

/* The work stretch in hundredths of an instruction: the best of a few timed tries. */
static uint64_t bench_switch_work(void)
{
	uint64_t best = UINT64_MAX;

	for (unsigned t = 0; t < BENCH_SWITCH_TRIES; t++) {
		uint64_t start = time_now();

		for (unsigned i = 0; i < BENCH_SWITCH_CALIB; i++)
			bench_delay(BENCH_SWITCH_WORK);
		uint64_t ticks = time_now() - start;

		best = ticks < best ? ticks : best;
	}
	return best * BENCH_INSNS_PER_TICK * 100 / BENCH_SWITCH_CALIB;
}

static void bench_switch_rounds(bool stimecmp, unsigned rounds)
{
	for (unsigned i = 0; i < rounds; i++) {
		uint64_t deadline;

		bench_delay(BENCH_SWITCH_WORK);
		deadline = time_now() + BENCH_SWITCH_AHEAD;
		bench_timer_arm(stimecmp, deadline);
		while ((int64_t)(time_now() - deadline) < 0)
			asm volatile("wfi" ::: "memory");
	}
}

void bench_switch_run(const struct bench_env *env)
{
	uint64_t work = bench_switch_work();
	uint64_t start, ticks;
	int64_t per_switch;

	irq_enable(IRQ_BIT(IRQ_S_TIMER)); /* WFI wakes for it; SIE stays off, no handler */
	bench_switch_rounds(env->sstc, BENCH_SWITCH_WARMUP);
	start = time_now();
	bench_switch_rounds(env->sstc, BENCH_SWITCH_ROUNDS);
	ticks = time_now() - start;
	bench_switch_rounds(env->sstc, BENCH_SWITCH_TAIL);
	bench_timer_arm(env->sstc, UINT64_MAX);
	irq_disable(IRQ_BIT(IRQ_S_TIMER));
	per_switch = ((int64_t)(ticks * BENCH_INSNS_PER_TICK * 100) -
		      (int64_t)(2 * BENCH_SWITCH_ROUNDS * work)) /
		     (2 * BENCH_SWITCH_ROUNDS);
	bench_report(env->sstc ? "switch-stimecmp" : "switch-sbi", per_switch,
		     "(%lu ticks for %u rounds of two guests, work %lu.%02lu instructions each)",
		     (unsigned long)ticks, BENCH_SWITCH_ROUNDS, (unsigned long)(work / 100),
		     (unsigned long)(work % 100));
}
