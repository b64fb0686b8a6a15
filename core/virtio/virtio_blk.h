/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The virtio-blk device model (VirtIO 1.2, 5.2): a guest's block device
 * backed by a slice of a physical disk that Erg drives itself, or by a
 * read-only image in the config. Requests move straight between the disk
 * and the guest's buffers, a large one in pieces over several exits;
 * FLUSH reaches the disk before it is answered.
 */
#ifndef CORE_VIRTIO_VIRTIO_BLK_H
#define CORE_VIRTIO_VIRTIO_BLK_H

#include "config/config.h"
#include "virtio/virtio_mmio.h"

#define VIRTIO_ID_BLOCK	  2
#define VIRTIO_BLK_SECTOR 512

/*
 * The request being served: taken from the queue, checked, and kept until
 * its data has moved (done == length) or failed; then its status is written
 * and the chain given back.
 */
struct virtio_blk_request {
	bool active;
	uint32_t type;
	uint64_t sector; /* its first sector, in the slice */
	uint64_t length; /* data bytes of a read or write */
	uint64_t done;	 /* data bytes moved so far */
	uint8_t status;	 /* VIRTIO_BLK_S_*, OK until something fails */
	struct virtq_chain chain;
};

struct virtio_blk {
	const struct config_virtio *config;
	uint64_t first;	  /* the slice's first sector on the disk */
	uint64_t sectors; /* sectors the guest sees */
	char id[20];	  /* answered to GET_ID */
	uint64_t reads, writes, flushes, errors;
	/* Held while the queue is served: two vCPUs may notify or resume at once. */
	spinlock_t serving;
	struct virtio_blk_request cur;
};

extern const struct virtio_device_ops virtio_blk_ops;

/* Serve queue q of t (ops->notify): one batch, in order. */
void virtio_blk_notify(struct virtio_mmio *t, unsigned q);

/*
 * Prepare b for config (slot of guest): check that the slice lies on its
 * disk. 0 with the features to offer in *features, or -1 (logged).
 */
int virtio_blk_setup(struct virtio_blk *b, const struct config_virtio *config, const char *guest,
		     unsigned slot, uint64_t *features);

#endif
