/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Physical page allocator over the free memory found at boot. Each free range
 * keeps a bitmap (one bit per 4 KiB page) in its own first pages, so the
 * allocator needs no memory of its own. Contiguous, aligned runs can be had,
 * as G-stage roots and guest RAM need them.
 */
#ifndef CORE_MEM_PAGE_ALLOC_H
#define CORE_MEM_PAGE_ALLOC_H

#include "mem/mem_map.h"

/* Take over the ranges of free (page-aligned). Returns the number of ranges used. */
size_t page_alloc_init(const struct mem_map *free);

/* npages contiguous pages aligned to align_pages (a power of two); 0 when none. */
paddr_t page_alloc(size_t npages, size_t align_pages);

/* Take the given pages (a pinned region); -1 unless every one of them is free. */
int page_claim(paddr_t base, size_t npages);

/* Give back pages from page_alloc; -1 if any of them was not allocated. */
int page_free(paddr_t base, size_t npages);

size_t page_alloc_free_pages(void);

#endif
