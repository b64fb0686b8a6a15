/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The partition-config parser (core/config*.c) on blobs that are not what
 * dtc writes, as tests/fuzz/fuzz_config.c makes them: each test is a blob
 * that once crashed the parser (a UBSan report in libfdt or in it), which
 * must refuse it with a message instead.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>

#include <cmocka.h>
#include <libfdt.h>
#include <stdlib.h>
#include <string.h>

#include "config/config.h"
#include "host_arch.h"

#define ROOM 0x10000

static struct config cfg;
static char err[160];

/*
 * A header that passes fdt_check_header with the structure block two bytes
 * off its 4-byte alignment (the blocks after the header moved up by two):
 * libfdt reads tags as aligned words, a misaligned load (UBSan's report, and
 * a trap on harts without misaligned access).
 */
static void test_misaligned_struct_block(void **state)
{
	void *dtb = host_load_test_dtb("config-two.dtb");
	_Alignas(8) static char fdt[ROOM];
	uint32_t off;

	(void)state;
	assert_int_equal(fdt_open_into(dtb, fdt, ROOM - 2), 0);
	free(dtb);
	assert_int_equal(fdt_pack(fdt), 0);
	off = fdt_off_dt_struct(fdt);
	memmove(fdt + off + 2, fdt + off, fdt_totalsize(fdt) - off);
	fdt_set_off_dt_struct(fdt, off + 2);
	fdt_set_off_dt_strings(fdt, fdt_off_dt_strings(fdt) + 2);
	fdt_set_totalsize(fdt, fdt_totalsize(fdt) + 2);
	assert_int_equal(fdt_check_header(fdt), 0);
	assert_int_equal(config_parse(fdt, &cfg, err, sizeof(err)), -1);
	assert_string_equal(err, "dtb: structure block not 4-byte aligned");
}

/*
 * A property whose length is near 2^31: libfdt's fdt_next_tag adds it to an
 * int offset before checking the bounds (a signed overflow, UBSan's report),
 * so the parser must find it first.
 */
static void test_property_length_overflow(void **state)
{
	void *dtb = host_load_test_dtb("config-two.dtb");
	_Alignas(8) static char fdt[ROOM];
	int prop;

	(void)state;
	assert_int_equal(fdt_open_into(dtb, fdt, ROOM), 0);
	free(dtb);
	prop = fdt_first_property_offset(fdt, 0);
	assert_true(prop >= 0);
	/* struct fdt_property: tag, len, nameoff; the root's first property. */
	fdt32_st(fdt + fdt_off_dt_struct(fdt) + prop + 4, 0x7ffffff0);
	assert_int_equal(fdt_check_header(fdt), 0);
	assert_int_equal(config_parse(fdt, &cfg, err, sizeof(err)), -1);
	assert_string_equal(err, "dtb: structure block malformed or past the end of the blob");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_misaligned_struct_block),
	    cmocka_unit_test(test_property_length_overflow),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
