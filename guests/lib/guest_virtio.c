/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * A small VirtIO-MMIO v2 driver for the test guests (see guest_virtio.h).
 * The MMU is off in a test guest, so a pointer is its own guest-physical
 * address. Ring updates follow the spec's order (VirtIO 1.2, 2.7.13): the
 * descriptors and the ring entry are written before avail->idx, and the index
 * before the notify; used entries are read only after used->idx says they
 * are there.
 */
#include <string.h>

#include "guest_mmio.h"
#include "guest_time.h"
#include "guest_virtio.h"

#define VIRTIO_MMIO_VERSION_MODERN 2

static uint64_t virtio_gpa(const volatile void *p)
{
	return (uint64_t)(uintptr_t)p;
}

uint32_t virtio_read(const struct virtio_dev *d, uint32_t reg)
{
	return mmio_read32(d->base + reg);
}

void virtio_write(const struct virtio_dev *d, uint32_t reg, uint32_t value)
{
	mmio_write32(d->base + reg, value);
}

bool virtio_probe(struct virtio_dev *d, unsigned slot, uint32_t device_id)
{
	d->base = VIRTIO_MMIO_ADDR(slot);
	return virtio_read(d, VIRTIO_MMIO_MAGIC) == VIRTIO_MMIO_MAGIC_VALUE &&
	       virtio_read(d, VIRTIO_MMIO_VERSION) == VIRTIO_MMIO_VERSION_MODERN &&
	       virtio_read(d, VIRTIO_MMIO_DEVICE_ID) == device_id;
}

/* Writing 0 resets; the driver waits until the device says it is done (4.2.3.1). */
void virtio_reset(struct virtio_dev *d)
{
	uint64_t deadline = time_now() + time_us_to_ticks(100000);

	virtio_write(d, VIRTIO_MMIO_STATUS, 0);
	while (virtio_read(d, VIRTIO_MMIO_STATUS) && (int64_t)(time_now() - deadline) < 0)
		;
	d->size = 0;
	d->avail_idx = 0;
	d->used_seen = 0;
}

uint64_t virtio_device_features(const struct virtio_dev *d)
{
	uint64_t features;

	virtio_write(d, VIRTIO_MMIO_DEVICE_FEAT_SEL, 1);
	features = (uint64_t)virtio_read(d, VIRTIO_MMIO_DEVICE_FEATURES) << 32;
	virtio_write(d, VIRTIO_MMIO_DEVICE_FEAT_SEL, 0);
	return features | virtio_read(d, VIRTIO_MMIO_DEVICE_FEATURES);
}

/* Status bits are only added, each write carrying the ones set before. */
static void virtio_status_add(const struct virtio_dev *d, uint32_t bits)
{
	virtio_write(d, VIRTIO_MMIO_STATUS, virtio_read(d, VIRTIO_MMIO_STATUS) | bits);
}

bool virtio_negotiate(struct virtio_dev *d, uint64_t features)
{
	virtio_status_add(d, VIRTIO_STATUS_ACKNOWLEDGE);
	virtio_status_add(d, VIRTIO_STATUS_DRIVER);
	virtio_write(d, VIRTIO_MMIO_DRIVER_FEAT_SEL, 0);
	virtio_write(d, VIRTIO_MMIO_DRIVER_FEATURES, (uint32_t)features);
	virtio_write(d, VIRTIO_MMIO_DRIVER_FEAT_SEL, 1);
	virtio_write(d, VIRTIO_MMIO_DRIVER_FEATURES, (uint32_t)(features >> 32));
	virtio_status_add(d, VIRTIO_STATUS_FEATURES_OK);
	/* The device may refuse: FEATURES_OK then reads back clear (3.1.1 step 6). */
	return virtio_read(d, VIRTIO_MMIO_STATUS) & VIRTIO_STATUS_FEATURES_OK;
}

static void virtio_write64(const struct virtio_dev *d, uint32_t low_reg, uint64_t value)
{
	virtio_write(d, low_reg, (uint32_t)value);
	virtio_write(d, low_reg + 4, (uint32_t)(value >> 32));
}

bool virtio_queue_setup(struct virtio_dev *d, uint32_t size, uint64_t desc, uint64_t avail,
			uint64_t used)
{
	virtio_write(d, VIRTIO_MMIO_QUEUE_SEL, d->queue);
	d->size = (uint16_t)size;
	d->avail_idx = 0;
	d->used_seen = 0;
	/* Only our own rings start clean: foreign addresses are left as they are. */
	if (desc == virtio_gpa(d->desc))
		memset(d->desc, 0, sizeof(d->desc));
	if (avail == virtio_gpa(&d->avail))
		memset(&d->avail, 0, sizeof(d->avail));
	if (used == virtio_gpa(&d->used))
		memset(&d->used, 0, sizeof(d->used));
	virtio_write(d, VIRTIO_MMIO_QUEUE_NUM, size);
	virtio_write64(d, VIRTIO_MMIO_QUEUE_DESC_LOW, desc);
	virtio_write64(d, VIRTIO_MMIO_QUEUE_DRIVER_LOW, avail);
	virtio_write64(d, VIRTIO_MMIO_QUEUE_DEVICE_LOW, used);
	virtio_write(d, VIRTIO_MMIO_QUEUE_READY, 1);
	return virtio_read(d, VIRTIO_MMIO_QUEUE_READY) == 1;
}

