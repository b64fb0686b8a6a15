/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Virtual PLIC (core/dev/vplic.c): the calls out of it. Notify fires once per
 * change of a context's output, whatever moved it; a source's completion hook
 * runs once per real completion and may trigger the source again. Both run
 * without the PLIC lock held. A store of the value a register already holds
 * moves nothing, and the next store that does change it is still seen.
 */
#include "vplic_fixture.h"

static void test_notify_on_changes(void **state)
{
	(void)state;
	arm(5, 1, 0);
	arm(5, 1, 1);
	EXPECT_NO_CALLS();
	vplic_set_level(&plic, 5, true);
	EXPECT_CALLS({0, true}, {1, true});
	vplic_set_level(&plic, 5, true);
	wr(PRIO(5), 1);
	EXPECT_NO_CALLS(); /* nothing moved */
	assert_int_equal(rd(CLAIM(0)), 5);
	EXPECT_CALLS({0, false}, {1, false});
	assert_int_equal(rd(CLAIM(0)), 0);
	EXPECT_NO_CALLS();
	wr(CLAIM(0), 5); /* still high: pending again */
	EXPECT_CALLS({0, true}, {1, true});
	wr(THRESH(1), 1);
	EXPECT_CALLS({1, false});
	wr(THRESH(1), 1);
	EXPECT_NO_CALLS(); /* the same value again: nothing to recompute */
	wr(ENABLE(2, 0), 1u << 5);
	EXPECT_CALLS({2, true});
	wr(ENABLE(2, 0), 1u << 5);
	EXPECT_NO_CALLS();
	wr(ENABLE(0, 0), 0);
	EXPECT_CALLS({0, false});
	wr(PRIO(5), 0);
	EXPECT_CALLS({2, false});
	wr(PRIO(5), 7);
	EXPECT_CALLS({1, true}, {2, true});
	assert_false(vplic_context_pending(&plic, 0));
	assert_true(vplic_context_pending(&plic, 1));
	assert_true(vplic_context_pending(&plic, 2));
	assert_false(vplic_context_pending(&plic, CONTEXTS));
	assert_false(vplic_context_pending(&plic, 1000));
}

static void test_complete_hook(void **state)
{
	int token;

	(void)state;
	vplic_set_complete_hook(&plic, 6, record_completion, &token);
	vplic_set_complete_hook(&plic, 0, record_completion, &token);	    /* ignored */
	vplic_set_complete_hook(&plic, SOURCES, record_completion, &token); /* ignored */
	arm(6, 1, 0);
	arm(11, 1, 0);
	wr(ENABLE(1, 0), 1u << 6);
	wr(CLAIM(0), 6); /* not in service: nothing to complete */
	assert_int_equal(ncompletions, 0);
	vplic_trigger(&plic, 6);
	vplic_trigger(&plic, 11);
	assert_int_equal(rd(CLAIM(0)), 6);
	assert_int_equal(rd(CLAIM(0)), 11);
	wr(CLAIM(0), 11); /* no hook on 11 */
	wr(CLAIM(2), 6);  /* not enabled for context 2 */
	assert_int_equal(ncompletions, 0);
	hook_retriggers = true;
	wr(CLAIM(1), 6);
	assert_int_equal(ncompletions, 1);
	assert_ptr_equal(completions[0].ctx, &token);
	assert_int_equal(completions[0].source, 6);
	assert_int_equal(rd(PENDING(0)), 1u << 6); /* the hook's new edge arrived */
	wr(CLAIM(1), 6);			   /* completed already */
	assert_int_equal(ncompletions, 1);
	assert_int_equal(rd(CLAIM(1)), 6);
	vplic_set_complete_hook(&plic, 6, NULL, NULL);
	wr(CLAIM(1), 6);
	assert_int_equal(ncompletions, 1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup(test_notify_on_changes, setup),
	    cmocka_unit_test_setup(test_complete_hook, setup),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
