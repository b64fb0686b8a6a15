/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The driver side of a VirtIO-MMIO version 2 device (VirtIO 1.2, 4.2) for the
 * test guests: probe a slot, walk the initialisation sequence step by step,
 * one split virtqueue (queue 0, or the one d->queue names) whose rings sit in
 * guest RAM, and virtio-blk requests on top. No interrupts: completions are polled with a time
 * bound (call time_init first). The rings are plain memory the caller may also write directly, so a
 * test can hand the device exactly the broken chain it wants; struct virtio_dev keeps the driver's
 * own view (indexes, size) apart from what is in the rings.
 * Register offsets and ring layouts are written from the VirtIO spec, not
 * taken from core/: a guest checks Erg from the outside (guests/README.md).
 */
#ifndef GUESTS_LIB_GUEST_VIRTIO_H
#define GUESTS_LIB_GUEST_VIRTIO_H

#include <stdbool.h>
#include <stdint.h>

/* Where a guest of Erg finds virtio-mmio slot i (core/vm/guest_layout.h). */
#define VIRTIO_MMIO_BASE       0x10001000UL
#define VIRTIO_MMIO_SLOT_SIZE  0x1000UL
#define VIRTIO_MMIO_ADDR(slot) (VIRTIO_MMIO_BASE + (slot)*VIRTIO_MMIO_SLOT_SIZE)

/* Register offsets (VirtIO 1.2, 4.2.2). */
#define VIRTIO_MMIO_MAGIC	      0x000
#define VIRTIO_MMIO_VERSION	      0x004
#define VIRTIO_MMIO_DEVICE_ID	      0x008
#define VIRTIO_MMIO_DEVICE_FEATURES   0x010
#define VIRTIO_MMIO_DEVICE_FEAT_SEL   0x014
#define VIRTIO_MMIO_DRIVER_FEATURES   0x020
#define VIRTIO_MMIO_DRIVER_FEAT_SEL   0x024
#define VIRTIO_MMIO_QUEUE_SEL	      0x030
#define VIRTIO_MMIO_QUEUE_NUM_MAX     0x034
#define VIRTIO_MMIO_QUEUE_NUM	      0x038
#define VIRTIO_MMIO_QUEUE_READY	      0x044
#define VIRTIO_MMIO_QUEUE_NOTIFY      0x050
#define VIRTIO_MMIO_INTERRUPT_STATUS  0x060
#define VIRTIO_MMIO_INTERRUPT_ACK     0x064
#define VIRTIO_MMIO_STATUS	      0x070
#define VIRTIO_MMIO_QUEUE_DESC_LOW    0x080
#define VIRTIO_MMIO_QUEUE_DESC_HIGH   0x084
#define VIRTIO_MMIO_QUEUE_DRIVER_LOW  0x090
#define VIRTIO_MMIO_QUEUE_DRIVER_HIGH 0x094
#define VIRTIO_MMIO_QUEUE_DEVICE_LOW  0x0a0
#define VIRTIO_MMIO_QUEUE_DEVICE_HIGH 0x0a4
#define VIRTIO_MMIO_CONFIG_GENERATION 0x0fc
#define VIRTIO_MMIO_CONFIG	      0x100

#define VIRTIO_MMIO_MAGIC_VALUE 0x74726976 /* "virt" */

/* Device status bits (VirtIO 1.2, 2.1). */
#define VIRTIO_STATUS_ACKNOWLEDGE	 1
#define VIRTIO_STATUS_DRIVER		 2
#define VIRTIO_STATUS_DRIVER_OK		 4
#define VIRTIO_STATUS_FEATURES_OK	 8
#define VIRTIO_STATUS_DEVICE_NEEDS_RESET 64
#define VIRTIO_STATUS_FAILED		 128

#define VIRTIO_F_INDIRECT_DESC (1ULL << 28)
#define VIRTIO_F_VERSION_1     (1ULL << 32)

#define VIRTIO_ID_BLOCK	  2
#define VIRTIO_ID_CONSOLE 3
#define VIRTIO_ID_ENTROPY 4

/* Split virtqueue (VirtIO 1.2, 2.7). */
#define VIRTQ_DESC_F_NEXT     1
#define VIRTQ_DESC_F_WRITE    2
#define VIRTQ_DESC_F_INDIRECT 4
#define VIRTQ_SIZE_MAX	      256 /* the ring storage holds queues up to this size */

struct virtq_desc {
	uint64_t addr;
	uint32_t len;
	uint16_t flags;
	uint16_t next;
};

struct virtq_avail {
	uint16_t flags;
	uint16_t idx;
	uint16_t ring[VIRTQ_SIZE_MAX + 1]; /* size entries, then used_event */
};

struct virtq_used_elem {
	uint32_t id;
	uint32_t len;
};

struct virtq_used {
	uint16_t flags;
	uint16_t idx;
	struct virtq_used_elem ring[VIRTQ_SIZE_MAX];
	uint16_t avail_event;
};

