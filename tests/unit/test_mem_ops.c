/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Unit tests for arch/riscv/mem_ops.c, Erg's own memset and memcpy, built on
 * the host under other names: every pairing of source and destination
 * alignment, lengths around the word and unrolled-loop sizes, bytes beside
 * the destination left alone. The copies come from the middle of a larger
 * buffer because the shifted copy reads whole aligned words.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#define memset erg_memset
#define memcpy erg_memcpy
#include "../../arch/riscv/mem_ops.c"
#undef memset
#undef memcpy

#define BUF_SIZE 512
#define GUARD	 0xa5

static void fill_pattern(unsigned char *buf, size_t n, unsigned seed)
{
	for (size_t i = 0; i < n; i++)
		buf[i] = (unsigned char)(i * 7 + seed * 13 + 1);
}

static void check_copy(size_t src_off, size_t dst_off, size_t len)
{
	_Alignas(8) unsigned char src[BUF_SIZE];
	_Alignas(8) unsigned char dst[BUF_SIZE];

	fill_pattern(src, sizeof(src), (unsigned)(src_off + len));
	for (size_t i = 0; i < sizeof(dst); i++)
		dst[i] = GUARD;
	assert_ptr_equal(erg_memcpy(dst + 16 + dst_off, src + 16 + src_off, len),
			 dst + 16 + dst_off);
	for (size_t i = 0; i < sizeof(dst); i++) {
		size_t rel = i - 16 - dst_off;
		unsigned char want =
		    i >= 16 + dst_off && rel < len ? src[16 + src_off + rel] : GUARD;

		if (dst[i] != want)
			fail_msg("src+%zu dst+%zu len %zu: byte %zu is 0x%02x, want 0x%02x",
				 src_off, dst_off, len, i, dst[i], want);
	}
}

static void test_memcpy_every_alignment_pair(void **state)
{
	(void)state;
	for (size_t s = 0; s < 8; s++)
		for (size_t d = 0; d < 8; d++)
			for (size_t len = 0; len <= 80; len++)
				check_copy(s, d, len);
}

static void test_memcpy_long_unaligned_source(void **state)
{
	(void)state;
	/* The kernel image in the config blob: 4-byte aligned source, aligned destination. */
	check_copy(4, 0, 400);
	check_copy(3, 0, 401);
	check_copy(0, 0, 448);
	check_copy(1, 7, 399);
}

static void test_memset_alignments_and_lengths(void **state)
{
	_Alignas(8) unsigned char buf[BUF_SIZE];

	(void)state;
	for (size_t off = 0; off < 8; off++)
		for (size_t len = 0; len <= 150; len++) {
			for (size_t i = 0; i < sizeof(buf); i++)
				buf[i] = GUARD;
			assert_ptr_equal(erg_memset(buf + 8 + off, 0x3c, len), buf + 8 + off);
			for (size_t i = 0; i < sizeof(buf); i++) {
				int inside = i >= 8 + off && i < 8 + off + len;

				assert_int_equal(buf[i], inside ? 0x3c : GUARD);
			}
		}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_memcpy_every_alignment_pair),
	    cmocka_unit_test(test_memcpy_long_unaligned_source),
	    cmocka_unit_test(test_memset_alignments_and_lengths),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
