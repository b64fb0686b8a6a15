/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The physical disks Erg drives itself (virtio-blk devices of the machine),
 * as core/ needs them to back guests' block devices: numbered in probe
 * order, 512-byte sectors, transfers straight between the disk and host
 * memory (a guest's buffers, without copying). The driver in drivers/
 * defines these hooks (a host stand-in does for unit tests).
 */
#ifndef CORE_PORTS_HOST_DISK_H
#define CORE_PORTS_HOST_DISK_H

#include "lib/types.h"

#define HOST_DISK_SECTOR 512
#define HOST_DISK_MAX	 4
/* Buffers in one transfer (the request header and status are the driver's own). */
#define HOST_DISK_MAX_SEGS 64

struct host_disk_seg {
	paddr_t addr;
	uint32_t len;
};

/* Disks found at boot. */
unsigned host_disk_count(void);

/* Size of disk in sectors (0 when there is no such disk). */
uint64_t host_disk_sectors(unsigned disk);

/* Whether the disk refuses writes. */
bool host_disk_read_only(unsigned disk);

/*
 * Read (write = false) or write the sectors from sector on, to or from the
 * count buffers in order, whose lengths sum to a whole number of sectors.
 * Returns when the disk has done it: 0, or -1 on a disk error.
 */
int host_disk_transfer(unsigned disk, bool write, uint64_t sector, const struct host_disk_seg *segs,
		       unsigned count);

/* Make every write the disk acknowledged durable. 0 or -1. */
int host_disk_flush(unsigned disk);

#endif
