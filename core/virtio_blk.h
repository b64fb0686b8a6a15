/*
 * The virtio-blk device model (VirtIO 1.2, 5.2): a guest's block device
 * backed by a slice of a physical disk that Erg drives itself, or by a
 * read-only image in the config. Requests move straight between the disk
 * and the guest's buffers; FLUSH reaches the disk before it is answered.
 */
#ifndef CORE_VIRTIO_BLK_H
#define CORE_VIRTIO_BLK_H

#include "config.h"
#include "virtio_mmio.h"

#define VIRTIO_ID_BLOCK 2

struct virtio_blk {
	const struct config_virtio *config;
	uint64_t first;	  /* the slice's first sector on the disk */
	uint64_t sectors; /* sectors the guest sees */
	char id[20];	  /* answered to GET_ID */
	uint64_t reads, writes, flushes, errors;
};

extern const struct virtio_device_ops virtio_blk_ops;

/*
 * Prepare b for config (slot of guest): check that the slice lies on its
 * disk. 0 with the features to offer in *features, or -1 (logged).
 */
int virtio_blk_setup(struct virtio_blk *b, const struct config_virtio *config, const char *guest,
		     unsigned slot, uint64_t *features);

#endif
