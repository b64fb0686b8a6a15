/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The state of one of Erg's own disks, shared by the files of its driver:
 * host_disk.c (requests in flight, completions) and host_disk_cut.c (how a
 * transfer's buffers are cut into requests).
 */
#ifndef DRIVERS_HOST_DISK_STATE_H
#define DRIVERS_HOST_DISK_STATE_H

#include "ports/host_disk.h"
#include "virtio_host.h"

struct host_disk_header {
	uint32_t type;
	uint32_t reserved;
	uint64_t sector;
};

/* A position in the caller's buffers: where the next request starts. */
struct host_disk_cursor {
	unsigned seg;
	uint32_t off;
};

/*
 * Requests in flight on one disk at most. Each takes a fixed share of the
 * queue's descriptors, so a request's chain always starts at the first
 * descriptor of its slot and comes back under it.
 */
#define HOST_DISK_SLOTS 8

/* The driver's own part of a request, where the device may reach it. */
struct host_disk_req {
	struct host_disk_header header;
	uint8_t status;
	uint8_t bounce[HOST_DISK_SECTOR] __attribute__((aligned(64)));
};

/* A request in flight: its op, the data it carries, and a sector read through the bounce buffer. */
struct host_disk_slot {
	struct host_disk_op *op;
	uint64_t bytes;
	uint64_t started;
	bool bounced_read;
	struct host_disk_cursor bounce_at;
};

struct host_disk {
	struct virtio_host vh;
	unsigned irq;
	uint64_t sectors;
	bool read_only;
	unsigned bufs_max;	/* data buffers in one request */
	uint32_t buf_bytes_max; /* bytes in one data buffer */
	unsigned slot_count;	/* requests in flight at most */
	uint16_t slot_descs;	/* descriptors of each slot */
	unsigned in_flight;
	struct host_disk_req *req; /* one per slot */
	struct host_disk_slot slots[HOST_DISK_SLOTS];
	/* Ops waiting for a slot, first come first served; a large one queues again after each
	 * of its requests, so transfers on other slices of the disk take turns with it. */
	struct host_disk_op *wait_head, *wait_tail;
	/* The request being built (header, data, status) and where each data buffer began. */
	struct virtio_host_buf bufs[VIRTIO_HOST_QUEUE_MAX];
	struct host_disk_cursor from[VIRTIO_HOST_QUEUE_MAX];
};

/*
 * The data of the op's next request in d->bufs[1 ..], for slot k: its buffer
 * count, *bytes their length; a sector spread over more buffers than a
 * request may have goes through the slot's bounce buffer. The op's cursor
 * moves past it.
 */
unsigned host_disk_cut(struct host_disk *d, unsigned k, struct host_disk_op *op, uint64_t *bytes);

/* After slot k's read came back: copy its bounced sector out, if it had one. */
void host_disk_unbounce(struct host_disk *d, unsigned k);

/* Whether the op has no data left to move (zero-length buffers at its end count for none). */
bool host_disk_op_complete(const struct host_disk_op *op);

#endif
