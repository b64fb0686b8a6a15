/*
 * Unit tests for the virtual PLIC (core/vplic.c). Most run on a PLIC of 40
 * sources (two enable and pending words, the second only partly backed) and
 * 3 contexts, so that every "beyond the configured counts" edge exists. The
 * guest's view is checked through vplic_mmio_ops; notify and completion-hook
 * calls are recorded, and each callback touches the PLIC again, which would
 * deadlock if it were called with the lock held.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <string.h>

#include <cmocka.h>

#include "vplic.h"

#define SOURCES	 40
#define CONTEXTS 3

#define PRIO(s)	     (4ULL * (s))
#define PENDING(w)   (0x1000ULL + 4 * (w))
#define ENABLE(c, w) (0x2000ULL + 0x80ULL * (c) + 4 * (w))
#define THRESH(c)    (0x200000ULL + 0x1000ULL * (c))
#define CLAIM(c)     (THRESH(c) + 4)

static struct vplic plic;

static struct call {
	unsigned context;
	bool pending;
} calls[32];
static unsigned ncalls;

static struct completion {
	void *ctx;
	unsigned source;
} completions[8];
static unsigned ncompletions;
static bool hook_retriggers; /* the hook forwards a new edge, as a passthrough IRQ may */

static void record_notify(void *arg, unsigned context, bool pending)
{
	uint64_t v;

	assert_ptr_equal(arg, &plic);
	assert_true(ncalls < ARRAY_SIZE(calls));
	calls[ncalls++] = (struct call){context, pending};
	/* The lock must be free here: a register read takes it. */
	assert_int_equal(vplic_mmio_ops.read(&plic, THRESH(context), 4, &v), 0);
	assert_int_equal(vplic_context_pending(&plic, context), pending);
}

static void record_completion(void *ctx, unsigned source)
{
	assert_true(ncompletions < ARRAY_SIZE(completions));
	completions[ncompletions++] = (struct completion){ctx, source};
	if (hook_retriggers)
		vplic_trigger(&plic, source); /* takes the lock: it must be free */
}

static int setup(void **state)
{
	(void)state;
	memset(&plic, 0xa5, sizeof(plic)); /* init must not rely on a zeroed struct */
	vplic_init(&plic, SOURCES, CONTEXTS, record_notify, &plic);
	ncalls = 0;
	ncompletions = 0;
	hook_retriggers = false;
	return 0;
}

static uint32_t rd(uint64_t offset)
{
	uint64_t v = 0xdeadbeef00000000ULL;

	assert_int_equal(vplic_mmio_ops.read(&plic, offset, 4, &v), 0);
	assert_true(v <= UINT32_MAX);
	return (uint32_t)v;
}

static void wr(uint64_t offset, uint64_t v)
{
	assert_int_equal(vplic_mmio_ops.write(&plic, offset, 4, v), 0);
}

/* Source s at priority prio, enabled for context c. */
static void arm(unsigned s, unsigned prio, unsigned c)
{
	wr(PRIO(s), prio);
	wr(ENABLE(c, s / 32), rd(ENABLE(c, s / 32)) | 1u << (s % 32));
}

static void expect_calls(unsigned n, const struct call *want)
{
	assert_int_equal(ncalls, n);
	for (unsigned i = 0; i < n; i++) {
		assert_int_equal(calls[i].context, want[i].context);
		assert_int_equal(calls[i].pending, want[i].pending);
	}
	ncalls = 0;
}

#define EXPECT_CALLS(...)                                                                          \
	expect_calls(ARRAY_SIZE(((const struct call[]){__VA_ARGS__})),                             \
		     (const struct call[]){__VA_ARGS__})
#define EXPECT_NO_CALLS() expect_calls(0, NULL)

static void test_reset_reads_zero(void **state)
{
	(void)state;
	for (unsigned s = 1; s < SOURCES; s++)
		assert_int_equal(rd(PRIO(s)), 0);
	for (unsigned w = 0; w < 2; w++) {
		assert_int_equal(rd(PENDING(w)), 0);
		for (unsigned c = 0; c < CONTEXTS; c++)
			assert_int_equal(rd(ENABLE(c, w)), 0);
	}
	for (unsigned c = 0; c < CONTEXTS; c++) {
		assert_int_equal(rd(THRESH(c)), 0);
		assert_int_equal(rd(CLAIM(c)), 0);
		assert_false(vplic_context_pending(&plic, c));
	}
	EXPECT_NO_CALLS();
}