/* virtio-blk requests (VirtIO 1.2, 5.2.6). */
#define VIRTIO_BLK_T_IN	    0
#define VIRTIO_BLK_T_OUT    1
#define VIRTIO_BLK_T_FLUSH  4
#define VIRTIO_BLK_S_OK	    0
#define VIRTIO_BLK_S_IOERR  1
#define VIRTIO_BLK_S_UNSUPP 2
#define VIRTIO_BLK_SECTOR   512

struct virtio_blk_header {
	uint32_t type;
	uint32_t reserved;
	uint64_t sector;
};

/* What waiting for a completion can end in, besides a used entry. */
#define VIRTQ_WAIT_TIMEOUT (-1)

/* virtio_blk_read/write: the status byte (0..255), or one of these. */
#define VIRTIO_BLK_TIMEOUT     (-1) /* no used entry in time */
#define VIRTIO_BLK_NEEDS_RESET (-2) /* the device gave up on the queue */

/* One device and one of its queues. Rings first: each wants its own alignment. */
struct virtio_dev {
	struct virtq_desc desc[VIRTQ_SIZE_MAX] __attribute__((aligned(4096)));
	struct virtq_avail avail __attribute__((aligned(4096)));
	struct virtq_used used __attribute__((aligned(4096)));
	/* A virtio-blk request's header and status byte, for the helpers below. */
	struct virtio_blk_header blk_header __attribute__((aligned(16)));
	volatile uint8_t blk_status;

	uintptr_t base;	    /* the register window */
	uint32_t queue;	    /* the queue these rings serve (0 unless set before set-up) */
	uint16_t size;	    /* queue size in use */
	uint16_t avail_idx; /* the next avail->idx the driver publishes */
	uint16_t used_seen; /* used entries the driver has consumed */
};

/* Register access: the common registers are 32-bit only. */
uint32_t virtio_read(const struct virtio_dev *d, uint32_t reg);
void virtio_write(const struct virtio_dev *d, uint32_t reg, uint32_t value);

/* Whether slot holds a version-2 device of device_id; sets d->base. */
bool virtio_probe(struct virtio_dev *d, unsigned slot, uint32_t device_id);

/* The initialisation steps (VirtIO 1.2, 3.1.1), for callers that break one on purpose. */
void virtio_reset(struct virtio_dev *d);
uint64_t virtio_device_features(const struct virtio_dev *d);
/* ACKNOWLEDGE, DRIVER, write features, FEATURES_OK; whether FEATURES_OK stuck. */
bool virtio_negotiate(struct virtio_dev *d, uint64_t features);
/*
 * Set queue d->queue up with size entries at the given rings (guest-physical) and
 * write QueueReady 1; whether QueueReady reads back 1. Resets the indexes.
 */
bool virtio_queue_setup(struct virtio_dev *d, uint32_t size, uint64_t desc, uint64_t avail,
			uint64_t used);
void virtio_driver_ok(struct virtio_dev *d);
/* Reset, VERSION_1 + extra features, queue d->queue of size on d's own rings, DRIVER_OK. 0 or -1.
 */
int virtio_init(struct virtio_dev *d, uint64_t extra_features, uint16_t size);

uint32_t virtio_status(const struct virtio_dev *d);
bool virtio_needs_reset(const struct virtio_dev *d);
uint32_t virtio_interrupt_status(const struct virtio_dev *d);
void virtio_interrupt_ack(const struct virtio_dev *d, uint32_t bits);

/* Fill descriptor i of d's table. */
void virtq_desc_set(struct virtio_dev *d, uint16_t i, uint64_t addr, uint32_t len, uint16_t flags,
		    uint16_t next);
/* Make the chain at head available (without notifying). */
void virtq_publish(struct virtio_dev *d, uint16_t head);
/* Notify queue q of the device. */
void virtq_notify(const struct virtio_dev *d, uint32_t q);
/* Wait up to timeout_us for the next used entry: its id (len in *len), or VIRTQ_WAIT_TIMEOUT. */
long virtq_wait(struct virtio_dev *d, uint64_t timeout_us, uint32_t *len);

/*
 * Build a request in descriptors 0..2 (header, data, status) of type for
 * bytes at buf, without publishing it: for callers that then spoil it.
 */
void virtio_blk_prepare(struct virtio_dev *d, uint32_t type, uint64_t sector, void *buf,
			uint32_t bytes);
/* Publish the chain at descriptor 0, notify, wait: a status byte or VIRTIO_BLK_*. */
int virtio_blk_submit(struct virtio_dev *d, uint64_t timeout_us);
int virtio_blk_read(struct virtio_dev *d, uint64_t sector, void *buf, uint32_t count);
int virtio_blk_write(struct virtio_dev *d, uint64_t sector, const void *buf, uint32_t count);

#endif
