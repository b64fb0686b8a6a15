/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Virtual PLIC (core/dev/vplic.c): the register map. Reset values; priorities,
 * enables and thresholds reading back with their WARL masks; accesses of a
 * bad width or offset failing without changing anything; the largest PLIC
 * and a one-word one; and an access arriving through the MMIO registry.
 */
#include <stdint.h>
#include <string.h>

#include "vplic_fixture.h"

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
	    cmocka_unit_test_setup(test_bad_accesses_change_nothing, setup),
	    cmocka_unit_test_setup(test_full_size, setup),
	    cmocka_unit_test_setup(test_through_registry, setup),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
