/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Unit tests for the scheduler's accounting (core/sched/sched.h), in timebase
 * ticks: CPU time and slices, the latency from becoming runnable after a
 * block to running again (never counted from before the block), the steal
 * time (runnable but not running, after a block or a preemption), and where
 * a slice ends.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <string.h>

#include <cmocka.h>

#include "sched/sched.h"

static struct sched_entity entity;

static int setup(void **state)
{
	(void)state;
	memset(&entity, 0, sizeof(entity));
	return 0;
}

static void test_account_run(void **state)
{
	struct sched_entity *e = &entity;

	(void)state;
	sched_account_run(e, 100, 150);
	sched_account_run(e, 200, 230);
	sched_account_run(e, 300, 300);
	sched_account_run(e, 500, 400); /* clock went backwards: no time, still a slice */
	assert_int_equal(e->run_time, 80);
	assert_int_equal(e->slices, 4);
}

static void test_account_wake_latency(void **state)
{
	struct sched_entity *e = &entity;

	(void)state;
	sched_account_dispatch(e, 50); /* never woken: nothing to record */
	assert_int_equal(e->wakeups, 0);
	sched_account_wake(e, 100);
	sched_account_dispatch(e, 130);
	sched_account_wake(e, 200);
	sched_account_wake(e, 250); /* already waiting: keeps 200 */
	assert_int_equal(e->woken_at, 200);
	sched_account_dispatch(e, 290);
	sched_account_dispatch(e, 400); /* not waiting any more */
	sched_account_wake(e, 500);
	sched_account_dispatch(e, 505);
	assert_int_equal(e->wake_latency_max, 90);
	assert_int_equal(e->wake_latency_sum, 30 + 90 + 5);
	assert_int_equal(e->wakeups, 3);
	assert_int_equal(e->woken_at, 0);
}

/* Latency counts from when the vCPU became runnable: never before it blocked. */
static void test_account_wake_before_block(void **state)
{
	struct sched_entity *e = &entity;

	(void)state;
	sched_account_block(e, 1000);
	sched_account_wake(e, 400); /* its deadline had passed when it blocked */
	sched_account_dispatch(e, 1010);
	sched_account_block(e, 2000);
	sched_account_wake(e, 2500); /* a deadline after it blocked */
	sched_account_dispatch(e, 2520);
	assert_int_equal(e->wake_latency_max, 20);
	assert_int_equal(e->wake_latency_sum, 10 + 20);
	assert_int_equal(e->wakeups, 2);
}

static void test_account_wake_at_zero(void **state)
{
	struct sched_entity *e = &entity;

	(void)state;
	sched_account_wake(e, 0);
	assert_int_not_equal(e->woken_at, 0);
	sched_account_dispatch(e, 10);
	assert_int_equal(e->wakeups, 1);
	assert_in_range(e->wake_latency_sum, 9, 10);
}

/* Waiting after a wake-up and after a preemption is stolen; running on is not. */
static void test_account_steal(void **state)
{
	struct sched_entity *e = &entity;

	(void)state;
	sched_account_dispatch(e, 100); /* first run: it waited for nothing */
	assert_int_equal(e->steal, 0);
	sched_account_preempt(e, 150);
	sched_account_dispatch(e, 190);
	assert_int_equal(e->steal, 40);
	sched_account_dispatch(e, 300); /* dispatched again without leaving: no wait */
	assert_int_equal(e->steal, 40);
	sched_account_block(e, 400);
	sched_account_wake(e, 450);
	sched_account_dispatch(e, 470);
	assert_int_equal(e->steal, 60);
	assert_int_equal(e->wake_latency_sum, 20);
	/* A preemption does not count as a wake-up's latency. */
	sched_account_preempt(e, 500);
	sched_account_dispatch(e, 530);
	assert_int_equal(e->steal, 90);
	assert_int_equal(e->wakeups, 1);
}

static void test_slice_end(void **state)
{
	struct sched_entity *e = &entity;

	(void)state;
	e->slice = 1000;
	assert_int_equal(sched_slice_end(e, 5000), 6000);
	assert_int_equal(sched_slice_end(e, UINT64_MAX - 1000), UINT64_MAX);
	assert_int_equal(sched_slice_end(e, UINT64_MAX - 999), UINT64_MAX);
	e->slice = 0;
	assert_int_equal(sched_slice_end(e, 5000), UINT64_MAX);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup(test_account_run, setup),
	    cmocka_unit_test_setup(test_account_wake_latency, setup),
	    cmocka_unit_test_setup(test_account_wake_before_block, setup),
	    cmocka_unit_test_setup(test_account_wake_at_zero, setup),
	    cmocka_unit_test_setup(test_account_steal, setup),
	    cmocka_unit_test_setup(test_slice_end, setup),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