static void test_priorities_read_back(void **state)
{
	(void)state;
	for (unsigned s = 1; s < SOURCES; s++)
		wr(PRIO(s), s % 8);
	for (unsigned s = 1; s < SOURCES; s++)
		assert_int_equal(rd(PRIO(s)), s % 8);
	wr(PRIO(5), 0xffffffff); /* WARL: three bits are writable */
	assert_int_equal(rd(PRIO(5)), 7);
	wr(PRIO(5), 8);
	assert_int_equal(rd(PRIO(5)), 0);
	wr(PRIO(5), 0x100000003ULL); /* a word store writes the low 32 bits */
	assert_int_equal(rd(PRIO(5)), 3);
	EXPECT_NO_CALLS();
}

static void test_enables_read_back(void **state)
{
	(void)state;
	wr(ENABLE(0, 0), 0x12345678);
	wr(ENABLE(1, 0), 0x0f0f0f0e);
	wr(ENABLE(2, 1), 0x81);
	assert_int_equal(rd(ENABLE(0, 0)), 0x12345678);
	assert_int_equal(rd(ENABLE(0, 1)), 0);
	assert_int_equal(rd(ENABLE(1, 0)), 0x0f0f0f0e);
	assert_int_equal(rd(ENABLE(2, 0)), 0);
	assert_int_equal(rd(ENABLE(2, 1)), 0x81);
	wr(ENABLE(0, 0), 0xffffffff); /* bit 0, source 0, is wired to zero */
	assert_int_equal(rd(ENABLE(0, 0)), 0xfffffffe);
	wr(ENABLE(0, 1), 0xffffffff); /* sources 40..63 do not exist */
	assert_int_equal(rd(ENABLE(0, 1)), 0xff);
	assert_int_equal(rd(ENABLE(0, 0)), 0xfffffffe);
	EXPECT_NO_CALLS();
}

static void test_thresholds_read_back(void **state)
{
	(void)state;
	for (unsigned c = 0; c < CONTEXTS; c++)
		wr(THRESH(c), c + 4);
	for (unsigned c = 0; c < CONTEXTS; c++)
		assert_int_equal(rd(THRESH(c)), c + 4);
	wr(THRESH(1), 0xffffffff);
	assert_int_equal(rd(THRESH(1)), 7);
	wr(THRESH(1), 0x10);
	assert_int_equal(rd(THRESH(1)), 0);
}

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
	wr(ENABLE(2, 0), 1u << 5);
	EXPECT_CALLS({2, true});
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

/* Pending claimable work in every context, so a stray claim or complete would show. */
static void busy_state(void)
{
	for (unsigned c = 0; c < CONTEXTS; c++) {
		arm(2 + c, 3, c);
		arm(33, 2, c);
		wr(THRESH(c), 1);
	}
	vplic_set_level(&plic, 2, true);
	vplic_set_level(&plic, 3, true);
	vplic_set_level(&plic, 33, true);
	assert_int_equal(rd(CLAIM(1)), 3);
	ncalls = 0;
}

