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
 * One transfer (or flush) handed to a disk. The caller fills the first
 * fields, keeps the op and its buffers untouched while the disk has them,
 * and hears back through done(op, status), 0 or -1, called once from
 * whichever hart serves the disk's completion. The rest is the driver's.
 */
struct host_disk_op {
	bool write;
	bool flush; /* make every write the disk acknowledged durable; no data */
	uint64_t sector;
	const struct host_disk_seg *segs;
	unsigned count;
	void (*done)(struct host_disk_op *op, int status);

	int status;
	unsigned at_seg; /* where the next request to the disk starts */
	uint32_t at_off;
	uint64_t at_sector;
	struct host_disk_op *next;
};

/*
 * Queue op on disk and return at once: 0, and done follows; -1 when the
 * disk cannot take it (no such disk, a write to a read-only one, sectors
 * past its end, not whole sectors, a disk given up), and done never comes.
 * Transfers go to the disk in requests of at most HOST_DISK_HOLD_BYTES,
 * several in flight; a large transfer's requests take turns with others'.
 */
int host_disk_submit(unsigned disk, struct host_disk_op *op);

/*
 * Serve what every disk has completed (the disks' interrupt handler), and
 * give up a disk whose oldest request is past its time limit.
 */
void host_disk_poll(void);

/* Each disk's interrupt source, for routing (0 when it has none). */
unsigned host_disk_irq(unsigned disk);

/* host_disk_submit, then wait for done by polling: 0 or -1. For boot-time checks. */
int host_disk_transfer(unsigned disk, bool write, uint64_t sector, const struct host_disk_seg *segs,
		       unsigned count);
int host_disk_flush(unsigned disk);

#endif
