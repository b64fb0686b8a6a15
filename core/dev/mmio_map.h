/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Emulated MMIO: a guest's registry of device models by guest-physical
 * range. A trapped load or store arrives as a neutral record; the registry
 * finds the model and calls it. Device models are plain C with read and
 * write callbacks, unit-tested on the host.
 */
#ifndef CORE_DEV_MMIO_MAP_H
#define CORE_DEV_MMIO_MAP_H

#include "lib/types.h"

#define MMIO_MAX_REGIONS 12

struct mmio_ops {
	/*
	 * offset is from the region's base; width is 1, 2, 4 or 8 bytes. Return 0,
	 * or -1 for an access the device does not define (bad offset or width):
	 * the registry then reads it as zero and drops the write, as hardware
	 * that ignores such accesses would.
	 */
	int (*read)(void *dev, uint64_t offset, unsigned width, uint64_t *value);
	int (*write)(void *dev, uint64_t offset, unsigned width, uint64_t value);
};

struct mmio_region {
	uint64_t base, size;
	const struct mmio_ops *ops;
	void *dev;
	const char *name;
};

struct mmio_map {
	unsigned count;
	struct mmio_region regions[MMIO_MAX_REGIONS];
	uint64_t ignored; /* accesses a device refused (read as zero / dropped) */
	const struct mmio_region
	    *last; /* the region mmio_map_find found last: a hint, any vCPU's */
};

enum mmio_result {
	MMIO_DONE,	/* the device handled it */
	MMIO_IGNORED,	/* a device's region, but not an access it defines */
	MMIO_NO_DEVICE, /* no device there: the guest touched unassigned space */
};

/* Register [base, base+size); -1 when full or overlapping another region. */
int mmio_map_add(struct mmio_map *map, uint64_t base, uint64_t size, const struct mmio_ops *ops,
		 void *dev, const char *name);

static inline bool mmio_region_holds(const struct mmio_region *r, uint64_t gpa, unsigned width)
{
	return gpa >= r->base && width <= r->size && gpa - r->base <= r->size - width;
}

/*
 * The region wholly holding [gpa, gpa+width), or NULL. The region found last
 * is tried first: a driver's accesses come in runs to one device, so most
 * finds take one comparison. Inline: every emulated access asks.
 */
static inline const struct mmio_region *mmio_map_find(struct mmio_map *map, uint64_t gpa,
						      unsigned width)
{
	const struct mmio_region *last = __atomic_load_n(&map->last, __ATOMIC_RELAXED);

	if (last && mmio_region_holds(last, gpa, width))
		return last;
	for (unsigned i = 0; i < map->count; i++) {
		if (mmio_region_holds(&map->regions[i], gpa, width)) {
			__atomic_store_n(&map->last, &map->regions[i], __ATOMIC_RELAXED);
			return &map->regions[i];
		}
	}
	return NULL;
}

/* Perform one access; *value is read into or written from. */
enum mmio_result mmio_access(struct mmio_map *map, uint64_t gpa, unsigned width, bool write,
			     uint64_t *value);

/*
 * The access at gpa in r, which holds all of it (mmio_region_holds). Inline:
 * it is on every emulated access's path.
 */
static inline enum mmio_result mmio_region_access(struct mmio_map *map, const struct mmio_region *r,
						  uint64_t gpa, unsigned width, bool write,
						  uint64_t *value)
{
	int err;

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

#endif