static void test_bad_accesses_change_nothing(void **state)
{
	static const struct {
		uint64_t offset;
		unsigned width;
	} bad[] = {
	    {PRIO(1), 1},	   {PRIO(1), 2},	 {PRIO(1), 8},	     {PRIO(1) + 1, 4},
	    {PRIO(1) + 2, 4},	   {CLAIM(0), 1},	 {CLAIM(0), 2},	     {CLAIM(0), 8},
	    {CLAIM(0) + 1, 4},	   {CLAIM(0) - 2, 4},	 {PENDING(0), 8},    {ENABLE(0, 0), 2},
	    {THRESH(0), 8},	   {PRIO(0), 4},	 {PRIO(SOURCES), 4}, {PRIO(1023), 4},
	    {PENDING(2), 4},	   {0x107c, 4},		 {0x1ffc, 4},	     {ENABLE(0, 2), 4},
	    {ENABLE(0, 31), 4},	   {ENABLE(3, 0), 4},	 {0x1f1ffc, 4},	     {0x1ffffc, 4},
	    {THRESH(CONTEXTS), 4}, {CLAIM(CONTEXTS), 4}, {THRESH(0) + 8, 4}, {THRESH(0) + 0xffc, 4},
	    {0x3fff004, 4},	   {VPLIC_SIZE, 4},	 {0x4000000, 4},     {UINT64_MAX - 3, 4},
	};
	struct vplic before;
	uint64_t v;

	(void)state;
	busy_state();
	memcpy(&before, &plic, sizeof(plic));
	for (size_t i = 0; i < ARRAY_SIZE(bad); i++) {
		v = 0x1234;
		if (vplic_mmio_ops.read(&plic, bad[i].offset, bad[i].width, &v) != -1)
			fail_msg("read 0x%llx width %u accepted", (unsigned long long)bad[i].offset,
				 bad[i].width);
		assert_int_equal(v, 0x1234);
		for (unsigned k = 0; k < 3; k++) {
			static const uint64_t values[] = {0, 2, ~0ULL};

			if (vplic_mmio_ops.write(&plic, bad[i].offset, bad[i].width, values[k]) !=
			    -1)
				fail_msg("write 0x%llx width %u accepted",
					 (unsigned long long)bad[i].offset, bad[i].width);
		}
		assert_memory_equal(&plic, &before, sizeof(plic));
	}
	/* The pending bits are read-only. */
	assert_int_equal(vplic_mmio_ops.write(&plic, PENDING(0), 4, 0), -1);
	assert_int_equal(vplic_mmio_ops.write(&plic, PENDING(1), 4, ~0ULL), -1);
	assert_memory_equal(&plic, &before, sizeof(plic));
	EXPECT_NO_CALLS();
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

static void test_full_size(void **state)
{
	(void)state;
	vplic_init(&plic, 100, 20, record_notify, &plic); /* cut to 64 sources, 8 contexts */
	wr(ENABLE(7, 1), 0xffffffff);
	assert_int_equal(rd(ENABLE(7, 1)), 0xffffffff);
	wr(PRIO(63), 2);
	assert_int_equal(rd(PRIO(63)), 2);
	assert_int_equal(vplic_mmio_ops.read(&plic, PRIO(64), 4, &(uint64_t){0}), -1);
	assert_int_equal(vplic_mmio_ops.read(&plic, THRESH(8), 4, &(uint64_t){0}), -1);
	vplic_set_level(&plic, 63, true);
	EXPECT_CALLS({7, true});
	assert_int_equal(rd(PENDING(1)), 1u << 31);
	assert_int_equal(rd(CLAIM(7)), 63);
	EXPECT_CALLS({7, false});
	wr(CLAIM(7), 63);
	EXPECT_CALLS({7, true});

	vplic_init(&plic, 32, 1, NULL, NULL); /* one word; no notify */
	assert_int_equal(vplic_mmio_ops.read(&plic, PENDING(1), 4, &(uint64_t){0}), -1);
	assert_int_equal(vplic_mmio_ops.read(&plic, ENABLE(0, 1), 4, &(uint64_t){0}), -1);
	arm(31, 1, 0);
	vplic_set_level(&plic, 31, true);
	assert_true(vplic_context_pending(&plic, 0));
	assert_int_equal(rd(CLAIM(0)), 31);
	EXPECT_NO_CALLS();
}

/* Through the MMIO registry at the QEMU virt address, as a guest's access arrives. */
static void test_through_registry(void **state)
{
	struct mmio_map map = {0};
	uint64_t v;

	(void)state;
	assert_int_equal(mmio_map_add(&map, 0x0c000000, VPLIC_SIZE, &vplic_mmio_ops, &plic, "plic"),
			 0);
	v = 5;
	assert_int_equal(mmio_access(&map, 0x0c000000 + PRIO(9), 4, true, &v), MMIO_DONE);
	assert_int_equal(rd(PRIO(9)), 5);
	v = 0xff;
	assert_int_equal(mmio_access(&map, 0x0c000000 + PRIO(9), 1, false, &v), MMIO_IGNORED);
	assert_int_equal(v, 0);
	assert_int_equal(mmio_access(&map, 0x0c000000 + THRESH(2), 4, false, &v), MMIO_DONE);
	assert_int_equal(map.ignored, 1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup(test_reset_reads_zero, setup),
	    cmocka_unit_test_setup(test_priorities_read_back, setup),
	    cmocka_unit_test_setup(test_enables_read_back, setup),
	    cmocka_unit_test_setup(test_thresholds_read_back, setup),
	    cmocka_unit_test_setup(test_pending_follows_levels, setup),
	    cmocka_unit_test_setup(test_claim_by_priority_then_id, setup),
	    cmocka_unit_test_setup(test_claim_honours_threshold, setup),
	    cmocka_unit_test_setup(test_claim_per_context, setup),
	    cmocka_unit_test_setup(test_claim_puts_in_service, setup),
	    cmocka_unit_test_setup(test_complete_repends_high_level, setup),
	    cmocka_unit_test_setup(test_complete_needs_enable, setup),
	    cmocka_unit_test_setup(test_edge_trigger, setup),
	    cmocka_unit_test_setup(test_notify_on_changes, setup),
	    cmocka_unit_test_setup(test_bad_accesses_change_nothing, setup),
	    cmocka_unit_test_setup(test_complete_hook, setup),
	    cmocka_unit_test_setup(test_full_size, setup),
	    cmocka_unit_test_setup(test_through_registry, setup),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
