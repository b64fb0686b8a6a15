/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Shared fixture for the tests of one hart's scheduler (core/sched/sched_hart.c,
 * test_sched_hart*.c), run as a hart runs it: sched_hart_loop itself, with the
 * test standing in for the run loop (vcpu_run_slice is wrapped at link time,
 * see the Makefile) and for the timer interrupt that ends an idle wait
 * (host_wfi_hook). A vCPU "runs" by doing what its test says (guest); a
 * spinning one lets time pass to the hart's next deadline, takes the timer
 * there as the exit path does (sched_on_timer), and leaves when
 * sched_should_yield says so. Each run is recorded (who, from when, until
 * when), and the loop is left by longjmp after a given number of runs, when
 * the hart would idle for ever, or when a vCPU would run alone for ever.
 *
 * The scheduler has no reset, so every test takes a hart of its own (setup).
 * Header-only, as the other fixtures: every test_*.c is its own binary and
 * includes this once, so its static state belongs to that binary alone.
 */
#ifndef TESTS_UNIT_SCHED_HART_FIXTURE_H
#define TESTS_UNIT_SCHED_HART_FIXTURE_H

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <string.h>

#include <cmocka.h>

#include "host_arch.h"
#include "lib/hart.h"
#include "sched/sched_hart.h"
#include "vm/vm.h"

#define MAX_RUNS   16
#define SLICE	   100
#define T0	   1000	      /* when each test starts */
#define OTHER_HART 0	      /* where wake-ups "from another hart" come from */
#define TIMER_IRQ  (1UL << 5) /* vsie.STIE: the guest takes its timer, so it wakes for it */

enum loop_end { LOOP_RUNS = 1, LOOP_IDLE, LOOP_ALONE };

/* Guests 0-2 of 8 vCPUs each; the usual cast: a, b and c of guest 0, d of guest 1. */
static struct vm vms[3];
static struct vcpu *const a = &vms[0].vcpus[0], *const b = &vms[0].vcpus[1],
			  *const c = &vms[0].vcpus[2], *const d = &vms[1].vcpus[0];
static uint64_t hart, next_hart = 1;
static jmp_buf loop_exit;
static size_t runs, max_runs;
static struct {
	struct vcpu *v;
	uint64_t from, to;
} ran[MAX_RUNS];

/* What the running vCPU does in its slice; the default spins until it should yield. */
static void (*guest)(struct vcpu *v);

void __wrap_vcpu_run_slice(struct vcpu *v);

/* Time passes to the hart's next deadline, where its timer fires; until v should yield. */
static inline void spin(struct vcpu *v)
{
	for (int i = 0; i < 100; i++) {
		uint64_t next = sched_next_deadline();

		if (sched_should_yield(v))
			return;
		if (next == UINT64_MAX)
			longjmp(loop_exit, LOOP_ALONE);
		if (next > host_time)
			host_time = next;
		sched_on_timer(host_time);
	}
	fail_msg("vCPU %u of guest %u never yields", v->id, v->vm->index);
}

/* Runs 10 ticks and stops (HSM stop). */
static inline void run_and_stop(struct vcpu *v)
{
	host_time += 10;
	v->state = VCPU_STOPPED;
}

/* Runs 10 ticks and blocks in WFI, its timer as the test set it. */
static inline void run_and_block(struct vcpu *v)
{
	host_time += 10;
	sched_block(v);
	assert_true(v->blocked);
}

void __wrap_vcpu_run_slice(struct vcpu *v)
{
	size_t r = runs;

	if (r == max_runs)
		longjmp(loop_exit, LOOP_RUNS);
	assert_ptr_equal(sched_current(), v);
	runs++;
	ran[r].v = v;
	ran[r].from = host_time;
	v->on_hart = true;
	guest(v);
	v->on_hart = false;
	ran[r].to = host_time;
}

/* The hart sleeps until its next deadline; with none, it would sleep for ever. */
static inline void idle_until_the_timer(void)
{
	static uint64_t last;
	static unsigned stuck;
	uint64_t next = sched_next_deadline();

	assert_null(sched_current());
	if (next == UINT64_MAX)
		longjmp(loop_exit, LOOP_IDLE);
	stuck = next > last ? 0 : stuck + 1;
	last = next;
	if (stuck == 100)
		fail_msg("hart %llu idles at %llu for ever", (unsigned long long)hart,
			 (unsigned long long)next);
	if (next > host_time)
		host_time = next;
	sched_on_timer(host_time);
}

/* Run the test's hart for at most n slices; why it ended. */
static inline enum loop_end run_hart(size_t n)
{
	int why;

	max_runs = n;
	hart_set_self(hart);
	why = setjmp(loop_exit);
	if (!why)
		sched_hart_loop();
	hart_set_self(OTHER_HART);
	return (enum loop_end)why;
}

static inline int group_setup(void **state)
{
	(void)state;
	for (uint64_t h = 0; h < ERG_MAX_HARTS; h++) {
		hart_set_self(h);
		hart_report_online();
	}
	host_wfi_hook = idle_until_the_timer;
	return 0;
}

/* A hart no test has used, guests 0-2 running with runnable vCPUs, the clock at T0. */
static inline int setup(void **state)
{
	(void)state;
	assert_true(next_hart < ERG_MAX_HARTS);
	hart = next_hart++;
	hart_set_self(OTHER_HART);
	memset(vms, 0, sizeof(vms));
	for (unsigned g = 0; g < ARRAY_SIZE(vms); g++) {
		vms[g].index = g;
		vms[g].state = VM_RUNNING;
		vms[g].vcpu_count = CONFIG_MAX_VCPUS;
		for (unsigned i = 0; i < CONFIG_MAX_VCPUS; i++) {
			struct vcpu *v = &vms[g].vcpus[i];

			v->vm = &vms[g];
			v->id = i;
			v->state = VCPU_RUNNING;
			v->timer_deadline = UINT64_MAX;
		}
	}
	host_time = T0;
	host_kicked_harts = 0;
	runs = 0;
	guest = spin;
	return 0;
}

static inline void place(struct vcpu *v, unsigned priority, uint64_t slice)
{
	assert_int_equal(sched_hart_place(v, hart, priority, slice), 0);
}

/* v becomes runnable, as another hart's sched_wake says (an HSM start, an IPI). */
static inline void wake_from_elsewhere(struct vcpu *v)
{
	uint64_t self = hart_self();

	hart_set_self(OTHER_HART);
	sched_wake(v);
	hart_set_self(self);
}

static inline void expect_run(size_t i, struct vcpu *v, uint64_t from, uint64_t to)
{
	assert_ptr_equal(ran[i].v, v);
	assert_int_equal(ran[i].from, from);
	assert_int_equal(ran[i].to, to);
}

#endif
