/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * A sorted set of disjoint physical address ranges. Boot builds the free
 * memory of the machine with it: RAM banks added, firmware, image, DTB and
 * reserved-memory removed.
 */
#ifndef CORE_MEM_MEM_MAP_H
#define CORE_MEM_MEM_MAP_H

#include "lib/types.h"

#define MEM_MAP_MAX 32

struct mem_range {
	paddr_t base;
	uint64_t size;
};

struct mem_map {
	size_t count;
	struct mem_range range[MEM_MAP_MAX];
};

void mem_map_init(struct mem_map *map);

/* Add [base, base+size), merging with neighbours; -1 when the map is full. */
int mem_map_add(struct mem_map *map, paddr_t base, uint64_t size);

/* Remove [base, base+size) wherever it overlaps; -1 when a split overflows. */
int mem_map_remove(struct mem_map *map, paddr_t base, uint64_t size);

/* Shrink every range inward to multiples of align (a power of two). */
void mem_map_align(struct mem_map *map, uint64_t align);

uint64_t mem_map_total(const struct mem_map *map);

/* True when [base, base+size) lies wholly inside one range. */
bool mem_map_contains(const struct mem_map *map, paddr_t base, uint64_t size);

/* True when [a, a+asize) and [b, b+bsize) share a byte. */
bool mem_range_overlaps(paddr_t a, uint64_t asize, paddr_t b, uint64_t bsize);

#endif
