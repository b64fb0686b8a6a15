/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Unit tests for cyclic window tables (core/sched/sched_table.c). The check must
 * accept sound tables and name each broken shape in its own words. The lookup
 * is compared tick by tick, over several frames, with a reference that lays
 * the windows end to end from the start; the boundaries, times before the
 * start and times near 2^64 get their own cases.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <string.h>

#include <cmocka.h>

#include "sched/sched.h"

/* Windows of 10, 20, 5 (idle) and 15 ticks: a frame of 50. */
static const struct sched_table four = {
    .frame = 50,
    .count = 4,
    .windows = {{10, 0, false}, {20, 1, true}, {5, SCHED_IDLE, false}, {15, 2, false}},
};

static void expect_good(const struct sched_table *t)
{
	char why[80] = "untouched";

	assert_int_equal(sched_table_check(t, why, sizeof(why)), 0);
	assert_string_equal(why, "untouched");
}

static void expect_bad(const struct sched_table *t, const char *msg)
{
	char why[80] = "";

	assert_int_equal(sched_table_check(t, why, sizeof(why)), -1);
	assert_string_equal(why, msg);
	assert_int_equal(sched_table_check(t, NULL, 0), -1);
}

static void test_check_accepts(void **state)
{
	struct sched_table t = {.frame = 7, .count = 1, .windows = {{7, 0, false}}};

	(void)state;
	expect_good(&four);
	expect_good(&t);
	t.windows[0] = (struct sched_window){7, SCHED_IDLE, true};
	expect_good(&t);
	t.count = SCHED_MAX_WINDOWS;
	t.frame = 0;
	for (size_t i = 0; i < SCHED_MAX_WINDOWS; i++) {
		t.windows[i] = (struct sched_window){UINT64_MAX / 32, (int)i % 3, i & 1};
		t.frame += UINT64_MAX / 32;
	}
	expect_good(&t);
}

static void test_check_rejects(void **state)
{
	struct sched_table t = four;

	(void)state;
	t.count = 0;
	expect_bad(&t, "no windows");
	t.count = SCHED_MAX_WINDOWS + 1;
	expect_bad(&t, "more than 16 windows");
	t = four;
	t.windows[3].length = 0;
	expect_bad(&t, "window 3 has length 0");
	t = four;
	t.windows[1].owner = -2;
	expect_bad(&t, "window 1 has owner -2");
	t = four;
	t.frame = 60;
	expect_bad(&t, "windows sum to 50, not the frame 60");
	t.frame = 40;
	expect_bad(&t, "windows sum to 50, not the frame 40");
	t.frame = 0;
	expect_bad(&t, "windows sum to 50, not the frame 0");
	t = four;
	t.windows[2].length = UINT64_MAX - 20;
	expect_bad(&t, "windows sum past 2^64, not the frame 50");
}

static void test_check_truncates(void **state)
{
	struct sched_table t = four;
	char why[8];

	(void)state;
	t.frame = 1;
	assert_int_equal(sched_table_check(&t, why, sizeof(why)), -1);
	assert_string_equal(why, "windows");
}

/* The reference: walk the windows from start until the one holding now. */
static const struct sched_window *walk(const struct sched_table *t, uint64_t start, uint64_t now,
				       uint64_t *end)
{
	for (size_t i = 0;; i = (i + 1) % t->count) {
		start += t->windows[i].length;
		if (now < start) {
			*end = start;
			return &t->windows[i];
		}
	}
}

static void test_at_matches_walk(void **state)
{
	static const uint64_t starts[] = {0, 1, 1000, 123456789};

	(void)state;
	for (size_t s = 0; s < ARRAY_SIZE(starts); s++) {
		for (uint64_t now = starts[s]; now < starts[s] + 4 * four.frame + 7; now++) {
			uint64_t end = 0, want_end = 0;

			assert_ptr_equal(sched_table_at(&four, starts[s], now, &end),
					 walk(&four, starts[s], now, &want_end));
			assert_int_equal(end, want_end);
		}
	}
}

