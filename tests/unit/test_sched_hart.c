/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Unit tests for the scheduler of one hart (core/sched/sched_hart.c), run by
 * its own loop (sched_hart_fixture.h): the pick (priority first, round robin
 * among equals, only vCPUs that can run), slices and preemption (a vCPU
 * alone has no slice end; an equal that wakes starts one, a higher priority
 * takes the hart at once), window tables (the owner runs in its window; idle
 * windows, and background ones lent when the owner has nothing to run), and
 * the room on a hart. Blocking and waking are in test_sched_hart_block.c.
 */
#include "sched_hart_fixture.h"

static void test_highest_priority_first(void **state)
{
	(void)state;
	place(a, 1, SLICE);
	place(b, 3, SLICE);
	place(c, 2, SLICE);
	wake_from_elsewhere(a);
	wake_from_elsewhere(b);
	wake_from_elsewhere(c);
	assert_int_equal(host_kicked_harts, 1ULL << hart); /* the idle hart is told */
	guest = run_and_stop;
	assert_int_equal(run_hart(MAX_RUNS), LOOP_IDLE);
	assert_int_equal(runs, 3);
	expect_run(0, b, T0, T0 + 10);
	expect_run(1, c, T0 + 10, T0 + 20);
	expect_run(2, a, T0 + 20, T0 + 30);
}

/* Equals take turns of one slice each; a lower priority waits meanwhile. */
static void test_round_robin_among_equals(void **state)
{
	struct vcpu *order[] = {a, b, c};

	(void)state;
	place(a, 2, SLICE);
	place(b, 2, SLICE);
	place(c, 2, SLICE);
	place(d, 1, SLICE);
	for (size_t i = 0; i < ARRAY_SIZE(order); i++)
		wake_from_elsewhere(order[i]);
	wake_from_elsewhere(d);
	assert_int_equal(run_hart(6), LOOP_RUNS);
	for (size_t i = 0; i < 6; i++)
		expect_run(i, order[i % 3], T0 + i * SLICE, T0 + (i + 1) * SLICE);
	for (size_t i = 0; i < ARRAY_SIZE(order); i++) {
		assert_int_equal(order[i]->sched.slices, 2);
		assert_int_equal(order[i]->sched.run_time, 2 * SLICE);
	}
	assert_int_equal(d->sched.slices, 0);
}

/* Alone, a vCPU has no slice end; an equal that wakes starts its slice, from that moment. */
static void alone_until_b_wakes(struct vcpu *v)
{
	if (v == a && runs == 1) {
		assert_int_equal(sched_next_deadline(), UINT64_MAX);
		assert_false(sched_should_yield(a));
		host_time += 40;
		wake_from_elsewhere(b);
		assert_int_equal(host_kicked_harts, 1ULL << hart);
		assert_false(sched_should_yield(a)); /* an equal waits for the slice */
		assert_int_equal(sched_next_deadline(), T0 + 40 + SLICE);
	}
	spin(v);
}

static void test_alone_until_an_equal_wakes(void **state)
{
	(void)state;
	place(a, 2, SLICE);
	place(b, 2, SLICE);
	wake_from_elsewhere(a);
	host_kicked_harts = 0;
	guest = alone_until_b_wakes;
	assert_int_equal(run_hart(3), LOOP_RUNS);
	expect_run(0, a, T0, T0 + 40 + SLICE);
	expect_run(1, b, T0 + 40 + SLICE, T0 + 40 + 2 * SLICE);
	expect_run(2, a, T0 + 40 + 2 * SLICE, T0 + 40 + 3 * SLICE);
}

/* A higher priority takes the hart at once; the lower one resumes when it blocks. */
static void preempted_by_d(struct vcpu *v)
{
	if (v == a && runs == 1) {
		host_time += 50;
		wake_from_elsewhere(d);
		assert_int_equal(host_kicked_harts, 1ULL << hart);
		assert_true(sched_should_yield(a));
		return;
	}
	if (v == d) {
		run_and_block(v);
		return;
	}
	spin(v);
}

static void test_higher_priority_preempts_at_once(void **state)
{
	(void)state;
	place(a, 1, 10 * SLICE);
	place(d, 5, SLICE);
	wake_from_elsewhere(a);
	host_kicked_harts = 0;
	guest = preempted_by_d;
	assert_int_equal(run_hart(MAX_RUNS), LOOP_ALONE); /* a, alone again, runs on */
	assert_int_equal(runs, 3);
	expect_run(0, a, T0, T0 + 50);
	expect_run(1, d, T0 + 50, T0 + 60);
	assert_ptr_equal(ran[2].v, a);
	assert_true(d->blocked);
}

