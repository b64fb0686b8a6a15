/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Virtual PLIC (core/dev/vplic.c): the gateway and claim/complete. Level and edge
 * requests, claims by priority then id, the threshold, per-context enables,
 * sources in service, and completion re-pending a source whose level is
 * still high.
 */
#include "vplic_fixture.h"

static void test_pending_follows_levels(void **state)
{
	(void)state;
	vplic_set_level(&plic, 5, true);
	vplic_set_level(&plic, 33, true);
	assert_int_equal(rd(PENDING(0)), 1u << 5);
	assert_int_equal(rd(PENDING(1)), 1u << 1);
	/* A request once made stays when the level drops (the gateway cannot retract it). */
	vplic_set_level(&plic, 5, false);
	assert_int_equal(rd(PENDING(0)), 1u << 5);
	/* Sources that do not exist are ignored. */
	vplic_set_level(&plic, 0, true);
	vplic_set_level(&plic, SOURCES, true);
	vplic_set_level(&plic, 1000, true);
	vplic_trigger(&plic, 0);
	vplic_trigger(&plic, SOURCES);
	assert_int_equal(rd(PENDING(0)), 1u << 5);
	assert_int_equal(rd(PENDING(1)), 1u << 1);
	EXPECT_NO_CALLS(); /* nothing enabled: no context's output moved */
}

static void test_claim_by_priority_then_id(void **state)
{
	(void)state;
	arm(3, 2, 0);
	arm(9, 5, 0);
	arm(7, 5, 0);
	arm(35, 6, 0);
	arm(4, 1, 0);
	for (unsigned s = 3; s <= 35; s++)
		vplic_set_level(&plic, s, true);
	assert_int_equal(rd(CLAIM(0)), 35);
	assert_int_equal(rd(CLAIM(0)), 7); /* 7 and 9 tie: the lower id first */
	assert_int_equal(rd(CLAIM(0)), 9);
	assert_int_equal(rd(CLAIM(0)), 3);
	assert_int_equal(rd(CLAIM(0)), 4);
	assert_int_equal(rd(CLAIM(0)), 0);
	/* Pending but not enabled: still pending, never claimed. */
	assert_int_equal(rd(PENDING(0)), ~((1u << 3) | (1u << 4) | (1u << 7) | (1u << 9) | 7u));
}

static void test_claim_honours_threshold(void **state)
{
	(void)state;
	arm(6, 3, 0);
	arm(8, 0, 0); /* priority 0: never interrupts */
	vplic_set_level(&plic, 6, true);
	vplic_set_level(&plic, 8, true);
	wr(THRESH(0), 3); /* masks priorities <= 3 */
	assert_false(vplic_context_pending(&plic, 0));
	assert_int_equal(rd(CLAIM(0)), 0);
	assert_int_equal(rd(PENDING(0)), (1u << 6) | (1u << 8));
	wr(THRESH(0), 2);
	assert_true(vplic_context_pending(&plic, 0));
	assert_int_equal(rd(CLAIM(0)), 6);
	wr(THRESH(0), 0);
	assert_int_equal(rd(CLAIM(0)), 0); /* 8 is pending, but of priority 0 */
	assert_int_equal(rd(PENDING(0)), 1u << 8);
}

static void test_claim_per_context(void **state)
{
	(void)state;
	arm(12, 1, 1);
	wr(ENABLE(2, 0), 1u << 12);
	vplic_set_level(&plic, 12, true);
	assert_false(vplic_context_pending(&plic, 0));
	assert_true(vplic_context_pending(&plic, 1));
	assert_true(vplic_context_pending(&plic, 2));
	assert_int_equal(rd(CLAIM(0)), 0);
	assert_int_equal(rd(CLAIM(1)), 12);
	assert_int_equal(rd(CLAIM(2)), 0); /* in service: claimed by context 1 */
	assert_false(vplic_context_pending(&plic, 2));
}

static void test_claim_puts_in_service(void **state)
{
	(void)state;
	arm(20, 4, 0);
	vplic_set_level(&plic, 20, true);
	assert_int_equal(rd(CLAIM(0)), 20);
	assert_int_equal(rd(PENDING(0)), 0);
	vplic_set_level(&plic, 20, true); /* still high, re-asserted: no new request */
	vplic_trigger(&plic, 20);
	assert_int_equal(rd(PENDING(0)), 0);
	assert_int_equal(rd(CLAIM(0)), 0);
}

static void test_complete_repends_high_level(void **state)
{
	(void)state;
	arm(20, 4, 0);
	vplic_set_level(&plic, 20, true);
	assert_int_equal(rd(CLAIM(0)), 20);
	wr(CLAIM(0), 20);
	assert_int_equal(rd(PENDING(0)), 1u << 20);
	assert_int_equal(rd(CLAIM(0)), 20);
	vplic_set_level(&plic, 20, false);
	wr(CLAIM(0), 20);
	assert_int_equal(rd(PENDING(0)), 0);
	assert_int_equal(rd(CLAIM(0)), 0);
	vplic_set_level(&plic, 20, true); /* out of service: a new request */
	assert_int_equal(rd(PENDING(0)), 1u << 20);
}

static void test_complete_needs_enable(void **state)
{
	(void)state;
	arm(17, 2, 0);
	wr(ENABLE(1, 0), 1u << 17);
	vplic_set_level(&plic, 17, true);
	assert_int_equal(rd(CLAIM(0)), 17);
	wr(ENABLE(0, 0), 0);
	wr(CLAIM(0), 17); /* not enabled for context 0: ignored */
	wr(CLAIM(2), 17); /* nor for context 2 */
	assert_int_equal(rd(PENDING(0)), 0);
	/* The spec does not match completions to claims: context 1 may end it. */
	wr(CLAIM(1), 17);
	assert_int_equal(rd(PENDING(0)), 1u << 17);
	/* Ids that are no source are accepted and ignored. */
	wr(CLAIM(1), 0);
	wr(CLAIM(1), SOURCES);
	wr(CLAIM(1), 0xffffffff);
	assert_int_equal(rd(PENDING(0)), 1u << 17);
}

static void test_edge_trigger(void **state)
{
	(void)state;
	arm(30, 1, 2);
	vplic_trigger(&plic, 30);
	vplic_trigger(&plic, 30); /* a second edge while pending is one request */
	assert_int_equal(rd(PENDING(0)), 1u << 30);
	assert_int_equal(rd(CLAIM(2)), 30);
	vplic_trigger(&plic, 30); /* in service: dropped */
	assert_int_equal(rd(PENDING(0)), 0);
	wr(CLAIM(2), 30);
	assert_int_equal(rd(PENDING(0)), 0); /* no level behind an edge */
	assert_int_equal(rd(CLAIM(2)), 0);
	vplic_trigger(&plic, 30);
	assert_int_equal(rd(CLAIM(2)), 30);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup(test_pending_follows_levels, setup),
	    cmocka_unit_test_setup(test_claim_by_priority_then_id, setup),
	    cmocka_unit_test_setup(test_claim_honours_threshold, setup),
	    cmocka_unit_test_setup(test_claim_per_context, setup),
	    cmocka_unit_test_setup(test_claim_puts_in_service, setup),
	    cmocka_unit_test_setup(test_complete_repends_high_level, setup),
	    cmocka_unit_test_setup(test_complete_needs_enable, setup),
	    cmocka_unit_test_setup(test_edge_trigger, setup),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
