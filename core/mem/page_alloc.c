/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Bitmap page allocator: a set bit is a page in use. Allocation is first fit,
 * which is fine for the boot-time and guest-setup allocations Erg makes; one
 * lock guards all regions.
 */
#include "mem/page_alloc.h"

#include <string.h>

#include "lib/spinlock.h"

struct page_region {
	paddr_t base;
	size_t pages;
	size_t bitmap_pages; /* the first pages hold the bitmap itself */
	uint64_t *bitmap;
};

static struct page_region page_regions[MEM_MAP_MAX];
static size_t page_region_count;
static size_t page_free_count; /* kept, so that asking costs no walk of the bitmaps */
static spinlock_t page_lock = SPINLOCK_INIT;

/*
 * The bits of pages [i, end) that lie in i's bitmap word; *count says how
 * many. The bitmap is walked a word at a time: a guest's RAM is thousands
 * of pages.
 */
static uint64_t page_word_mask(size_t i, size_t end, size_t *count)
{
	size_t bit = i % 64;

	*count = end - i < 64 - bit ? end - i : 64 - bit;
	return (*count == 64 ? ~0ULL : (1ULL << *count) - 1) << bit;
}

static void page_mark(struct page_region *r, size_t first, size_t n, bool used)
{
	size_t count;

	for (size_t i = first; i < first + n; i += count) {
		uint64_t mask = page_word_mask(i, first + n, &count);

		if (used)
			r->bitmap[i / 64] |= mask;
		else
			r->bitmap[i / 64] &= ~mask;
	}
}

/* The first page of [from, to) in use, or to. */
static size_t page_first_used(const struct page_region *r, size_t from, size_t to)
{
	size_t count;

	for (size_t i = from; i < to; i += count) {
		uint64_t used = r->bitmap[i / 64] & page_word_mask(i, to, &count);

		if (used)
			return i / 64 * 64 + (size_t)__builtin_ctzll(used);
	}
	return to;
}

static bool page_region_setup(struct page_region *r, paddr_t base, uint64_t size)
{
	size_t pages = size / PAGE_SIZE;
	size_t words = (pages + 63) / 64;
	size_t bitmap_pages = (words * sizeof(uint64_t) + PAGE_SIZE - 1) / PAGE_SIZE;

	if (pages <= bitmap_pages)
		return false;
	r->base = base;
	r->pages = pages;
	r->bitmap_pages = bitmap_pages;
	r->bitmap = (uint64_t *)(uintptr_t)base;
	memset(r->bitmap, 0, words * sizeof(uint64_t));
	page_mark(r, 0, bitmap_pages, true);
	return true;
}

size_t page_alloc_init(const struct mem_map *free)
{
	page_region_count = 0;
	page_free_count = 0;
	for (size_t i = 0; i < free->count; i++) {
		struct page_region *r = &page_regions[page_region_count];

		if (page_region_setup(r, free->range[i].base, free->range[i].size)) {
			page_free_count += r->pages - r->bitmap_pages;
			page_region_count++;
		}
	}
	return page_region_count;
}

/* Index of the first page at or after i whose address is align-page aligned. */
static size_t page_align_index(const struct page_region *r, size_t i, size_t align)
{
	uint64_t pfn = r->base / PAGE_SIZE + i;

	return i + (size_t)(ALIGN_UP(pfn, (uint64_t)align) - pfn);
}

static bool page_region_take(struct page_region *r, size_t n, size_t align, size_t *first)
{
	size_t i = page_align_index(r, 0, align);

	while (i + n <= r->pages) {
		size_t j = page_first_used(r, i, i + n);

		if (j == i + n) {
			page_mark(r, i, n, true);
			page_free_count -= n;
			*first = i;
			return true;
		}
		i = page_align_index(r, j + 1, align);
	}
	return false;
}

paddr_t page_alloc(size_t npages, size_t align_pages)
{
	paddr_t found = 0;
	size_t first;

	if (!npages || !align_pages || (align_pages & (align_pages - 1)))
		return 0;
	spin_lock(&page_lock);
	for (size_t k = 0; k < page_region_count && !found; k++)
		if (page_region_take(&page_regions[k], npages, align_pages, &first))
			found = page_regions[k].base + first * PAGE_SIZE;
	spin_unlock(&page_lock);
	return found;
}

static struct page_region *page_region_of(paddr_t base, size_t npages)
{
	for (size_t k = 0; k < page_region_count; k++) {
		struct page_region *r = &page_regions[k];
		uint64_t first;

		if (base < r->base + r->bitmap_pages * PAGE_SIZE)
			continue;
		first = (base - r->base) / PAGE_SIZE;
		/* Written so that no sum can wrap around, whatever npages is. */
		if (first < r->pages && npages <= r->pages - first)
			return r;
	}
	return NULL;
}

/* True when pages [first, first+n) of r are all in use (used) or all free (!used). */
static bool page_all(const struct page_region *r, size_t first, size_t n, bool used)
{
	size_t count;

	for (size_t i = first; i < first + n; i += count) {
		uint64_t mask = page_word_mask(i, first + n, &count);

		if ((r->bitmap[i / 64] & mask) != (used ? mask : 0))
			return false;
	}
	return true;
}

/* Mark pages [base, base+n) used (or free) if each of them is now the opposite. */
static int page_flip(paddr_t base, size_t npages, bool used)
{
	int ret = -1;

	if (base % PAGE_SIZE || !npages)
		return -1;
	spin_lock(&page_lock);
	struct page_region *r = page_region_of(base, npages);
	size_t first = r ? (size_t)((base - r->base) / PAGE_SIZE) : 0;

	if (r && page_all(r, first, npages, !used)) {
		page_mark(r, first, npages, used);
		page_free_count = used ? page_free_count - npages : page_free_count + npages;
		ret = 0;
	}
	spin_unlock(&page_lock);
	return ret;
}

int page_claim(paddr_t base, size_t npages)
{
	return page_flip(base, npages, true);
}

int page_free(paddr_t base, size_t npages)
{
	return page_flip(base, npages, false);
}

size_t page_alloc_free_pages(void)
{
	size_t free_pages;

	spin_lock(&page_lock);
	free_pages = page_free_count;
	spin_unlock(&page_lock);
	return free_pages;
}
