/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Shared fixture for the VirtIO-MMIO transport tests (test_virtio_mmio*.c):
 * register offsets from VirtIO 1.2 section 4.2.2, a small fake device (two
 * queues, an 8-byte config space, counters for each callback), fake guest RAM
 * (a malloc'd buffer at a pretend guest-physical address whose map callback
 * checks bounds), and a guest driver's view: 32-bit loads and stores through
 * mmio_access, the device initialization of section 3.1, and split-ring
 * helpers that write descriptors and the available ring as a driver does.
 *
 * Header-only on purpose: every test_*.c is its own binary and includes this
 * once, so the static state below belongs to that binary alone.
 */
#ifndef TESTS_UNIT_VIRTIO_FIXTURE_H
#define TESTS_UNIT_VIRTIO_FIXTURE_H

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "dev/mmio_map.h"
#include "host_arch.h"
#include "virtio/virtio_mmio.h"

/* Register offsets. */
#define MAGIC		    0x000
#define VERSION		    0x004
#define DEVICE_ID	    0x008
#define VENDOR_ID	    0x00c
#define DEVICE_FEATURES	    0x010
#define DEVICE_FEATURES_SEL 0x014
#define DRIVER_FEATURES	    0x020
#define DRIVER_FEATURES_SEL 0x024
#define QUEUE_SEL	    0x030
#define QUEUE_NUM_MAX	    0x034
#define QUEUE_NUM	    0x038
#define QUEUE_READY	    0x044
#define QUEUE_NOTIFY	    0x050
#define INTERRUPT_STATUS    0x060
#define INTERRUPT_ACK	    0x064
#define STATUS		    0x070
#define QUEUE_DESC_LOW	    0x080
#define QUEUE_DESC_HIGH	    0x084
#define QUEUE_DRIVER_LOW    0x090
#define QUEUE_DRIVER_HIGH   0x094
#define QUEUE_DEVICE_LOW    0x0a0
#define QUEUE_DEVICE_HIGH   0x0a4
#define SHM_SEL		    0x0ac
#define SHM_LEN_LOW	    0x0b0
#define SHM_LEN_HIGH	    0x0b4
#define SHM_BASE_LOW	    0x0b8
#define SHM_BASE_HIGH	    0x0bc
#define QUEUE_RESET	    0x0c0
#define CONFIG_GENERATION   0x0fc
#define CONFIG		    0x100

#define ACK	    VIRTIO_STATUS_ACKNOWLEDGE
#define DRIVER	    VIRTIO_STATUS_DRIVER
#define FEAT_OK	    VIRTIO_STATUS_FEATURES_OK
#define DRV_OK	    VIRTIO_STATUS_DRIVER_OK
#define NEEDS_RESET VIRTIO_STATUS_DEVICE_NEEDS_RESET

#define BASE	0x10001000ULL /* where the guest sees the window */
#define RAM_GPA 0x80000000ULL
#ifndef RAM_SIZE /* a test that needs more guest RAM defines it first */
#define RAM_SIZE 0x10000
#endif
#define BUF_GPA (RAM_GPA + 0x8000) /* buffers; the rings sit below */
#ifndef QSIZE			   /* a test that needs a longer queue defines it first */
#define QSIZE 8
#endif
#define FAKE_ID	      42
#define FAKE_F_A      (1ULL << 0) /* device-specific feature bits the fake offers */
#define FAKE_F_HI     (1ULL << 35)
#define FAKE_FEATURES (FAKE_F_A | VIRTIO_F_EVENT_IDX | FAKE_F_HI)
#define ALL_FEATURES  (FAKE_FEATURES | VIRTIO_F_VERSION_1)

/* The split ring as the driver lays it out in its RAM (little-endian, as is the host). */
struct ring_desc {
	uint64_t addr;
	uint32_t len;
	uint16_t flags, next;
};

struct ring_avail {
	uint16_t flags, idx, ring[QSIZE], used_event;
};

struct ring_used {
	uint16_t flags, idx;
	struct {
		uint32_t id, len;
	} ring[QSIZE];
	uint16_t avail_event;
};

struct fake_dev {
	unsigned notified[VIRTIO_MMIO_MAX_QUEUES];
	unsigned resets, driver_oks, config_writes;
	unsigned locked_callbacks; /* notify/driver_ok/config calls made with the lock held */
	uint8_t config[8];
};

