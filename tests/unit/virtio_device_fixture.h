/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Shared fixture for the virtio device-model tests (test_virtio_blk.c,
 * test_virtio_net.c, test_virtio_console.c, test_virtio_rng.c): the
 * transport, fake guest RAM and driver helpers of virtio_fixture.h, with a
 * real device's ops behind the transport instead of the fake device. A test
 * attaches the device, runs the driver's initialization for every queue the
 * device has, then lays out chains of buffers and notifies as a driver does.
 *
 * Header-only, like virtio_fixture.h: each test binary includes it once.
 */
#ifndef TESTS_UNIT_VIRTIO_DEVICE_FIXTURE_H
#define TESTS_UNIT_VIRTIO_DEVICE_FIXTURE_H

#include "host_devices_fake.h"
#include "virtio_fixture.h"

/* One buffer of a chain the driver offers: where, how long, and whether the device writes it. */
struct buf {
	uint64_t gpa;
	uint32_t len;
	bool write;
};

/* Put device ops (state dev, offering features) behind the transport, in fresh guest RAM. */
static inline void device_attach(const struct virtio_device_ops *ops, void *dev, uint64_t features)
{
	const struct virtq_mem mem = {ram_map, &ram};

	ram = malloc(RAM_SIZE); /* exactly RAM_SIZE, so ASan sees any access past it */
	assert_non_null(ram);
	memset(ram, 0, RAM_SIZE);
	memset(&map, 0, sizeof(map));
	line = false;
	irq_calls = 0;
	virtio_mmio_init(&t, ops, dev, features, "test", &mem, on_irq, &line);
	assert_int_equal(mmio_map_add(&map, BASE, VIRTIO_MMIO_SIZE, &virtio_mmio_ops, &t, "virtio"),
			 0);
}

static inline int device_teardown(void **state)
{
	(void)state;
	free(ram);
	ram = NULL;
	return 0;
}

/* The features the device offers, read through the registers as a driver does. */
static inline uint64_t device_features(void)
{
	uint64_t high;

	wr(DEVICE_FEATURES_SEL, 1);
	high = rd(DEVICE_FEATURES);
	wr(DEVICE_FEATURES_SEL, 0);
	return high << 32 | rd(DEVICE_FEATURES);
}

/*
 * The driver's initialization of transport tr (whose window the fixture's map
 * holds): accept every feature offered but EVENT_IDX, so that each used
 * buffer interrupts; set up each of the device's queues with size entries
 * (at most 256: the rings' room in the fixture); DRIVER_OK.
 */
static inline void device_start_sized(struct virtio_mmio *tr, uint32_t size)
{
	assert_int_equal(rd(MAGIC), 0x74726976);
	assert_int_equal(rd(DEVICE_ID), tr->ops->device_id);
	assert_true(negotiate(device_features() & ~VIRTIO_F_EVENT_IDX));
	for (unsigned q = 0; q < tr->ops->queue_count; q++)
		queue_setup(q, size);
	wr(STATUS, ACK | DRIVER | FEAT_OK | DRV_OK);
	assert_true(virtio_mmio_live(tr));
}

static inline void device_start(struct virtio_mmio *tr)
{
	device_start_sized(tr, QSIZE);
}

/*
 * Make n chains available on queue q (of size entries, n at most size) at
 * once, without a notify: chain i is the one buffer b[i] in descriptor i.
 * The ring is reached as raw memory, as struct ring_avail has QSIZE entries.
 */
static inline void offer_many(unsigned q, uint32_t size, const struct buf *b, uint16_t n)
{
	uint16_t *ring = (uint16_t *)gpa_ptr(avail_gpa(q) + 4), idx = avail(q)->idx;

	for (uint16_t i = 0; i < n; i++) {
		uint64_t gpa = desc_gpa(q) + 16ULL * i;
		struct ring_desc d = {b[i].gpa, b[i].len, b[i].write ? VIRTQ_DESC_F_WRITE : 0, 0};

		memcpy(gpa_ptr(gpa), &d, sizeof(d));
		ring[(uint16_t)(idx + i) % size] = i;
	}
	avail(q)->idx = (uint16_t)(idx + n);
}

/* Lay out the n buffers as a chain from descriptor head on, make it available, notify q. */
static inline void offer_chain(unsigned q, uint16_t head, const struct buf *b, unsigned n)
{
	for (unsigned i = 0; i < n; i++) {
		uint16_t flags = (uint16_t)((b[i].write ? VIRTQ_DESC_F_WRITE : 0) |
					    (i + 1 < n ? VIRTQ_DESC_F_NEXT : 0));

		put_desc(q, (uint16_t)((head + i) % QSIZE), b[i].gpa, b[i].len, flags,
			 (uint16_t)((head + i + 1) % QSIZE));
	}
	offer(q, head);
}

/* The used-ring entry the device filled n-th (from 0) on queue q. */
static inline uint32_t used_len(unsigned q, uint16_t n)
{
	assert_true(used(q)->idx > n);
	return used(q)->ring[n % QSIZE].len;
}

/* Whether any aligned 8-byte word of [p, p + len) still holds eight copies of byte. */
static inline bool has_untouched_word(const uint8_t *p, size_t len, uint8_t byte)
{
	for (size_t i = 0; i + 8 <= len; i += 8) {
		size_t j = 0;

		while (j < 8 && p[i + j] == byte)
			j++;
		if (j == 8)
			return true;
	}
	return false;
}

#endif
