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

const struct mmio_region *mmio_map_find(const struct mmio_map *map, uint64_t gpa, unsigned width)
{
	for (size_t i = 0; i < map->count; i++) {
		const struct mmio_region *r = &map->regions[i];

		if (gpa >= r->base && width <= r->size && gpa - r->base <= r->size - width)
			return r;
	}
	return NULL;
}

enum mmio_result mmio_access(struct mmio_map *map, uint64_t gpa, unsigned width, bool write,
			     uint64_t *value)
{
	const struct mmio_region *r = mmio_map_find(map, gpa, width);

	return r ? mmio_access_in(map, r, gpa, width, write, value) : MMIO_NO_DEVICE;
}

enum mmio_result mmio_access_in(struct mmio_map *map, const struct mmio_region *r, uint64_t gpa,
				unsigned width, bool write, uint64_t *value)
{
	int err;

	if (width > r->size || gpa - r->base > r->size - width)
		return MMIO_NO_DEVICE; /* it runs past the device's end */
	if (write) {
		err = r->ops->write(r->dev, gpa - r->base, width, *value);
	} else {
		*value = 0;
		err = r->ops->read(r->dev, gpa - r->base, width, value);
		if (err)
			*value = 0;
	}
	if (!err)
		return MMIO_DONE;
	__atomic_add_fetch(&map->ignored, 1, __ATOMIC_RELAXED);
	return MMIO_IGNORED;
}