static struct virtio_mmio t;
static struct mmio_map map;
static struct fake_dev fake;
static uint8_t *ram;
static bool line; /* the interrupt line as irq() last set it */
static unsigned irq_calls;

static inline void *ram_map(void *ctx, uint64_t gpa, uint64_t len)
{
	assert_ptr_equal(ctx, &ram);
	if (gpa < RAM_GPA || len > RAM_SIZE || gpa - RAM_GPA > RAM_SIZE - len)
		return NULL;
	return ram + (gpa - RAM_GPA);
}

static inline void *gpa_ptr(uint64_t gpa)
{
	return ram + (gpa - RAM_GPA);
}

static inline void note_lock(struct virtio_mmio *tr)
{
	assert_ptr_equal(tr, &t);
	if (__atomic_load_n(&tr->lock.locked, __ATOMIC_RELAXED))
		fake.locked_callbacks++;
}

static inline void fake_notify(struct virtio_mmio *tr, unsigned q)
{
	note_lock(tr);
	assert_true(q < VIRTIO_MMIO_MAX_QUEUES);
	fake.notified[q]++;
}

static inline void fake_driver_ok(struct virtio_mmio *tr)
{
	note_lock(tr);
	fake.driver_oks++;
}

/* Called with the lock held, as the header promises. */
static inline void fake_reset(struct virtio_mmio *tr)
{
	assert_ptr_equal(tr, &t);
	assert_int_equal(tr->lock.locked, 1);
	fake.resets++;
}

static inline int fake_config_read(struct virtio_mmio *tr, uint64_t offset, unsigned width,
				   uint64_t *value)
{
	uint64_t v = 0;

	note_lock(tr);
	if (offset > sizeof(fake.config) || width > sizeof(fake.config) - offset)
		return -1;
	memcpy(&v, fake.config + offset, width);
	*value = v;
	return 0;
}

static inline int fake_config_write(struct virtio_mmio *tr, uint64_t offset, unsigned width,
				    uint64_t value)
{
	note_lock(tr);
	if (offset > sizeof(fake.config) || width > sizeof(fake.config) - offset)
		return -1;
	memcpy(fake.config + offset, &value, width);
	fake.config_writes++;
	return 0;
}

static const struct virtio_device_ops fake_ops = {
    .name = "virtio-fake",
    .device_id = FAKE_ID,
    .queue_count = 2,
    .config_read = fake_config_read,
    .config_write = fake_config_write,
    .notify = fake_notify,
    .driver_ok = fake_driver_ok,
    .reset = fake_reset,
};

static inline void on_irq(void *arg, bool level)
{
	assert_ptr_equal(arg, &line);
	line = level;
	irq_calls++;
}

static inline int setup(void **state)
{
	const struct virtq_mem mem = {ram_map, &ram};

	(void)state;
	ram = malloc(RAM_SIZE); /* exactly RAM_SIZE, so ASan sees any access past it */
	assert_non_null(ram);
	memset(ram, 0, RAM_SIZE);
	memset(&fake, 0, sizeof(fake));
	memcpy(fake.config, "\x01\x02\x03\x04\x05\x06\x07\x08", 8);
	memset(&map, 0, sizeof(map));
	line = false;
	irq_calls = 0;
	host_console_reset();
	virtio_mmio_init(&t, &fake_ops, &fake, FAKE_FEATURES, "test", &mem, on_irq, &line);
	assert_int_equal(mmio_map_add(&map, BASE, VIRTIO_MMIO_SIZE, &virtio_mmio_ops, &t, "virtio"),
			 0);
	return 0;
}

static inline int teardown(void **state)
{
	(void)state;
	assert_int_equal(fake.locked_callbacks, 0);
	free(ram);
	ram = NULL;
	return 0;
}

#define virtio_test(f) cmocka_unit_test_setup_teardown(f, setup, teardown)

/* One access of the given width through the guest's MMIO dispatch. */
static inline enum mmio_result reg_access(uint64_t offset, unsigned width, bool write, uint64_t *v)
{
	return mmio_access(&map, BASE + offset, width, write, v);
}

static inline uint32_t rd(uint64_t offset)
{
	uint64_t v = ~0ULL;

	assert_int_equal(reg_access(offset, 4, false, &v), MMIO_DONE);
	assert_true(v <= UINT32_MAX);
	return (uint32_t)v;
}