void virtio_driver_ok(struct virtio_dev *d)
{
	virtio_status_add(d, VIRTIO_STATUS_DRIVER_OK);
}

int virtio_init(struct virtio_dev *d, uint64_t extra_features, uint16_t size)
{
	uint64_t want = VIRTIO_F_VERSION_1 | extra_features;

	virtio_reset(d);
	if ((virtio_device_features(d) & want) != want || !virtio_negotiate(d, want))
		return -1;
	if (size > virtio_read(d, VIRTIO_MMIO_QUEUE_NUM_MAX) ||
	    !virtio_queue_setup(d, size, virtio_gpa(d->desc), virtio_gpa(&d->avail),
				virtio_gpa(&d->used)))
		return -1;
	virtio_driver_ok(d);
	return virtio_needs_reset(d) ? -1 : 0;
}

uint32_t virtio_status(const struct virtio_dev *d)
{
	return virtio_read(d, VIRTIO_MMIO_STATUS);
}

bool virtio_needs_reset(const struct virtio_dev *d)
{
	return virtio_status(d) & VIRTIO_STATUS_DEVICE_NEEDS_RESET;
}

uint32_t virtio_interrupt_status(const struct virtio_dev *d)
{
	return virtio_read(d, VIRTIO_MMIO_INTERRUPT_STATUS);
}

void virtio_interrupt_ack(const struct virtio_dev *d, uint32_t bits)
{
	virtio_write(d, VIRTIO_MMIO_INTERRUPT_ACK, bits);
}

void virtq_desc_set(struct virtio_dev *d, uint16_t i, uint64_t addr, uint32_t len, uint16_t flags,
		    uint16_t next)
{
	volatile struct virtq_desc *desc = &d->desc[i % VIRTQ_SIZE_MAX];

	desc->addr = addr;
	desc->len = len;
	desc->flags = flags;
	desc->next = next;
}

void virtq_publish(struct virtio_dev *d, uint16_t head)
{
	volatile uint16_t *slot = &d->avail.ring[d->avail_idx % (d->size ? d->size : 1)];

	*slot = head;
	d->avail_idx++;
	/* Descriptors and the entry before the index that hands them over. */
	__atomic_thread_fence(__ATOMIC_RELEASE);
	*(volatile uint16_t *)&d->avail.idx = d->avail_idx;
}

void virtq_notify(const struct virtio_dev *d, uint32_t q)
{
	virtio_write(d, VIRTIO_MMIO_QUEUE_NOTIFY, q);
}

long virtq_wait(struct virtio_dev *d, uint64_t timeout_us, uint32_t *len)
{
	uint64_t deadline = time_now() + time_us_to_ticks(timeout_us);
	const volatile struct virtq_used_elem *e;

	while (*(volatile uint16_t *)&d->used.idx == d->used_seen)
		if ((int64_t)(time_now() - deadline) >= 0)
			return VIRTQ_WAIT_TIMEOUT;
	/* The entry and the data it covers after the index that announced them. */
	__atomic_thread_fence(__ATOMIC_ACQUIRE);
	e = &d->used.ring[d->used_seen % (d->size ? d->size : 1)];
	d->used_seen++;
	if (len)
		*len = e->len;
	return (long)e->id;
}

void virtio_blk_prepare(struct virtio_dev *d, uint32_t type, uint64_t sector, void *buf,
			uint32_t bytes)
{
	bool in = type == VIRTIO_BLK_T_IN;

	d->blk_header = (struct virtio_blk_header){.type = type, .sector = sector};
	d->blk_status = 0xff; /* no request status has this value: "not written" */
	virtq_desc_set(d, 0, virtio_gpa(&d->blk_header), sizeof(d->blk_header), VIRTQ_DESC_F_NEXT,
		       1);
	virtq_desc_set(d, 1, virtio_gpa(buf), bytes,
		       VIRTQ_DESC_F_NEXT | (in ? VIRTQ_DESC_F_WRITE : 0), 2);
	virtq_desc_set(d, 2, virtio_gpa(&d->blk_status), 1, VIRTQ_DESC_F_WRITE, 0);
}

int virtio_blk_submit(struct virtio_dev *d, uint64_t timeout_us)
{
	virtq_publish(d, 0);
	virtq_notify(d, 0);
	if (virtq_wait(d, timeout_us, NULL) == VIRTQ_WAIT_TIMEOUT)
		return virtio_needs_reset(d) ? VIRTIO_BLK_NEEDS_RESET : VIRTIO_BLK_TIMEOUT;
	return d->blk_status;
}

int virtio_blk_read(struct virtio_dev *d, uint64_t sector, void *buf, uint32_t count)
{
	virtio_blk_prepare(d, VIRTIO_BLK_T_IN, sector, buf, count * VIRTIO_BLK_SECTOR);
	return virtio_blk_submit(d, 1000000);
}

int virtio_blk_write(struct virtio_dev *d, uint64_t sector, const void *buf, uint32_t count)
{
	virtio_blk_prepare(d, VIRTIO_BLK_T_OUT, sector, (void *)(uintptr_t)buf,
			   count * VIRTIO_BLK_SECTOR);
	return virtio_blk_submit(d, 1000000);
}