static void test_at_boundaries(void **state)
{
	const uint64_t start = 1000;
	uint64_t end;

	(void)state;
	assert_ptr_equal(sched_table_at(&four, start, start, &end), &four.windows[0]);
	assert_int_equal(end, start + 10);
	assert_ptr_equal(sched_table_at(&four, start, start + 9, &end), &four.windows[0]);
	assert_int_equal(end, start + 10);
	assert_ptr_equal(sched_table_at(&four, start, start + 10, &end), &four.windows[1]);
	assert_int_equal(end, start + 30);
	assert_ptr_equal(sched_table_at(&four, start, start + 49, &end), &four.windows[3]);
	assert_int_equal(end, start + 50);
	assert_ptr_equal(sched_table_at(&four, start, start + 50, &end), &four.windows[0]);
	assert_int_equal(end, start + 60);
	/* Each window's end is the next one's first tick, for many frames on. */
	for (uint64_t now = start + 1000 * four.frame, i = 0; i < 40; i++) {
		const struct sched_window *w = sched_table_at(&four, start, now, &end);
		size_t idx = (size_t)(w - four.windows);
		uint64_t next_end;

		assert_ptr_equal(sched_table_at(&four, start, end - 1, &next_end), w);
		assert_int_equal(next_end, end);
		w = sched_table_at(&four, start, end, &next_end);
		assert_ptr_equal(w, &four.windows[(idx + 1) % four.count]);
		assert_int_equal(next_end, end + w->length);
		now = end;
	}
}

static void test_at_before_start(void **state)
{
	uint64_t end;

	(void)state;
	assert_ptr_equal(sched_table_at(&four, 1000, 999, &end), &four.windows[3]);
	assert_int_equal(end, 1000);
	assert_ptr_equal(sched_table_at(&four, 1000, 950, &end), &four.windows[0]);
	assert_int_equal(end, 960);
	assert_ptr_equal(sched_table_at(&four, UINT64_MAX, 0, &end), &four.windows[3]);
	assert_int_equal(end, 15); /* UINT64_MAX - 0 = 15 mod 50: 35 into the frame */
}

static void test_at_large_numbers(void **state)
{
	struct sched_table t = {
	    .frame = 1000003,
	    .count = 2,
	    .windows = {{1000000, 0, false}, {3, 1, false}},
	};
	const uint64_t start = 1ULL << 63;
	uint64_t now = UINT64_MAX - 2, end, offset = (now - start) % t.frame;
	const struct sched_window *w = sched_table_at(&t, start, now, &end);

	(void)state;
	expect_good(&t);
	assert_ptr_equal(w, &t.windows[offset < 1000000 ? 0 : 1]);
	assert_int_equal(end, UINT64_MAX); /* the window reaches past 2^64 */
	now = start + 5 * t.frame + 999999;
	assert_ptr_equal(sched_table_at(&t, start, now, &end), &t.windows[0]);
	assert_int_equal(end, now + 1);
	assert_ptr_equal(sched_table_at(&t, start, now + 1, &end), &t.windows[1]);
	assert_int_equal(end, now + 4);
	assert_ptr_equal(sched_table_at(&t, 0, UINT64_MAX, NULL),
			 &t.windows[UINT64_MAX % t.frame < 1000000 ? 0 : 1]);
}

static void test_at_single_window(void **state)
{
	const struct sched_table t = {.frame = 100, .count = 1, .windows = {{100, 4, false}}};
	uint64_t end;

	(void)state;
	for (uint64_t now = 500; now < 900; now += 37) {
		assert_ptr_equal(sched_table_at(&t, 500, now, &end), &t.windows[0]);
		assert_int_equal(end, 500 + (now - 500) / 100 * 100 + 100);
	}
	assert_ptr_equal(sched_table_at(&t, 0, UINT64_MAX, &end), &t.windows[0]);
	assert_int_equal(end, UINT64_MAX); /* UINT64_MAX + 1 would wrap */
}

static void test_at_unusable_table(void **state)
{
	struct sched_table t = {.frame = 0, .count = 1, .windows = {{10, 0, false}}};
	uint64_t end = 77;

	(void)state;
	assert_null(sched_table_at(&t, 0, 5, &end));
	t.frame = 20; /* windows fall short of the frame */
	assert_ptr_equal(sched_table_at(&t, 0, 5, &end), &t.windows[0]);
	assert_null(sched_table_at(&t, 0, 15, &end));
	t.count = 0;
	assert_null(sched_table_at(&t, 0, 5, &end));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_check_accepts),     cmocka_unit_test(test_check_rejects),
	    cmocka_unit_test(test_check_truncates),   cmocka_unit_test(test_at_matches_walk),
	    cmocka_unit_test(test_at_boundaries),     cmocka_unit_test(test_at_before_start),
	    cmocka_unit_test(test_at_large_numbers),  cmocka_unit_test(test_at_single_window),
	    cmocka_unit_test(test_at_unusable_table),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
