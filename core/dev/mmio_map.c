/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The MMIO registry. Few regions per guest, so a linear search; accesses
 * that straddle a region's end belong to no device.
 */
#include "dev/mmio_map.h"

int mmio_map_add(struct mmio_map *map, uint64_t base, uint64_t size, const struct mmio_ops *ops,
		 void *dev, const char *name)
{
	if (map->count == MMIO_MAX_REGIONS || !size || base + size < base)
		return -1;
	for (size_t i = 0; i < map->count; i++) {
		const struct mmio_region *r = &map->regions[i];

		if (base < r->base + r->size && r->base < base + size)
			return -1;
	}
	map->regions[map->count++] = (struct mmio_region){base, size, ops, dev, name};
	return 0;
}

enum mmio_result mmio_access(struct mmio_map *map, uint64_t gpa, unsigned width, bool write,
			     uint64_t *value)
{
	const struct mmio_region *r = mmio_map_find(map, gpa, width);

	return r ? mmio_region_access(map, r, gpa, width, write, value) : MMIO_NO_DEVICE;
}
