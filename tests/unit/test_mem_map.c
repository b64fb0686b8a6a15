/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Unit tests for core/mem/mem_map.c, the sorted set of disjoint physical ranges
 * boot builds free memory with: add merges touching and overlapping ranges
 * and keeps order; remove splits, trims and deletes across several ranges;
 * both report -1 when the map would need more than MEM_MAP_MAX entries; align
 * shrinks ranges inward and drops those left empty; ranges that reach the top
 * of the 64-bit address space saturate instead of wrapping; and the edges of
 * contains and overlaps (adjacent ranges share no byte, empty ranges none).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>

#include <cmocka.h>

#include "mem/mem_map.h"

#define TOP_PAGE 0xfffffffffffff000ULL

/* Assert that map holds exactly the n (base, size) pairs in want, in order. */
static void expect_ranges(const struct mem_map *map, const uint64_t *want, size_t n)
{
	assert_int_equal(map->count, n);
	for (size_t i = 0; i < n; i++) {
		assert_int_equal(map->range[i].base, want[2 * i]);
		assert_int_equal(map->range[i].size, want[2 * i + 1]);
	}
}

#define EXPECT(map, ...)                                                                           \
	do {                                                                                       \
		const uint64_t want_[] = {__VA_ARGS__};                                            \
		expect_ranges(map, want_, ARRAY_SIZE(want_) / 2);                                  \
	} while (0)

static void test_add_keeps_order(void **state)
{
	struct mem_map m;

	(void)state;
	mem_map_init(&m);
	assert_int_equal(mem_map_add(&m, 0x5000, 0x1000), 0);
	assert_int_equal(mem_map_add(&m, 0x1000, 0x1000), 0);
	assert_int_equal(mem_map_add(&m, 0x9000, 0x1000), 0);
	assert_int_equal(mem_map_add(&m, 0x3000, 0x1000), 0);
	EXPECT(&m, 0x1000, 0x1000, 0x3000, 0x1000, 0x5000, 0x1000, 0x9000, 0x1000);
	assert_int_equal(mem_map_total(&m), 0x4000);
}

static void test_add_merges_touching(void **state)
{
	struct mem_map m;

	(void)state;
	mem_map_init(&m);
	mem_map_add(&m, 0x1000, 0x1000);
	mem_map_add(&m, 0x3000, 0x1000);
	mem_map_add(&m, 0x2000, 0x1000); /* touches both: one range */
	EXPECT(&m, 0x1000, 0x3000);
	mem_map_add(&m, 0x4000, 0x1000); /* touches the end */
	mem_map_add(&m, 0x0, 0x1000);	 /* touches the start */
	EXPECT(&m, 0x0, 0x5000);
}

static void test_add_merges_overlapping(void **state)
{
	struct mem_map m;

	(void)state;
	mem_map_init(&m);
	mem_map_add(&m, 0x1000, 0x1000);
	mem_map_add(&m, 0x4000, 0x1000);
	mem_map_add(&m, 0x8000, 0x1000);
	mem_map_add(&m, 0x20000, 0x1000);
	/* Swallows the middle two, overlaps the first, stops short of the last. */
	mem_map_add(&m, 0x1800, 0x7000);
	EXPECT(&m, 0x1000, 0x8000, 0x20000, 0x1000);
	/* Wholly inside an existing range: no change. */
	mem_map_add(&m, 0x2000, 0x100);
	EXPECT(&m, 0x1000, 0x8000, 0x20000, 0x1000);
	/* Zero size adds nothing. */
	assert_int_equal(mem_map_add(&m, 0x50000, 0), 0);
	assert_int_equal(m.count, 2);
}

static void test_add_overflow(void **state)
{
	struct mem_map m;

	(void)state;
	mem_map_init(&m);
	for (uint64_t i = 0; i < MEM_MAP_MAX; i++)
		assert_int_equal(mem_map_add(&m, i * 0x10000, 0x1000), 0);
	assert_int_equal(m.count, MEM_MAP_MAX);
	assert_int_equal(mem_map_add(&m, 0x8000, 0x1000), -1);
	assert_int_equal(m.count, MEM_MAP_MAX);
	assert_false(mem_map_contains(&m, 0x8000, 0x1000));
	/* A full map still takes a range that merges into one already there. */
	assert_int_equal(mem_map_add(&m, 0x1000, 0x1000), 0);
	assert_int_equal(m.range[0].size, 0x2000);
}

static void test_remove_splits_middle(void **state)
{
	struct mem_map m;

	(void)state;
	mem_map_init(&m);
	mem_map_add(&m, 0x10000, 0x10000);
	assert_int_equal(mem_map_remove(&m, 0x14000, 0x2000), 0);
	EXPECT(&m, 0x10000, 0x4000, 0x16000, 0xa000);
	assert_false(mem_map_contains(&m, 0x14000, 1));
	assert_true(mem_map_contains(&m, 0x13fff, 1));
	assert_true(mem_map_contains(&m, 0x16000, 1));
}