/* Only vCPUs that can run are picked: not stopped ones, nor those of a stopped guest. */
static void test_only_runnable_vcpus_run(void **state)
{
	(void)state;
	place(a, 2, SLICE);
	place(b, 2, SLICE);
	place(c, 2, SLICE);
	place(d, 2, SLICE);
	a->state = VCPU_STOPPED;
	b->state = VCPU_START_PENDING;
	c->state = VCPU_SUSPENDED; /* suspended but woken: its run loop decides */
	wake_from_elsewhere(a);
	wake_from_elsewhere(b);
	wake_from_elsewhere(c);
	wake_from_elsewhere(d);
	vms[1].state = VM_STOPPED; /* d's guest stops while d is queued */
	guest = run_and_stop;
	assert_int_equal(run_hart(MAX_RUNS), LOOP_IDLE);
	assert_int_equal(runs, 2);
	assert_ptr_equal(ran[0].v, b);
	assert_ptr_equal(ran[1].v, c);
}
/* Windows of 100 for guest 0, 100 for guest 1, 100 idle: each runs in its own only. */
static const struct sched_table three = {
    .frame = 300,
    .count = 3,
    .windows = {{100, 0, false}, {100, 1, false}, {100, SCHED_IDLE, false}},
};

static void test_owner_runs_in_its_window(void **state)
{
	(void)state;
	sched_hart_set_table(hart, &three, T0);
	place(a, 0, 0); /* no slice limit: the window ends its turn */
	place(d, 7, 0); /* its priority does not buy it guest 0's window */
	wake_from_elsewhere(a);
	wake_from_elsewhere(d);
	assert_int_equal(run_hart(4), LOOP_RUNS);
	expect_run(0, a, T0, T0 + 100);
	expect_run(1, d, T0 + 100, T0 + 200);
	/* The idle window: nobody runs, the hart sleeps until it ends. */
	expect_run(2, a, T0 + 300, T0 + 400);
	expect_run(3, d, T0 + 400, T0 + 500);
}

/* The owner blocks: the rest of its window stays idle, unless the window lends itself. */
static void blocks_at_first(struct vcpu *v)
{
	if (v == a && runs == 1)
		run_and_block(v);
	else
		spin(v);
}

static void test_window_of_a_blocked_owner(void **state)
{
	struct sched_table lent = three;

	(void)state;
	for (int background = 0; background < 2; background++) {
		if (background)
			setup(NULL);
		lent.windows[0].background = background;
		sched_hart_set_table(hart, &lent, T0);
		place(a, 0, 0);
		place(d, 0, 0);
		wake_from_elsewhere(a);
		wake_from_elsewhere(d);
		guest = blocks_at_first;
		assert_int_equal(run_hart(2), LOOP_RUNS);
		expect_run(0, a, T0, T0 + 10);
		/* Lent, d runs there until the window ends, then on in its own. */
		if (background)
			expect_run(1, d, T0 + 10, T0 + 100);
		else
			expect_run(1, d, T0 + 100, T0 + 200);
	}
}
/* A hart takes at most 16 vCPUs. */
static void test_place_limit(void **state)
{
	(void)state;
	for (unsigned i = 0; i < 16; i++)
		place(&vms[i / 8].vcpus[i % 8], 0, SLICE);
	assert_int_equal(sched_hart_place(&vms[2].vcpus[0], hart, 0, SLICE), -1);
	assert_int_equal(vms[2].vcpus[0].hart, 0);
}

/* A vCPU may wait in its hart only while it has the hart alone, with no window table. */
static void test_alone_on_its_hart(void **state)
{
	(void)state;
	place(a, 0, 0);
	assert_true(sched_hart_alone(a));
	place(b, 0, SLICE);
	assert_false(sched_hart_alone(a));
	assert_false(sched_hart_alone(b));
	setup(NULL);
	sched_hart_set_table(hart, &three, T0);
	place(d, 0, 0);
	assert_false(sched_hart_alone(d));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup(test_highest_priority_first, setup),
	    cmocka_unit_test_setup(test_round_robin_among_equals, setup),
	    cmocka_unit_test_setup(test_alone_until_an_equal_wakes, setup),
	    cmocka_unit_test_setup(test_higher_priority_preempts_at_once, setup),
	    cmocka_unit_test_setup(test_only_runnable_vcpus_run, setup),
	    cmocka_unit_test_setup(test_owner_runs_in_its_window, setup),
	    cmocka_unit_test_setup(test_window_of_a_blocked_owner, setup),
	    cmocka_unit_test_setup(test_place_limit, setup),
	    cmocka_unit_test_setup(test_alone_on_its_hart, setup),
	};

	return cmocka_run_group_tests(tests, group_setup, NULL);
}
