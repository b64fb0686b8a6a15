/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The MMIO registry (core/dev/mmio_map.h): finding the region that wholly
 * holds an access, whichever region was found last (the hint tried first),
 * refusing overlaps, and an access straddling a region's end or falling in
 * a gap belonging to no device.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "dev/mmio_map.h"

static int mmio_none_read(void *dev, uint64_t offset, unsigned width, uint64_t *value)
{
	(void)dev;
	(void)offset;
	(void)width;
	*value = 0;
	return 0;
}

static int mmio_none_write(void *dev, uint64_t offset, unsigned width, uint64_t value)
{
	(void)dev;
	(void)offset;
	(void)width;
	(void)value;
	return 0;
}

static const struct mmio_ops ops = {mmio_none_read, mmio_none_write};
static struct mmio_map map;

/* Three devices with a gap between the second and the third. */
static int setup(void **state)
{
	(void)state;
	map = (struct mmio_map){0};
	assert_int_equal(mmio_map_add(&map, 0x1000, 0x100, &ops, NULL, "a"), 0);
	assert_int_equal(mmio_map_add(&map, 0x1100, 0x100, &ops, NULL, "b"), 0);
	assert_int_equal(mmio_map_add(&map, 0x3000, 0x1000, &ops, NULL, "c"), 0);
	return 0;
}

static const char *found(uint64_t gpa, unsigned width)
{
	const struct mmio_region *r = mmio_map_find(&map, gpa, width);

	return r ? r->name : "none";
}

static void test_each_region_is_found_whatever_was_found_before(void **state)
{
	static const struct {
		uint64_t gpa;
		unsigned width;
		const char *want;
	} runs[] = {
	    {0x1000, 4, "a"}, {0x10fc, 4, "a"}, {0x1100, 4, "b"}, {0x1000, 1, "a"},
	    {0x3ff8, 8, "c"}, {0x11ff, 1, "b"}, {0x3000, 4, "c"}, {0x10ff, 1, "a"},
	};

	(void)state;
	for (int round = 0; round < 2; round++)
		for (size_t i = 0; i < sizeof(runs) / sizeof(runs[0]); i++)
			assert_string_equal(found(runs[i].gpa, runs[i].width), runs[i].want);
}

static void test_the_last_region_found_does_not_claim_its_neighbours(void **state)
{
	(void)state;
	assert_string_equal(found(0x10f0, 4), "a");
	assert_string_equal(found(0x1100, 4), "b");
	assert_string_equal(found(0x10f0, 4), "a");
	assert_string_equal(found(0x3000, 4), "c");
	assert_string_equal(found(0x2000, 4), "none"); /* the gap, just after c was found */
	assert_string_equal(found(0x4000, 1), "none");
	assert_string_equal(found(0xfff, 1), "none");
}

static void test_an_access_straddling_a_region_end_belongs_to_none(void **state)
{
	(void)state;
	assert_string_equal(found(0x3ffc, 4), "c");
	assert_string_equal(found(0x3ffc, 8), "none");
	assert_string_equal(found(0x10fe, 4), "none"); /* half in a, half in b */
}

static void test_overlaps_are_refused(void **state)
{
	(void)state;
	assert_int_equal(mmio_map_add(&map, 0x10f0, 0x20, &ops, NULL, "x"), -1);
	assert_int_equal(mmio_map_add(&map, 0x2f00, 0x200, &ops, NULL, "x"), -1);
	assert_int_equal(mmio_map_add(&map, 0x2000, 0x1000, &ops, NULL, "d"), 0);
	assert_string_equal(found(0x2ff8, 8), "d");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup(test_each_region_is_found_whatever_was_found_before, setup),
	    cmocka_unit_test_setup(test_the_last_region_found_does_not_claim_its_neighbours, setup),
	    cmocka_unit_test_setup(test_an_access_straddling_a_region_end_belongs_to_none, setup),
	    cmocka_unit_test_setup(test_overlaps_are_refused, setup),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
