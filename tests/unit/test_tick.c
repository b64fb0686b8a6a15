/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Unit tests for core/sched/tick.c, the periodic tick each hart runs from a one-shot
 * timer. tick_start arms now + timebase/TICK_HZ; each on-time tick moves the
 * deadline by exactly one period; a late tick skips to the next boundary of
 * the original period grid instead of a burst of stale ticks; the
 * TICK_REPORT-th tick logs one "tick running" line and no other tick does,
 * and a hart that serves neither console nor uplink needs no tick after it.
 * Tick state is per hart (thread-local), so each scenario runs on a fresh
 * thread standing in for a fresh hart; the thread only records what happened
 * and the test thread checks it, since cmocka cannot fail from another thread.
 */
#include <pthread.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <string.h>

#include <cmocka.h>

#include "host_arch.h"
#include "lib/hart.h"
#include "sched/tick.h"

#define TIMEBASE 10000000ULL
#define PERIOD	 (TIMEBASE / TICK_HZ)
#define MAX_RUN	 64

/* One hart's run: tick_start at start, then a tick each late[i] after the armed deadline. */
struct tick_run {
	uint64_t hart;
	uint64_t start;
	size_t n;
	uint64_t late[MAX_RUN];
	/* What happened: */
	uint64_t first_deadline;
	unsigned first_programs;
	uint64_t first_count;
	uint64_t now[MAX_RUN];
	uint64_t deadline[MAX_RUN];
	uint64_t count[MAX_RUN];
	unsigned programs[MAX_RUN];
	size_t console_len[MAX_RUN];
	bool needed[MAX_RUN];
};

static void *tick_hart(void *arg)
{
	struct tick_run *r = arg;
	unsigned programs = host_timer_programs;

	hart_set_self(r->hart);
	host_time = r->start;
	tick_start(TIMEBASE);
	r->first_deadline = host_timer_deadline;
	r->first_programs = host_timer_programs - programs;
	r->first_count = tick_count();
	for (size_t i = 0; i < r->n; i++) {
		programs = host_timer_programs;
		host_time = host_timer_deadline + r->late[i];
		tick_handle();
		r->now[i] = host_time;
		r->deadline[i] = host_timer_deadline;
		r->count[i] = tick_count();
		r->programs[i] = host_timer_programs - programs;
		r->console_len[i] = host_console_len;
		r->needed[i] = tick_needed_here();
	}
	return NULL;
}

static void run_on_fresh_hart(struct tick_run *r)
{
	pthread_t t;

	host_console_reset();
	assert_int_equal(pthread_create(&t, NULL, tick_hart, r), 0);
	assert_int_equal(pthread_join(t, NULL), 0);
}

static void test_start_arms_one_period_ahead(void **state)
{
	struct tick_run r = {.start = 12345};

	(void)state;
	run_on_fresh_hart(&r);
	assert_int_equal(PERIOD, 100000);
	assert_int_equal(r.first_deadline, 12345 + 100000);
	assert_int_equal(r.first_programs, 1);
	assert_int_equal(r.first_count, 0);
	assert_int_equal(host_console_len, 0);
}

static void test_on_time_advances_one_period(void **state)
{
	/* On the dot, a little late, and late by all but one timebase tick of a period. */
	struct tick_run r = {.start = 500, .n = 4, .late = {0, 7, PERIOD - 1, 0}};

	(void)state;
	run_on_fresh_hart(&r);
	for (size_t i = 0; i < r.n; i++) {
		assert_int_equal(r.deadline[i], 500 + (i + 2) * PERIOD);
		assert_int_equal(r.count[i], i + 1);
		assert_int_equal(r.programs[i], 1);
	}
}

static void test_late_skips_to_next_boundary(void **state)
{
	/* Armed for start + P, handled 1.5 periods late at start + 2.5P: next is start + 3P. */
	struct tick_run r = {.start = 1000, .n = 2, .late = {PERIOD / 2 + PERIOD, 0}};

	(void)state;
	run_on_fresh_hart(&r);
	assert_int_equal(r.now[0], 1000 + PERIOD + PERIOD + PERIOD / 2);
	assert_int_equal(r.deadline[0], 1000 + 3 * PERIOD);
	assert_int_equal(r.count[0], 1); /* one tick, not a burst of the missed ones */
	assert_int_equal(r.programs[0], 1);
	/* Back on time, it carries on along the same grid. */
	assert_int_equal(r.deadline[1], 1000 + 4 * PERIOD);
	assert_int_equal(r.count[1], 2);
}

static void test_late_by_any_amount_stays_on_grid(void **state)
{
	static const uint64_t lates[] = {
	    PERIOD,	     PERIOD + 1, 2 * PERIOD - 1, 2 * PERIOD,
	    3 * PERIOD + 17, 7 * PERIOD, PERIOD / 3,	 1000 * PERIOD + PERIOD / 2,
	};
	struct tick_run r = {.start = 777, .n = ARRAY_SIZE(lates)};

	(void)state;
	memcpy(r.late, lates, sizeof(lates));
	run_on_fresh_hart(&r);
	for (size_t i = 0; i < r.n; i++) {
		/* Strictly ahead, at most one period ahead, and on the start + k*P grid. */
		assert_true(r.deadline[i] > r.now[i]);
		assert_true(r.deadline[i] - r.now[i] <= PERIOD);
		assert_int_equal((r.deadline[i] - r.start) % PERIOD, 0);
		assert_int_equal(r.count[i], i + 1);
		assert_int_equal(r.programs[i], 1);
	}
}

static void test_reports_once_at_tick_report(void **state)
{
	struct tick_run r = {.hart = 7, .start = 0, .n = TICK_REPORT + 10};

	(void)state;
	run_on_fresh_hart(&r);
	for (size_t i = 0; i < r.n; i++) {
		bool reported = r.count[i] >= TICK_REPORT;

		if ((r.console_len[i] != 0) != reported)
			fail_msg("after tick %llu: console %zu bytes",
				 (unsigned long long)r.count[i], r.console_len[i]);
		/* Hart 7 serves no console: once reported, its tick is no longer needed. */
		assert_int_equal(r.needed[i], !reported);
	}
	/* 50 ticks of 10 ms from time 0: the line says 500 ms. */
	assert_string_equal(host_console_text,
			    "[erg] hart 7: tick running, 50 ticks in 500 ms (host timer)\n");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_start_arms_one_period_ahead),
	    cmocka_unit_test(test_on_time_advances_one_period),
	    cmocka_unit_test(test_late_skips_to_next_boundary),
	    cmocka_unit_test(test_late_by_any_amount_stays_on_grid),
	    cmocka_unit_test(test_reports_once_at_tick_report),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
