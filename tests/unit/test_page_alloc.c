/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Unit tests for core/mem/page_alloc.c over real host memory: the allocator uses
 * free-range addresses as pointers (its bitmap lives in each range's first
 * pages), so every test hands it buffers from aligned_alloc. Checked: the
 * bitmap pages are never handed out; runs are aligned to physical addresses
 * as asked; live allocations never overlap and exhaustion returns 0; freed
 * pages are reused; bad frees (double, partial, unaligned, bitmap, foreign)
 * return -1 and change nothing; bad arguments return 0; the free count tracks
 * every allocation and free.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "mem/page_alloc.h"

#define BUF_ALIGN (64 * 1024)

struct bufs {
	void *a;
	void *b;
};

static paddr_t addr(const void *p)
{
	return (paddr_t)(uintptr_t)p;
}

static void *buf_new(size_t size)
{
	void *p = aligned_alloc(BUF_ALIGN, size);

	assert_non_null(p);
	return p;
}

/* Hand the allocator the given ranges (base, size pairs). */
static size_t init_ranges(const paddr_t *r, size_t n)
{
	struct mem_map m;

	mem_map_init(&m);
	for (size_t i = 0; i < n; i++)
		assert_int_equal(mem_map_add(&m, r[2 * i], r[2 * i + 1]), 0);
	return page_alloc_init(&m);
}

static int teardown(void **state)
{
	struct bufs *b = *state;

	free(b->a);
	free(b->b);
	free(b);
	return 0;
}

/* One 1 MiB range: 256 pages, the first holding the bitmap. */
static int setup_one(void **state)
{
	struct bufs *b = calloc(1, sizeof(*b));

	b->a = buf_new(MIB(1));
	*state = b;
	return 0;
}

static void test_bitmap_page_never_returned(void **state)
{
	struct bufs *b = *state;
	paddr_t r[] = {addr(b->a), MIB(1)};

	assert_int_equal(init_ranges(r, 1), 1);
	assert_int_equal(page_alloc_free_pages(), 255);
	assert_int_equal(page_alloc(1, 1), addr(b->a) + PAGE_SIZE);
	/* Even an alignment the range base satisfies skips the bitmap page. */
	assert_int_equal(page_alloc(1, 16), addr(b->a) + 16 * PAGE_SIZE);
	assert_int_equal(page_free(addr(b->a), 1), -1);
}

static void test_bitmap_page_count(void **state)
{
	/* One bitmap page holds 32768 bits: 32768 pages need one, 32769 need two. */
	const size_t pages = 32768;
	void *big = aligned_alloc(BUF_ALIGN, (pages + 16) * PAGE_SIZE);
	paddr_t r[] = {addr(big), pages * PAGE_SIZE};

	(void)state;
	assert_non_null(big);
	assert_int_equal(init_ranges(r, 1), 1);
	assert_int_equal(page_alloc_free_pages(), pages - 1);
	assert_int_equal(page_alloc(1, 1), addr(big) + PAGE_SIZE);

	r[1] += PAGE_SIZE;
	assert_int_equal(init_ranges(r, 1), 1);
	assert_int_equal(page_alloc_free_pages(), pages + 1 - 2);
	assert_int_equal(page_alloc(1, 1), addr(big) + 2 * PAGE_SIZE);
	assert_int_equal(page_free(addr(big) + PAGE_SIZE, 1), -1);
	free(big);
}

static void test_too_small_range_skipped(void **state)
{
	struct bufs *b = *state;
	/* A one-page range would be all bitmap: left out. */
	paddr_t r[] = {addr(b->a), PAGE_SIZE, addr(b->a) + 0x10000, 2 * PAGE_SIZE};

	assert_int_equal(init_ranges(r, 2), 1);
	assert_int_equal(page_alloc_free_pages(), 1);
	assert_int_equal(page_alloc(1, 1), addr(b->a) + 0x11000);
	assert_int_equal(page_alloc(1, 1), 0);
}

static void test_alignment_is_physical(void **state)
{
	struct bufs *b = *state;
	/* Start one page into a 64 KiB aligned buffer, so the range itself is not aligned. */
	paddr_t base = addr(b->a) + PAGE_SIZE;
	paddr_t r[] = {base, MIB(1) - PAGE_SIZE};

	assert_int_equal(init_ranges(r, 1), 1);
	/* Bitmap at base; the first 16 KiB boundary after it is buffer + 16 KiB. */
	assert_int_equal(page_alloc(1, 4), addr(b->a) + 0x4000);
	assert_int_equal(page_alloc(1, 1), base + PAGE_SIZE);
	for (size_t align = 1; align <= 32; align *= 2) {
		for (size_t n = 1; n <= 5; n += 2) {
			paddr_t p = page_alloc(n, align);

			assert_int_not_equal(p, 0);
			assert_int_equal(p % (align * PAGE_SIZE), 0);
			assert_true(p >= base + PAGE_SIZE);
			assert_true(p + n * PAGE_SIZE <= addr(b->a) + MIB(1));
		}
	}
}

