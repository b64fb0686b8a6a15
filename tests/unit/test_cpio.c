/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Unit tests for core/lib/cpio.c: archives written here entry by entry, as
 * `cpio -o -H newc` and `-H crc` write them, are read back (names with and
 * without "./", empty files, the checksum field); then every way of breaking
 * one (bad magic, non-hex fields, names without their NUL, sizes past the
 * end, a missing trailer, archives cut at every byte) gives an error and no
 * read outside the buffer, which ASan would catch.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "lib/cpio.h"

#define ARCHIVE_MAX 4096

struct archive {
	size_t len;
	uint8_t buf[ARCHIVE_MAX];
};

/* Append one entry with explicit header fields, padded as the format wants. */
static void put_raw(struct archive *a, const char *magic, const char *name, uint32_t namesize,
		    const void *data, uint32_t filesize, uint32_t check)
{
	size_t name_len = strlen(name) + 1;
	size_t data_len = data ? filesize : 0;

	a->len += (size_t)sprintf((char *)a->buf + a->len,
				  "%s%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X", magic,
				  1, 0100644, 0, 0, 1, 0, filesize, 0, 0, 0, 0, namesize, check);
	memcpy(a->buf + a->len, name, name_len);
	a->len = (a->len + name_len + 3) & ~(size_t)3;
	if (data_len)
		memcpy(a->buf + a->len, data, data_len);
	a->len = (a->len + data_len + 3) & ~(size_t)3;
}

static void put(struct archive *a, const char *magic, const char *name, const char *data)
{
	uint32_t size = (uint32_t)strlen(data);

	put_raw(a, magic, name, (uint32_t)strlen(name) + 1, data, size,
		magic[5] == '2' ? cpio_sum(data, size) : 0);
}

static void put_trailer(struct archive *a)
{
	put(a, "070701", "TRAILER!!!", "");
}

static struct archive *three_files(const char *magic)
{
	static struct archive a;

	memset(&a, 0, sizeof(a));
	put(&a, magic, "hello.bin", "hello");
	put(&a, magic, "./big.bin", "a longer file of 27 bytes..");
	put(&a, magic, "empty", "");
	put_trailer(&a);
	return &a;
}

static void test_lists_every_file(void **state)
{
	struct archive *a = three_files("070701");
	struct cpio_entry e;
	size_t off = 0;

	(void)state;
	assert_int_equal(cpio_next(a->buf, a->len, &off, &e), CPIO_OK);
	assert_string_equal(e.name, "hello.bin");
	assert_int_equal(e.size, 5);
	assert_memory_equal(e.data, "hello", 5);
	assert_false(e.has_check);
	assert_int_equal(cpio_next(a->buf, a->len, &off, &e), CPIO_OK);
	assert_string_equal(e.name, "big.bin");
	assert_int_equal(e.size, 27);
	assert_int_equal(cpio_next(a->buf, a->len, &off, &e), CPIO_OK);
	assert_string_equal(e.name, "empty");
	assert_int_equal(e.size, 0);
	assert_int_equal(cpio_next(a->buf, a->len, &off, &e), CPIO_END);
}

static void test_finds_with_and_without_dot_slash(void **state)
{
	struct archive *a = three_files("070702");
	struct cpio_entry e;
	size_t off;

	(void)state;
	assert_int_equal(cpio_find(a->buf, a->len, "big.bin", &e, &off), CPIO_OK);
	assert_memory_equal(e.data, "a longer file", 13);
	assert_int_equal(cpio_find(a->buf, a->len, "./hello.bin", &e, &off), CPIO_OK);
	assert_int_equal(e.size, 5);
	assert_int_equal(cpio_find(a->buf, a->len, "nothing", &e, &off), CPIO_NOT_FOUND);
	assert_int_equal(cpio_find(a->buf, a->len, "TRAILER!!!", &e, &off), CPIO_NOT_FOUND);
}

static void test_crc_entries_carry_the_sum(void **state)
{
	struct archive *a = three_files("070702");
	struct cpio_entry e;
	size_t off;

	(void)state;
	assert_int_equal(cpio_find(a->buf, a->len, "hello.bin", &e, &off), CPIO_OK);
	assert_true(e.has_check);
	assert_int_equal(e.check, 'h' + 'e' + 'l' + 'l' + 'o');
	assert_int_equal(cpio_sum(e.data, e.size), e.check);
}

