/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Range-set arithmetic. Ranges are kept sorted and disjoint; ends are computed
 * with saturation so a range that reaches the top of the address space is
 * still handled.
 */
#include "mem/mem_map.h"

#include <string.h>

static paddr_t mem_end(paddr_t base, uint64_t size)
{
	return size > UINT64_MAX - base ? UINT64_MAX : base + size;
}

bool mem_range_overlaps(paddr_t a, uint64_t asize, paddr_t b, uint64_t bsize)
{
	return asize && bsize && a < mem_end(b, bsize) && b < mem_end(a, asize);
}

void mem_map_init(struct mem_map *map)
{
	memset(map, 0, sizeof(*map));
}

static void mem_map_delete(struct mem_map *map, size_t i)
{
	memmove(&map->range[i], &map->range[i + 1], (map->count - i - 1) * sizeof(map->range[0]));
	map->count--;
}

static int mem_map_insert(struct mem_map *map, size_t i, paddr_t base, paddr_t end)
{
	if (map->count == MEM_MAP_MAX)
		return -1;
	memmove(&map->range[i + 1], &map->range[i], (map->count - i) * sizeof(map->range[0]));
	map->range[i] = (struct mem_range){base, end - base};
	map->count++;
	return 0;
}

int mem_map_add(struct mem_map *map, paddr_t base, uint64_t size)
{
	paddr_t end = mem_end(base, size);
	size_t i = 0;

	if (!size)
		return 0;
	/* Skip ranges wholly below, then swallow every range that touches. */
	while (i < map->count && mem_end(map->range[i].base, map->range[i].size) < base)
		i++;
	while (i < map->count && map->range[i].base <= end) {
		paddr_t r_end = mem_end(map->range[i].base, map->range[i].size);

		base = map->range[i].base < base ? map->range[i].base : base;
		end = r_end > end ? r_end : end;
		mem_map_delete(map, i);
	}
	return mem_map_insert(map, i, base, end);
}

int mem_map_remove(struct mem_map *map, paddr_t base, uint64_t size)
{
	paddr_t end = mem_end(base, size);

	for (size_t i = 0; i < map->count;) {
		paddr_t r_base = map->range[i].base;
		paddr_t r_end = mem_end(r_base, map->range[i].size);

		if (!mem_range_overlaps(r_base, r_end - r_base, base, end - base)) {
			i++;
			continue;
		}
		mem_map_delete(map, i);
		if (r_end > end && mem_map_insert(map, i, end, r_end))
			return -1;
		if (r_base < base && mem_map_insert(map, i, r_base, base))
			return -1;
		i += (r_base < base) + (r_end > end);
	}
	return 0;
}

void mem_map_align(struct mem_map *map, uint64_t align)
{
	for (size_t i = 0; i < map->count;) {
		paddr_t base = ALIGN_UP(map->range[i].base, align);
		paddr_t end = ALIGN_DOWN(mem_end(map->range[i].base, map->range[i].size), align);

		if (base < map->range[i].base || end <= base) {
			mem_map_delete(map, i);
			continue;
		}
		map->range[i] = (struct mem_range){base, end - base};
		i++;
	}
}

uint64_t mem_map_total(const struct mem_map *map)
{
	uint64_t total = 0;

	for (size_t i = 0; i < map->count; i++)
		total += map->range[i].size;
	return total;
}

bool mem_map_contains(const struct mem_map *map, paddr_t base, uint64_t size)
{
	paddr_t end = mem_end(base, size);

	for (size_t i = 0; i < map->count; i++)
		if (map->range[i].base <= base &&
		    end <= mem_end(map->range[i].base, map->range[i].size))
			return true;
	return false;
}
