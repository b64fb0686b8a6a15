/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * virtio-blk as the transport and the guest's driver see it: the features and
 * config space it offers (capacity, size_max, seg_max, blk_size), the cap on
 * one request's bytes, and the set-up that checks a slice against its disk.
 * Requests themselves are served in virtio_blk.c.
 */
#include <stdio.h>
#include <string.h>

#include "console/console.h"
#include "mem/page_alloc.h"
#include "ports/host_disk.h"
#include "virtio/virtio_blk.h"
#include "virtio/virtio_config.h"

#define VIRTIO_BLK_F_SIZE_MAX (1ULL << 1)
#define VIRTIO_BLK_F_SEG_MAX  (1ULL << 2)
#define VIRTIO_BLK_F_RO	      (1ULL << 5)
#define VIRTIO_BLK_F_BLK_SIZE (1ULL << 6)
#define VIRTIO_BLK_F_FLUSH    (1ULL << 9)

#define VIRTIO_BLK_CONFIG  24			/* capacity .. blk_size */
#define VIRTIO_BLK_SEG_MAX (VIRTQ_MAX_SEGS - 2) /* the header and status take two */
/*
 * The data buffer size a driver is asked to keep to (size_max). Linux
 * honours it and seg_max, so its requests stay under 1 MiB and are served
 * whole or in a few pieces; drivers that do not (U-Boot sends a whole
 * `load` as one buffer) are served too, up to VIRTIO_BLK_CHAIN_MAX.
 */
#define VIRTIO_BLK_SIZE_MAX (16u << 10)

#define VIRTIO_BLK_REQ_PAGES                                                                       \
	(ALIGN_UP(sizeof(struct virtio_blk_request) * VIRTIO_BLK_IN_FLIGHT, (size_t)PAGE_SIZE) /   \
	 PAGE_SIZE)

_Static_assert(VIRTIO_BLK_CHAIN_MAX == 64u << 20, "the refusal below says 64 MiB");
_Static_assert(16 + (uint64_t)VIRTIO_BLK_SEG_MAX * VIRTIO_BLK_SIZE_MAX + 1 <= VIRTIO_BLK_CHAIN_MAX,
	       "the largest request a driver is told it may send fits in a chain");

static int virtio_blk_config_read(struct virtio_mmio *t, uint64_t offset, unsigned width,
				  uint64_t *value)
{
	const struct virtio_blk *b = t->dev;
	uint8_t space[VIRTIO_BLK_CONFIG] = {0};

	virtio_config_put(space, b->sectors, 8);	      /* capacity */
	virtio_config_put(space + 8, VIRTIO_BLK_SIZE_MAX, 4); /* size_max */
	virtio_config_put(space + 12, VIRTIO_BLK_SEG_MAX, 4); /* seg_max */
	virtio_config_put(space + 20, VIRTIO_BLK_SECTOR, 4);  /* blk_size */
	return virtio_config_read(space, sizeof(space), offset, width, value);
}

const struct virtio_device_ops virtio_blk_ops = {
    .name = "virtio-blk",
    .device_id = VIRTIO_ID_BLOCK,
    .queue_count = 1,
    .chain_max = VIRTIO_BLK_CHAIN_MAX,
    .chain_refusal = "chain has more than 64 MiB of buffers",
    .config_read = virtio_blk_config_read,
    .notify = virtio_blk_notify,
    .quiesce = virtio_blk_quiesce,
};

/* The slice must lie on its disk, and a writable slice on a writable disk. */
static int virtio_blk_check_disk(const struct config_virtio *c, const char *guest)
{
	uint64_t disk_sectors = host_disk_sectors(c->disk);

	if (c->disk >= host_disk_count()) {
		console_log("guest %s: virtio-blk: there is no disk %u", guest, c->disk);
		return -1;
	}
	if (c->offset / VIRTIO_BLK_SECTOR > disk_sectors ||
	    c->size / VIRTIO_BLK_SECTOR > disk_sectors - c->offset / VIRTIO_BLK_SECTOR) {
		console_log("guest %s: virtio-blk: slice 0x%llx+0x%llx is beyond disk %u "
			    "(%llu sectors)",
			    guest, (unsigned long long)c->offset, (unsigned long long)c->size,
			    c->disk, (unsigned long long)disk_sectors);
		return -1;
	}
	if (!c->read_only && host_disk_read_only(c->disk)) {
		console_log("guest %s: virtio-blk: disk %u is read-only; mark the slice read-only",
			    guest, c->disk);
		return -1;
	}
	return 0;
}

int virtio_blk_setup(struct virtio_blk *b, const struct config_virtio *config, const char *guest,
		     unsigned slot, uint64_t *features)
{
	memset(b, 0, sizeof(*b));
	if (!config->image && virtio_blk_check_disk(config, guest))
		return -1;
	b->reqs = (struct virtio_blk_request *)(uintptr_t)page_alloc(VIRTIO_BLK_REQ_PAGES, 1);
	if (!b->reqs) {
		console_log("guest %s: virtio-blk: no memory for its requests", guest);
		return -1;
	}
	memset(b->reqs, 0, VIRTIO_BLK_REQ_PAGES * PAGE_SIZE);
	b->config = config;
	b->first = config->offset / VIRTIO_BLK_SECTOR;
	b->sectors = config->size / VIRTIO_BLK_SECTOR;
	snprintf(b->id, sizeof(b->id), "erg-%s-%u", guest, slot);
	*features = VIRTIO_BLK_F_SIZE_MAX | VIRTIO_BLK_F_SEG_MAX | VIRTIO_BLK_F_BLK_SIZE |
		    VIRTIO_BLK_F_FLUSH | VIRTIO_F_INDIRECT_DESC | VIRTIO_F_EVENT_IDX;
	if (config->read_only)
		*features |= VIRTIO_BLK_F_RO;
	return 0;
}