static void test_sum_wraps_at_32_bits(void **state)
{
	size_t size = (1u << 24) + 2; /* more than 2^32 / 255 bytes of 0xff */
	uint8_t *data = malloc(size);

	(void)state;
	assert_non_null(data);
	memset(data, 0xff, size);
	assert_int_equal(cpio_sum(data, size), (uint32_t)((uint64_t)size * 255));
	free(data);
}

static void test_refuses_bad_magic_and_fields(void **state)
{
	struct archive *a = three_files("070701");
	struct cpio_entry e;
	size_t off = 0;

	(void)state;
	a->buf[5] = '7'; /* 070707: the old binary-ish odc format */
	assert_int_equal(cpio_next(a->buf, a->len, &off, &e), CPIO_BAD_MAGIC);
	a->buf[5] = '1';
	a->buf[6 + 6 * 8 + 3] = 'g'; /* filesize */
	assert_int_equal(cpio_next(a->buf, a->len, &off, &e), CPIO_BAD_FIELD);
	assert_int_equal(off, 0);
	assert_int_equal(cpio_find(a->buf, a->len, "big.bin", &e, &off), CPIO_BAD_FIELD);
	assert_int_equal(off, 0);
}

static void test_refuses_malformed_names(void **state)
{
	static struct archive a;
	struct cpio_entry e;
	size_t off = 0;

	(void)state;
	put_raw(&a, "070701", "name", 3, "x", 1, 0); /* namesize cuts off the NUL */
	put_trailer(&a);
	assert_int_equal(cpio_next(a.buf, a.len, &off, &e), CPIO_BAD_NAME);
	memset(&a, 0, sizeof(a));
	put_raw(&a, "070701", "", 1, "x", 1, 0); /* an empty name */
	assert_int_equal(cpio_next(a.buf, a.len, &off, &e), CPIO_BAD_NAME);
	memset(&a, 0, sizeof(a));
	put_raw(&a, "070701", "ab", 0, "x", 1, 0); /* namesize 0 */
	assert_int_equal(cpio_next(a.buf, a.len, &off, &e), CPIO_BAD_NAME);
}

static void test_refuses_sizes_past_the_end(void **state)
{
	static struct archive a;
	struct cpio_entry e;
	size_t off = 0;

	(void)state;
	put_raw(&a, "070701", "x", 2, NULL, 0xffffffff, 0);
	assert_int_equal(cpio_next(a.buf, a.len, &off, &e), CPIO_TRUNCATED);
	memset(&a, 0, sizeof(a));
	put_raw(&a, "070701", "x", 0xffffffff, NULL, 0, 0);
	assert_int_equal(cpio_next(a.buf, a.len, &off, &e), CPIO_TRUNCATED);
	off = a.len + 1;
	assert_int_equal(cpio_next(a.buf, a.len, &off, &e), CPIO_TRUNCATED);
}

static void test_needs_a_trailer(void **state)
{
	static struct archive a;
	struct cpio_entry e;
	size_t off;

	(void)state;
	put(&a, "070701", "one", "1");
	assert_int_equal(cpio_find(a.buf, a.len, "two", &e, &off), CPIO_TRUNCATED);
	assert_int_equal(cpio_find(a.buf, 0, "two", &e, &off), CPIO_TRUNCATED);
}

/* Cut short anywhere, an archive gives an error or what lies wholly before the cut. */
static void test_every_cut_is_safe(void **state)
{
	struct archive *a = three_files("070702");

	(void)state;
	for (size_t cut = 0; cut < a->len; cut++) {
		uint8_t *copy = malloc(cut ? cut : 1);
		struct cpio_entry e;
		size_t off = 0;
		enum cpio_status status;

		memcpy(copy, a->buf, cut);
		while ((status = cpio_next(copy, cut, &off, &e)) == CPIO_OK)
			assert_true(e.data + e.size <= copy + cut);
		assert_int_equal(status, CPIO_TRUNCATED);
		free(copy);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_lists_every_file),
	    cmocka_unit_test(test_finds_with_and_without_dot_slash),
	    cmocka_unit_test(test_crc_entries_carry_the_sum),
	    cmocka_unit_test(test_sum_wraps_at_32_bits),
	    cmocka_unit_test(test_refuses_bad_magic_and_fields),
	    cmocka_unit_test(test_refuses_malformed_names),
	    cmocka_unit_test(test_refuses_sizes_past_the_end),
	    cmocka_unit_test(test_needs_a_trailer),
	    cmocka_unit_test(test_every_cut_is_safe),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