static void test_remove_trims_ends(void **state)
{
	struct mem_map m;

	(void)state;
	mem_map_init(&m);
	mem_map_add(&m, 0x10000, 0x10000);
	mem_map_remove(&m, 0x8000, 0x9000); /* overlaps the start */
	EXPECT(&m, 0x11000, 0xf000);
	mem_map_remove(&m, 0x1f000, 0x5000); /* overlaps the end */
	EXPECT(&m, 0x11000, 0xe000);
	mem_map_remove(&m, 0x11000, 0x1000); /* exactly the first page */
	EXPECT(&m, 0x12000, 0xd000);
	mem_map_remove(&m, 0x1e000, 0x1000); /* exactly the last page */
	EXPECT(&m, 0x12000, 0xc000);
}

static void test_remove_whole_and_outside(void **state)
{
	struct mem_map m;

	(void)state;
	mem_map_init(&m);
	mem_map_add(&m, 0x10000, 0x1000);
	mem_map_add(&m, 0x20000, 0x1000);
	mem_map_remove(&m, 0x11000, 0xf000); /* the gap, touching both */
	mem_map_remove(&m, 0x0, 0x10000);
	mem_map_remove(&m, 0x30000, 0);
	EXPECT(&m, 0x10000, 0x1000, 0x20000, 0x1000);
	mem_map_remove(&m, 0x10000, 0x1000); /* exactly the first range */
	EXPECT(&m, 0x20000, 0x1000);
	mem_map_remove(&m, 0x0, 0x100000); /* covers everything */
	assert_int_equal(m.count, 0);
	assert_int_equal(mem_map_total(&m), 0);
}

static void test_remove_across_ranges(void **state)
{
	struct mem_map m;

	(void)state;
	mem_map_init(&m);
	mem_map_add(&m, 0x10000, 0x10000);
	mem_map_add(&m, 0x30000, 0x10000);
	mem_map_add(&m, 0x50000, 0x10000);
	mem_map_add(&m, 0x70000, 0x10000);
	/* Trims the end of the first, drops the two middle, trims the start of the last. */
	assert_int_equal(mem_map_remove(&m, 0x18000, 0x5c000), 0);
	EXPECT(&m, 0x10000, 0x8000, 0x74000, 0xc000);
}

static void test_remove_split_overflow(void **state)
{
	struct mem_map m;

	(void)state;
	mem_map_init(&m);
	for (uint64_t i = 0; i < MEM_MAP_MAX; i++)
		mem_map_add(&m, i * 0x10000, 0x4000);
	/* Trimming needs no new entry, so it works even when full. */
	assert_int_equal(mem_map_remove(&m, 0x0, 0x1000), 0);
	assert_int_equal(m.count, MEM_MAP_MAX);
	/* A split needs one more entry than there is. */
	assert_int_equal(mem_map_remove(&m, 0x51000, 0x1000), -1);
	/* Whatever survived, the hole is not free and nothing new appeared. */
	assert_false(mem_map_contains(&m, 0x51000, 1));
	assert_true(m.count <= MEM_MAP_MAX);
	assert_true(mem_map_total(&m) <= MEM_MAP_MAX * 0x4000 - 0x2000);
	for (size_t i = 1; i < m.count; i++)
		assert_true(m.range[i - 1].base + m.range[i - 1].size < m.range[i].base);
}

static void test_align_shrinks_inward(void **state)
{
	struct mem_map m;

	(void)state;
	mem_map_init(&m);
	mem_map_add(&m, 0x1001, 0x3000);  /* [0x1001, 0x4001) -> [0x2000, 0x4000) */
	mem_map_add(&m, 0x10000, 0x2000); /* already aligned: kept as is */
	mem_map_add(&m, 0x20800, 0x1000); /* crosses a boundary but holds no page */
	mem_map_add(&m, 0x30000, 0xfff);  /* smaller than a page */
	mem_map_add(&m, 0x40fff, 0x1002); /* [0x40fff, 0x42001) -> [0x41000, 0x42000) */
	mem_map_align(&m, 0x1000);
	EXPECT(&m, 0x2000, 0x2000, 0x10000, 0x2000, 0x41000, 0x1000);
	mem_map_align(&m, 0x2000);
	EXPECT(&m, 0x2000, 0x2000, 0x10000, 0x2000);
}

