/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Unit tests for blocking and waking in the scheduler of one hart
 * (core/sched/sched_hart.c), run by its own loop (sched_hart_fixture.h): a
 * vCPU blocked in WFI wakes at its timer when the guest takes that
 * interrupt, else only when another hart wakes it (and kicks this one); a
 * request that came before the block keeps it awake; and the deadlines a
 * hart keeps for its blocked vCPUs while another runs, with the wake-up
 * latency they are charged.
 */
#include "sched_hart_fixture.h"

/* Blocked in WFI with its timer enabled: the idle hart wakes it at its deadline. */
static void blocks_for_500(struct vcpu *v)
{
	if (runs > 1) {
		run_and_stop(v);
		return;
	}
	v->timer_deadline = T0 + 500;
	v->arch.csrs.vsie = TIMER_IRQ;
	run_and_block(v);
}

static void test_blocked_vcpu_wakes_at_its_timer(void **state)
{
	(void)state;
	place(a, 2, SLICE);
	wake_from_elsewhere(a);
	guest = blocks_for_500;
	assert_int_equal(run_hart(MAX_RUNS), LOOP_IDLE);
	assert_int_equal(runs, 2);
	expect_run(1, a, T0 + 500, T0 + 510);
	assert_int_equal(a->sched.wakeups, 1);
	assert_int_equal(a->sched.wake_latency_max, 0);
}

/* With its timer interrupt off, only a wake-up from elsewhere ends the block. */
static void test_blocked_timer_off_waits_for_a_wake(void **state)
{
	(void)state;
	place(a, 2, SLICE);
	wake_from_elsewhere(a);
	a->timer_deadline = T0 + 500; /* but vsie leaves it off */
	guest = run_and_block;
	assert_int_equal(run_hart(MAX_RUNS), LOOP_IDLE);
	assert_int_equal(runs, 1);
	assert_true(a->blocked);
	host_time = T0 + 900;
	host_kicked_harts = 0;
	wake_from_elsewhere(a);
	assert_false(a->blocked);
	assert_int_equal(host_kicked_harts, 1ULL << hart);
	guest = run_and_stop;
	assert_int_equal(run_hart(MAX_RUNS), LOOP_IDLE);
	expect_run(1, a, T0 + 900, T0 + 910);
}

/* A request that came before the block keeps the vCPU awake (or its asker would not wake it). */
static void test_block_with_a_request_pending(void **state)
{
	(void)state;
	place(a, 2, SLICE);
	a->requests = VCPU_REQ_SOFT_IRQ;
	sched_block(a);
	assert_false(a->blocked);
	a->requests = 0;
	sched_block(a);
	assert_true(a->blocked);
}

/*
 * A blocked equal's timer need not interrupt the running vCPU: it could only
 * have the hart at the end of a slice counted from its deadline. One of
 * higher priority is served at its deadline.
 */
static void deadlines_while_a_runs(struct vcpu *v)
{
	if (v != a || runs != 1) {
		run_and_stop(v);
		return;
	}
	assert_int_equal(sched_next_deadline(), T0 + 30 + SLICE); /* b, an equal */
	c->sched.priority = 4;
	assert_int_equal(sched_next_deadline(), T0 + 60); /* c outranks a */
	c->sched.priority = 2;
	spin(v);
}

static void test_wake_deadlines_of_blocked_vcpus(void **state)
{
	(void)state;
	place(a, 2, SLICE);
	place(b, 2, SLICE);
	place(c, 2, SLICE);
	wake_from_elsewhere(a);
	b->blocked = c->blocked = true;
	b->arch.csrs.vsie = c->arch.csrs.vsie = TIMER_IRQ;
	b->timer_deadline = T0 + 30;
	c->timer_deadline = T0 + 60;
	guest = deadlines_while_a_runs;
	assert_int_equal(run_hart(3), LOOP_RUNS);
	/* At a's slice end b and c are both due; b was due first, and waited since. */
	expect_run(0, a, T0, T0 + 30 + SLICE);
	expect_run(1, b, T0 + 30 + SLICE, T0 + 40 + SLICE);
	assert_int_equal(b->sched.wake_latency_max, SLICE);
	assert_ptr_equal(ran[2].v, c);
}
int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup(test_blocked_vcpu_wakes_at_its_timer, setup),
	    cmocka_unit_test_setup(test_blocked_timer_off_waits_for_a_wake, setup),
	    cmocka_unit_test_setup(test_block_with_a_request_pending, setup),
	    cmocka_unit_test_setup(test_wake_deadlines_of_blocked_vcpus, setup),
	};

	return cmocka_run_group_tests(tests, group_setup, NULL);
}
