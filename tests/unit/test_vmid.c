/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Unit tests for core/vm/vmid.c: whether a number of guests gets VMIDs of its
 * own out of VMIDLEN bits (VMID 0 kept back, so 2^bits - 1 of them), the
 * VMID each guest gets either way, and the plan the boot sets up.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <string.h>

#include <cmocka.h>

#include "host_arch.h"
#include "vm/vmid.h"

static void test_fits_at_the_edges(void **state)
{
	(void)state;
	assert_true(vmid_fits(0, 0));
	assert_false(vmid_fits(1, 0));
	assert_true(vmid_fits(1, 1));
	assert_false(vmid_fits(2, 1));
	assert_true(vmid_fits(3, 2));
	assert_false(vmid_fits(4, 2));
	assert_true(vmid_fits(7, 3));
	assert_false(vmid_fits(8, 3));
	assert_true(vmid_fits(8, 4));
	assert_true(vmid_fits(16383, 14));
	assert_false(vmid_fits(16384, 14));
	/* More bits than hgatp has count as 14. */
	assert_false(vmid_fits(16384, 20));
}

static void test_own_vmids_are_index_plus_one(void **state)
{
	(void)state;
	for (unsigned i = 0; i < 8; i++)
		assert_int_equal(vmid_for(i, 8, 14), i + 1);
	assert_int_equal(vmid_for(2, 3, 2), 3);
}

static void test_too_few_bits_share_vmid_zero(void **state)
{
	(void)state;
	for (unsigned i = 0; i < 4; i++)
		assert_int_equal(vmid_for(i, 4, 2), 0);
	for (unsigned i = 0; i < 8; i++)
		assert_int_equal(vmid_for(i, 8, 0), 0);
	/* An index outside the plan never gets a VMID a planned guest has. */
	assert_int_equal(vmid_for(3, 3, 2), 0);
}

static void test_plan(void **state)
{
	(void)state;
	host_console_reset();
	vmid_set_bits(2);
	assert_int_equal(vmid_bits(), 2);
	vmid_plan(3);
	assert_int_equal(vmid_of(0), 1);
	assert_int_equal(vmid_of(2), 3);
	assert_null(strstr(host_console_text, "share VMID 0"));
	vmid_plan(4);
	assert_int_equal(vmid_of(0), 0);
	assert_int_equal(vmid_of(3), 0);
	assert_non_null(strstr(host_console_text, "4 guests, VMIDLEN 2 gives 3; all share VMID 0"));
	vmid_set_bits(30);
	assert_int_equal(vmid_bits(), VMID_BITS_MAX);
	vmid_plan(4);
	assert_int_equal(vmid_of(3), 4);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_fits_at_the_edges),
	    cmocka_unit_test(test_own_vmids_are_index_plus_one),
	    cmocka_unit_test(test_too_few_bits_share_vmid_zero),
	    cmocka_unit_test(test_plan),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