static void test_top_of_address_space(void **state)
{
	struct mem_map m;

	(void)state;
	mem_map_init(&m);
	/* Ends at 2^64 exactly, and one that would run past it: neither wraps to 0. */
	assert_int_equal(mem_map_add(&m, TOP_PAGE, 0x1000), 0);
	assert_int_equal(mem_map_add(&m, TOP_PAGE - 0x2000, 0x10000), 0);
	assert_int_equal(m.count, 1);
	assert_int_equal(m.range[0].base, TOP_PAGE - 0x2000);
	assert_true(m.range[0].size >= 0x2fff);
	assert_true(mem_map_contains(&m, TOP_PAGE, 0x1000));
	assert_false(mem_map_contains(&m, 0x0, 0x1000));
	assert_false(mem_map_contains(&m, TOP_PAGE - 0x3000, 0x2000));
	/* A low range stays first; the top one is not mistaken for a neighbour. */
	mem_map_add(&m, 0x0, 0x1000);
	assert_int_equal(m.count, 2);
	assert_int_equal(m.range[0].base, 0);
	assert_int_equal(m.range[1].base, TOP_PAGE - 0x2000);
	/* Removing to the end of the address space takes the whole top range. */
	assert_int_equal(mem_map_remove(&m, TOP_PAGE - 0x1000, UINT64_MAX), 0);
	EXPECT(&m, 0x0, 0x1000, TOP_PAGE - 0x2000, 0x1000);
}

static void test_align_at_top(void **state)
{
	struct mem_map m;

	(void)state;
	mem_map_init(&m);
	mem_map_add(&m, TOP_PAGE - 0x4800, 0x4800);
	mem_map_add(&m, 0x0, 0x1000);
	mem_map_align(&m, 0x1000);
	/*
	 * Saturation stores an end of 2^64 as 2^64 - 1, so the very top page may be
	 * lost to alignment; what must hold is that nothing wraps around to 0.
	 */
	assert_int_equal(m.count, 2);
	assert_int_equal(m.range[0].base, 0x0);
	assert_int_equal(m.range[0].size, 0x1000);
	assert_int_equal(m.range[1].base, TOP_PAGE - 0x4000);
	assert_true(m.range[1].size == 0x3000 || m.range[1].size == 0x4000);

	/* Rounding the base up past 2^64 must drop the range, not wrap it to 0. */
	mem_map_init(&m);
	mem_map_add(&m, 0xfffffffffffff800ULL, 0x800);
	mem_map_align(&m, 0x1000);
	assert_int_equal(m.count, 0);
}

static void test_contains_edges(void **state)
{
	struct mem_map m;

	(void)state;
	mem_map_init(&m);
	mem_map_add(&m, 0x1000, 0x1000);
	mem_map_add(&m, 0x3000, 0x1000);
	assert_true(mem_map_contains(&m, 0x1000, 0x1000));
	assert_true(mem_map_contains(&m, 0x1fff, 1));
	assert_false(mem_map_contains(&m, 0x2000, 1));
	assert_false(mem_map_contains(&m, 0xfff, 2));
	assert_false(mem_map_contains(&m, 0x1fff, 2));
	/* Spans two ranges and the gap between: not inside one range. */
	assert_false(mem_map_contains(&m, 0x1000, 0x3000));
	assert_false(mem_map_contains(&m, 0x1000, UINT64_MAX));
}

static void test_overlaps_edges(void **state)
{
	(void)state;
	assert_true(mem_range_overlaps(0x1000, 0x1000, 0x1fff, 1));
	assert_true(mem_range_overlaps(0x1000, 0x1000, 0x0, 0x1001));
	assert_true(mem_range_overlaps(0x1000, 0x1000, 0x1400, 0x100)); /* inside */
	assert_true(mem_range_overlaps(0x1400, 0x100, 0x1000, 0x1000)); /* around */
	/* Adjacent on either side: no shared byte. */
	assert_false(mem_range_overlaps(0x1000, 0x1000, 0x2000, 0x1000));
	assert_false(mem_range_overlaps(0x2000, 0x1000, 0x1000, 0x1000));
	/* A zero size never overlaps, not even at the same base. */
	assert_false(mem_range_overlaps(0x1000, 0, 0x1000, 0x1000));
	assert_false(mem_range_overlaps(0x1000, 0x1000, 0x1800, 0));
	assert_false(mem_range_overlaps(0x1000, 0, 0x1000, 0));
	/* Sizes that run past 2^64 saturate rather than wrap around to 0. */
	assert_true(mem_range_overlaps(TOP_PAGE, UINT64_MAX, TOP_PAGE + 0x800, 0x10));
	assert_false(mem_range_overlaps(TOP_PAGE, UINT64_MAX, 0x0, 0x1000));
	assert_false(mem_range_overlaps(0x0, 0x1000, TOP_PAGE, 0x1000));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_add_keeps_order),
	    cmocka_unit_test(test_add_merges_touching),
	    cmocka_unit_test(test_add_merges_overlapping),
	    cmocka_unit_test(test_add_overflow),
	    cmocka_unit_test(test_remove_splits_middle),
	    cmocka_unit_test(test_remove_trims_ends),
	    cmocka_unit_test(test_remove_whole_and_outside),
	    cmocka_unit_test(test_remove_across_ranges),
	    cmocka_unit_test(test_remove_split_overflow),
	    cmocka_unit_test(test_align_shrinks_inward),
	    cmocka_unit_test(test_top_of_address_space),
	    cmocka_unit_test(test_align_at_top),
	    cmocka_unit_test(test_contains_edges),
	    cmocka_unit_test(test_overlaps_edges),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
