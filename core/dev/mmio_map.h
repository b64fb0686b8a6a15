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
	size_t count;
	struct mmio_region regions[MMIO_MAX_REGIONS];
	uint64_t ignored; /* accesses a device refused (read as zero / dropped) */
};

enum mmio_result {
	MMIO_DONE,	/* the device handled it */
	MMIO_IGNORED,	/* a device's region, but not an access it defines */
	MMIO_NO_DEVICE, /* no device there: the guest touched unassigned space */
};

/* Register [base, base+size); -1 when full or overlapping another region. */
int mmio_map_add(struct mmio_map *map, uint64_t base, uint64_t size, const struct mmio_ops *ops,
		 void *dev, const char *name);

/* The region wholly holding [gpa, gpa+width), or NULL. */
const struct mmio_region *mmio_map_find(const struct mmio_map *map, uint64_t gpa, unsigned width);

/* Perform one access; *value is read into or written from. */
enum mmio_result mmio_access(struct mmio_map *map, uint64_t gpa, unsigned width, bool write,
			     uint64_t *value);

/* The same in r, a region of map already found for gpa's first byte: no second search. */
enum mmio_result mmio_access_in(struct mmio_map *map, const struct mmio_region *r, uint64_t gpa,
				unsigned width, bool write, uint64_t *value);

#endif
