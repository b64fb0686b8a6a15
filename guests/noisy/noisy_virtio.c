/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The little driver work the virtio floods share: bring a device up with
 * indirect tables, set up any of its queues (guest_virtio's set-up knows
 * only queue 0, and the console transmits on queue 1), and take back used
 * entries without waiting long: a device that defers part of a flood may
 * answer later, and one that gave up answers never.
 */
#include <stddef.h>
#include <string.h>

#include "guest_time.h"
#include "guest_virtio.h"
#include "noisy.h"

bool noisy_virtio_begin(struct virtio_dev *d, unsigned slot, uint32_t id)
{
	uint64_t want = VIRTIO_F_VERSION_1 | VIRTIO_F_INDIRECT_DESC;

	if (!virtio_probe(d, slot, id))
		return false;
	virtio_reset(d);
	return (virtio_device_features(d) & want) == want && virtio_negotiate(d, want);
}

static void noisy_write64(const struct virtio_dev *d, uint32_t low_reg, const volatile void *p)
{
	uint64_t gpa = (uint64_t)(uintptr_t)p;

	virtio_write(d, low_reg, (uint32_t)gpa);
	virtio_write(d, low_reg + 4, (uint32_t)(gpa >> 32));
}

bool noisy_virtio_queue(struct virtio_dev *d, uint32_t q, uint16_t size)
{
	d->size = size;
	d->avail_idx = 0;
	d->used_seen = 0;
	memset(d->desc, 0, sizeof(d->desc));
	memset(&d->avail, 0, sizeof(d->avail));
	memset(&d->used, 0, sizeof(d->used));
	virtio_write(d, VIRTIO_MMIO_QUEUE_SEL, q);
	virtio_write(d, VIRTIO_MMIO_QUEUE_NUM, size);
	noisy_write64(d, VIRTIO_MMIO_QUEUE_DESC_LOW, d->desc);
	noisy_write64(d, VIRTIO_MMIO_QUEUE_DRIVER_LOW, &d->avail);
	noisy_write64(d, VIRTIO_MMIO_QUEUE_DEVICE_LOW, &d->used);
	virtio_write(d, VIRTIO_MMIO_QUEUE_READY, 1);
	return virtio_read(d, VIRTIO_MMIO_QUEUE_READY) == 1;
}

unsigned noisy_virtio_collect(struct virtio_dev *d, unsigned want)
{
	uint64_t deadline = time_now() + time_us_to_ticks(NOISY_WAIT_US);
	unsigned got = 0;

	while (got < want && !virtio_needs_reset(d)) {
		if (virtq_wait(d, 0, NULL) != VIRTQ_WAIT_TIMEOUT)
			got++;
		else if ((int64_t)(time_now() - deadline) >= 0)
			break;
	}
	/* We poll; the interrupts the device raised meanwhile only need an ack. */
	virtio_interrupt_ack(d, virtio_interrupt_status(d));
	return got;
}
