/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Config-space fields (core/virtio/virtio_config.c): little-endian reads of any
 * width at any offset inside the space, -1 for anything reaching outside it
 * (the value then untouched), and stores of exactly the bytes asked for.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "virtio/virtio_config.h"

static const uint8_t space[10] = {0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x08, 0x09, 0xfa};

static void test_reads_little_endian_any_width(void **state)
{
	uint64_t v;

	(void)state;
	assert_int_equal(virtio_config_read(space, sizeof(space), 0, 1, &v), 0);
	assert_int_equal(v, 0x01);
	assert_int_equal(virtio_config_read(space, sizeof(space), 0, 2, &v), 0);
	assert_int_equal(v, 0x0201);
	assert_int_equal(virtio_config_read(space, sizeof(space), 0, 4, &v), 0);
	assert_int_equal(v, 0x04030201);
	assert_int_equal(virtio_config_read(space, sizeof(space), 0, 8, &v), 0);
	assert_int_equal(v, 0x0807060504030201ULL);
	/* Unaligned and odd widths read the same bytes. */
	assert_int_equal(virtio_config_read(space, sizeof(space), 1, 2, &v), 0);
	assert_int_equal(v, 0x0302);
	assert_int_equal(virtio_config_read(space, sizeof(space), 3, 3, &v), 0);
	assert_int_equal(v, 0x060504);
	assert_int_equal(virtio_config_read(space, sizeof(space), 2, 8, &v), 0);
	assert_int_equal(v, 0xfa09080706050403ULL);
}

static void test_last_bytes_readable(void **state)
{
	uint64_t v;

	(void)state;
	assert_int_equal(virtio_config_read(space, sizeof(space), 9, 1, &v), 0);
	assert_int_equal(v, 0xfa); /* no sign extension */
	assert_int_equal(virtio_config_read(space, sizeof(space), 8, 2, &v), 0);
	assert_int_equal(v, 0xfa09);
	assert_int_equal(virtio_config_read(space, sizeof(space), 6, 4, &v), 0);
	assert_int_equal(v, 0xfa090807);
}

static void test_out_of_range_is_minus_one(void **state)
{
	static const struct {
		uint64_t offset;
		unsigned width;
	} bad[] = {
	    {10, 1},	     {9, 2},  {8, 4},	       {3, 8},
	    {11, 1},	     {0, 11}, {UINT64_MAX, 1}, {UINT64_MAX - 1, 4},
	    {1ULL << 63, 8},
	};
	uint64_t v;

	(void)state;
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		v = 0x1234;
		assert_int_equal(
		    virtio_config_read(space, sizeof(space), bad[i].offset, bad[i].width, &v), -1);
		assert_int_equal(v, 0x1234);
	}
	v = 0x1234;
	assert_int_equal(virtio_config_read(space, 0, 0, 1, &v), -1); /* an empty space */
	assert_int_equal(v, 0x1234);
}

static void test_put_stores_exactly_len_bytes(void **state)
{
	uint8_t buf[10];
	uint64_t v;

	(void)state;
	memset(buf, 0xee, sizeof(buf));
	virtio_config_put(buf + 1, 0x1122334455667788ULL, 4);
	assert_memory_equal(buf, "\xee\x88\x77\x66\x55\xee", 6);
	virtio_config_put(buf, 0x0102030405060708ULL, 8);
	assert_memory_equal(buf, "\x08\x07\x06\x05\x04\x03\x02\x01\xee\xee", 10);
	virtio_config_put(buf + 8, 0xabcd, 2);
	assert_int_equal(virtio_config_read(buf, sizeof(buf), 8, 2, &v), 0);
	assert_int_equal(v, 0xabcd);
	virtio_config_put(buf, 0xff, 0);
	assert_int_equal(buf[0], 0x08);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_reads_little_endian_any_width),
	    cmocka_unit_test(test_last_bytes_readable),
	    cmocka_unit_test(test_out_of_range_is_minus_one),
	    cmocka_unit_test(test_put_stores_exactly_len_bytes),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