static inline void wr(uint64_t offset, uint32_t value)
{
	uint64_t v = value;

	assert_int_equal(reg_access(offset, 4, true, &v), MMIO_DONE);
}

static inline void wr64(uint64_t low_offset, uint64_t value)
{
	wr(low_offset, (uint32_t)value);
	wr(low_offset + 4, (uint32_t)(value >> 32));
}

/* Queue q's rings: descriptors, then the driver (available) and device (used) areas. */
static inline uint64_t desc_gpa(unsigned q)
{
	return RAM_GPA + 0x1000 + q * 0x3000;
}

static inline uint64_t avail_gpa(unsigned q)
{
	return desc_gpa(q) + 0x1000;
}

static inline uint64_t used_gpa(unsigned q)
{
	return desc_gpa(q) + 0x2000;
}

static inline struct ring_desc *desc(unsigned q)
{
	return gpa_ptr(desc_gpa(q));
}

static inline struct ring_avail *avail(unsigned q)
{
	return gpa_ptr(avail_gpa(q));
}

static inline struct ring_used *used(unsigned q)
{
	return gpa_ptr(used_gpa(q));
}

/* Status 0, ACKNOWLEDGE, DRIVER, the features, FEATURES_OK; whether FEATURES_OK stuck. */
static inline bool negotiate(uint64_t features)
{
	wr(STATUS, 0);
	wr(STATUS, ACK);
	wr(STATUS, ACK | DRIVER);
	wr(DRIVER_FEATURES_SEL, 0);
	wr(DRIVER_FEATURES, (uint32_t)features);
	wr(DRIVER_FEATURES_SEL, 1);
	wr(DRIVER_FEATURES, (uint32_t)(features >> 32));
	wr(STATUS, ACK | DRIVER | FEAT_OK);
	return rd(STATUS) & FEAT_OK;
}

/* Program queue q with the fixture's rings and size, then set QueueReady. */
static inline void queue_setup(unsigned q, uint32_t size)
{
	wr(QUEUE_SEL, q);
	assert_int_equal(rd(QUEUE_READY), 0);
	assert_true(rd(QUEUE_NUM_MAX) >= size);
	wr(QUEUE_NUM, size);
	wr64(QUEUE_DESC_LOW, desc_gpa(q));
	wr64(QUEUE_DRIVER_LOW, avail_gpa(q));
	wr64(QUEUE_DEVICE_LOW, used_gpa(q));
	wr(QUEUE_READY, 1);
}

/* The whole initialization with queue 0 only; the device is live afterwards. */
static inline void driver_start(uint64_t features)
{
	assert_true(negotiate(features));
	queue_setup(0, QSIZE);
	assert_int_equal(rd(QUEUE_READY), 1);
	wr(STATUS, ACK | DRIVER | FEAT_OK | DRV_OK);
	assert_true(virtio_mmio_live(&t));
}

static inline void put_desc(unsigned q, uint16_t i, uint64_t gpa, uint32_t len, uint16_t flags,
			    uint16_t next)
{
	desc(q)[i] = (struct ring_desc){gpa, len, flags, next};
}

/* Make chain head available and tell the device, as a driver does. */
static inline void offer(unsigned q, uint16_t head)
{
	struct ring_avail *a = avail(q);

	a->ring[a->idx % QSIZE] = head;
	__atomic_store_n(&a->idx, (uint16_t)(a->idx + 1), __ATOMIC_RELEASE);
	wr(QUEUE_NOTIFY, q);
}

/* A two-buffer request: 16 bytes for the device to read, 32 for it to write. */
static inline void offer_request(unsigned q, uint16_t head)
{
	uint16_t next = (uint16_t)((head + 1) % QSIZE);

	put_desc(q, head, BUF_GPA + head * 0x100, 16, VIRTQ_DESC_F_NEXT, next);
	put_desc(q, next, BUF_GPA + head * 0x100 + 0x40, 32, VIRTQ_DESC_F_WRITE, 0);
	offer(q, head);
}

/* How often needle occurs in the console output. */
static inline unsigned console_count(const char *needle)
{
	unsigned n = 0;

	for (const char *p = host_console_text; (p = strstr(p, needle)); p++)
		n++;
	return n;
}

#endif
