/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The virtio-blk device model (VirtIO 1.2, 5.2): a guest's block device
 * backed by a slice of a physical disk that Erg drives itself, or by a
 * read-only image in the config. Requests move straight between the disk
 * and the guest's buffers, several at once, and are answered when the disk
 * completes them (an image's are copied, a large one in pieces over several
 * exits); FLUSH reaches the disk before it is answered.
 */
#ifndef CORE_VIRTIO_VIRTIO_BLK_H
#define CORE_VIRTIO_VIRTIO_BLK_H

#include "config/config.h"
#include "lib/erg_bounds.h"
#include "ports/host_disk.h"
#include "virtio/virtio_mmio.h"

#define VIRTIO_ID_BLOCK	  2
#define VIRTIO_BLK_SECTOR 512

enum virtio_blk_state {
	VIRTIO_BLK_FREE,
	VIRTIO_BLK_PIECES, /* an image's request, copied a batch at a time */
	VIRTIO_BLK_DISK,   /* with the disk, its chain between virtio_mmio_begin and _end */
	VIRTIO_BLK_DONE,   /* the disk is done with it; its status waits to be written */
};

/*
 * A request taken from the queue and checked, kept until its data has moved
 * (done == length) or failed; then its status is written and the chain
 * given back. state moves from DISK to DONE on whichever hart the disk's
 * completion comes to; everything else happens with the device's serving
 * lock held.
 */
struct virtio_blk_request {
	uint32_t state; /* enum virtio_blk_state (atomic) */
	uint32_t type;
	uint64_t sector; /* its first sector, in the slice */
	uint64_t length; /* data bytes of a read or write */
	uint64_t done;	 /* data bytes an image's request moved so far */
	uint8_t status;	 /* VIRTIO_BLK_S_*, OK until something fails */
	struct virtio_blk *blk;
	struct virtq_chain chain;
	struct host_disk_op op;
	struct host_disk_seg segs[VIRTQ_MAX_SEGS];
};

struct virtio_blk {
	const struct config_virtio *config;
	uint64_t first;	  /* the slice's first sector on the disk */
	uint64_t sectors; /* sectors the guest sees */
	char id[20];	  /* answered to GET_ID */
	uint64_t reads, writes, flushes, errors;
	/* Held while the queue is served: two vCPUs may notify or resume at once. */
	spinlock_t serving;
	/* Where a completion is told: set at each service, the same every time. */
	struct virtio_mmio *transport;
	unsigned queue;
	/* VIRTIO_BLK_IN_FLIGHT of them, in pages of their own: only block devices need them. */
	struct virtio_blk_request *reqs;
};

extern const struct virtio_device_ops virtio_blk_ops;

/* Serve queue q of t (ops->notify): answer what the disk completed, then take one batch. */
void virtio_blk_notify(struct virtio_mmio *t, unsigned q);

/* A reset waits for the requests with the disk (ops->quiesce): serve the disk. */
void virtio_blk_quiesce(struct virtio_mmio *t);

/*
 * Prepare b for config (slot of guest): check that the slice lies on its
 * disk. 0 with the features to offer in *features, or -1 (logged).
 */
int virtio_blk_setup(struct virtio_blk *b, const struct config_virtio *config, const char *guest,
		     unsigned slot, uint64_t *features);

#endif