/* Record run [p, p + n pages) of the 256-page buffer at base in owner, failing on reuse. */
static void claim(unsigned char *owner, paddr_t base, paddr_t p, size_t n)
{
	size_t first = (p - base) / PAGE_SIZE;

	assert_true(p >= base && first >= 1 && first + n <= 256);
	for (size_t i = first; i < first + n; i++) {
		if (owner[i])
			fail_msg("page %zu handed out twice", i);
		owner[i] = 1;
	}
	/* Scribble over the run: were it the bitmap, the accounting would break. */
	memset((void *)(uintptr_t)p, 0xff, n * PAGE_SIZE);
}

static void test_no_overlap_until_exhausted(void **state)
{
	struct bufs *b = *state;
	paddr_t r[] = {addr(b->a), MIB(1)};
	unsigned char owner[256] = {0};
	size_t used = 0;
	paddr_t p;

	assert_int_equal(init_ranges(r, 1), 1);
	/* Mixed sizes and alignments until one does not fit... */
	for (size_t k = 0;; k++) {
		size_t n = 1 + k % 5, align = (size_t)1 << (k % 3);

		if (!(p = page_alloc(n, align)))
			break;
		assert_int_equal(p % (align * PAGE_SIZE), 0);
		claim(owner, addr(b->a), p, n);
		used += n;
	}
	/* ...then single pages fill every hole that is left. */
	while ((p = page_alloc(1, 1)) != 0) {
		claim(owner, addr(b->a), p, 1);
		used++;
	}
	assert_int_equal(used, 255);
	assert_int_equal(page_alloc_free_pages(), 0);
	assert_int_equal(page_alloc(1, 1), 0);
	assert_int_equal(owner[0], 0);
}

static void test_free_then_reuse(void **state)
{
	struct bufs *b = *state;
	paddr_t r[] = {addr(b->a), MIB(1)};
	paddr_t x, y;

	assert_int_equal(init_ranges(r, 1), 1);
	x = page_alloc(3, 1);
	y = page_alloc(2, 1);
	assert_int_equal(y, x + 3 * PAGE_SIZE);
	assert_int_equal(page_free(x, 3), 0);
	assert_int_equal(page_alloc(3, 1), x);
	/* Freeing part of a run frees only that part. */
	assert_int_equal(page_free(y + PAGE_SIZE, 1), 0);
	assert_int_equal(page_alloc(1, 1), y + PAGE_SIZE);
}

static void test_bad_frees_change_nothing(void **state)
{
	struct bufs *b = *state;
	paddr_t r[] = {addr(b->a), MIB(1)};
	paddr_t x;
	size_t before;
	int local;

	assert_int_equal(init_ranges(r, 1), 1);
	x = page_alloc(3, 1);
	before = page_alloc_free_pages();
	assert_int_equal(page_free(x, 4), -1);			 /* one page too many */
	assert_int_equal(page_free(x + 1, 1), -1);		 /* not page aligned */
	assert_int_equal(page_free(x, 0), -1);			 /* nothing */
	assert_int_equal(page_free(x + 3 * PAGE_SIZE, 1), -1);	 /* never allocated */
	assert_int_equal(page_free(addr(b->a), 1), -1);		 /* the bitmap */
	assert_int_equal(page_free(addr(b->a) + MIB(1), 1), -1); /* just past the range */
	assert_int_equal(page_free(addr(b->a) + MIB(1) - PAGE_SIZE, 2), -1);
	assert_int_equal(page_free(ALIGN_DOWN(addr(&local), PAGE_SIZE), 1), -1);
	assert_int_equal(page_alloc_free_pages(), before);
	/* The run is still whole: a correct free succeeds once, then fails. */
	assert_int_equal(page_free(x, 3), 0);
	assert_int_equal(page_free(x, 3), -1);
	assert_int_equal(page_free(x + PAGE_SIZE, 1), -1);
	assert_int_equal(page_alloc_free_pages(), before + 3);
}

static void test_bad_arguments(void **state)
{
	struct bufs *b = *state;
	paddr_t r[] = {addr(b->a), MIB(1)};

	assert_int_equal(init_ranges(r, 1), 1);
	assert_int_equal(page_alloc(0, 1), 0);
	assert_int_equal(page_alloc(1, 0), 0);
	assert_int_equal(page_alloc(1, 3), 0);
	assert_int_equal(page_alloc(1, 6), 0);
	assert_int_equal(page_alloc(256, 1), 0); /* more than the range minus its bitmap */
	/* Sizes that would wrap an index around must fail, not succeed small. */
	assert_int_equal(page_alloc(SIZE_MAX, 1), 0);
	assert_int_equal(page_alloc(SIZE_MAX, 2), 0);
	assert_int_equal(page_alloc(SIZE_MAX - 2, 4), 0);
	assert_int_equal(page_free(addr(b->a) + PAGE_SIZE, SIZE_MAX), -1);
	assert_int_equal(page_alloc_free_pages(), 255);
	assert_int_equal(page_alloc(255, 1), addr(b->a) + PAGE_SIZE);
}

