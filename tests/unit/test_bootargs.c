/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Unit tests for core/boot/bootargs.c: bootargs_has matches only whole
 * space- or tab-separated words of the command line.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>

#include <cmocka.h>

#include "boot/bootargs.h"

static void test_bootargs_whole_words(void **state)
{
	const char *args = "console=ttyS0 erg.selftest=fault\terg.debug  quiet";

	(void)state;
	assert_true(bootargs_has(args, "console=ttyS0"));
	assert_true(bootargs_has(args, "erg.selftest=fault"));
	assert_true(bootargs_has(args, "erg.debug"));
	assert_true(bootargs_has(args, "quiet"));
	/* Prefixes, suffixes and longer words do not match. */
	assert_false(bootargs_has(args, "erg.selftest"));
	assert_false(bootargs_has(args, "erg.selftest=faul"));
	assert_false(bootargs_has(args, "selftest=fault"));
	assert_false(bootargs_has(args, "quie"));
	assert_false(bootargs_has("erg.selftest=faulty", "erg.selftest=fault"));
	assert_false(bootargs_has("xerg.debug", "erg.debug"));
}

static void test_bootargs_edges(void **state)
{
	(void)state;
	assert_false(bootargs_has(NULL, "quiet"));
	assert_false(bootargs_has("", "quiet"));
	assert_false(bootargs_has("quiet", ""));
	assert_false(bootargs_has("   ", ""));
	assert_true(bootargs_has("  quiet  ", "quiet"));
	assert_true(bootargs_has("\tquiet", "quiet"));
	assert_false(bootargs_has("quiet", "quiet quiet"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_bootargs_whole_words),
	    cmocka_unit_test(test_bootargs_edges),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