static void test_claim_takes_exact_free_pages(void **state)
{
	struct bufs *b = *state;
	paddr_t r[] = {addr(b->a), MIB(1)};
	paddr_t base = addr(b->a);

	assert_int_equal(init_ranges(r, 1), 1);
	/* The bitmap page, ranges past the end and unaligned bases are never claimable. */
	assert_int_equal(page_claim(base, 1), -1);
	assert_int_equal(page_claim(base + MIB(1) - PAGE_SIZE, 2), -1);
	assert_int_equal(page_claim(base + PAGE_SIZE + 1, 1), -1);
	assert_int_equal(page_claim(base + PAGE_SIZE, SIZE_MAX), -1);
	assert_int_equal(page_claim(base + 16 * PAGE_SIZE, 8), 0);
	assert_int_equal(page_alloc_free_pages(), 255 - 8);
	/* Overlapping a claimed page fails whole and takes nothing. */
	assert_int_equal(page_claim(base + 12 * PAGE_SIZE, 8), -1);
	assert_int_equal(page_alloc_free_pages(), 255 - 8);
	/* Allocation steps around the claim; freeing it makes it claimable again. */
	assert_int_equal(page_alloc(16, 16), base + 32 * PAGE_SIZE);
	assert_int_equal(page_free(base + 16 * PAGE_SIZE, 8), 0);
	assert_int_equal(page_claim(base + 16 * PAGE_SIZE, 8), 0);
}

static int setup_two(void **state)
{
	struct bufs *b = calloc(1, sizeof(*b));

	b->a = buf_new(BUF_ALIGN);
	b->b = buf_new(MIB(1));
	*state = b;
	return 0;
}

static void test_two_ranges(void **state)
{
	struct bufs *b = *state;
	paddr_t r[] = {addr(b->a), BUF_ALIGN, addr(b->b), MIB(1)};
	paddr_t big, p;
	size_t in_a = 0;

	assert_int_equal(init_ranges(r, 2), 2);
	assert_int_equal(page_alloc_free_pages(), 15 + 255);
	/* Too big for the small range: comes from the other one. */
	big = page_alloc(20, 1);
	assert_true(big >= addr(b->b) + PAGE_SIZE && big + 20 * PAGE_SIZE <= addr(b->b) + MIB(1));
	/* Small runs come from whichever range holds a fit, never across the two. */
	while ((p = page_alloc(1, 1)) != 0) {
		bool from_a = p >= addr(b->a) + PAGE_SIZE && p < addr(b->a) + BUF_ALIGN;
		bool from_b = p >= addr(b->b) + PAGE_SIZE && p < addr(b->b) + MIB(1);

		assert_true(from_a || from_b);
		in_a += from_a;
	}
	assert_int_equal(in_a, 15);
	assert_int_equal(page_alloc_free_pages(), 0);
	assert_int_equal(page_free(big, 20), 0);
	assert_int_equal(page_alloc_free_pages(), 20);
	assert_int_equal(page_alloc(20, 1), big);
}

static void test_free_count_accounting(void **state)
{
	struct bufs *b = *state;
	paddr_t r[] = {addr(b->a), BUF_ALIGN, addr(b->b), MIB(1)};
	paddr_t x, y;

	assert_int_equal(init_ranges(r, 2), 2);
	x = page_alloc(7, 1);
	assert_int_equal(page_alloc_free_pages(), 270 - 7);
	y = page_alloc(16, 16);
	assert_int_equal(page_alloc_free_pages(), 270 - 23);
	assert_int_equal(page_free(x, 7), 0);
	assert_int_equal(page_alloc_free_pages(), 270 - 16);
	assert_int_equal(page_free(y, 16), 0);
	assert_int_equal(page_alloc_free_pages(), 270);
	/* Re-initialising forgets every earlier allocation. */
	page_alloc(5, 1);
	assert_int_equal(init_ranges(r, 2), 2);
	assert_int_equal(page_alloc_free_pages(), 270);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(test_bitmap_page_never_returned, setup_one, teardown),
	    cmocka_unit_test(test_bitmap_page_count),
	    cmocka_unit_test_setup_teardown(test_too_small_range_skipped, setup_one, teardown),
	    cmocka_unit_test_setup_teardown(test_alignment_is_physical, setup_one, teardown),
	    cmocka_unit_test_setup_teardown(test_no_overlap_until_exhausted, setup_one, teardown),
	    cmocka_unit_test_setup_teardown(test_free_then_reuse, setup_one, teardown),
	    cmocka_unit_test_setup_teardown(test_bad_frees_change_nothing, setup_one, teardown),
	    cmocka_unit_test_setup_teardown(test_bad_arguments, setup_one, teardown),
	    cmocka_unit_test_setup_teardown(test_claim_takes_exact_free_pages, setup_one, teardown),
	    cmocka_unit_test_setup_teardown(test_two_ranges, setup_two, teardown),
	    cmocka_unit_test_setup_teardown(test_free_count_accounting, setup_two, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
