/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The virtio-blk device model driven as a guest driver drives it, for
 * test_virtio_blk.c and test_virtio_blk_pieces.c: a fake disk whose bytes
 * the test can see, the slice on it, and requests of header, data and
 * status offered through the real transport and walker.
 */
#ifndef TESTS_UNIT_VIRTIO_BLK_FIXTURE_H
#define TESTS_UNIT_VIRTIO_BLK_FIXTURE_H

#define RAM_SIZE 0x600000 /* room for a 4 MiB request and another beside it */

#include "host_arch.h"
#include "virtio/virtio_blk.h"
#include "virtio_device_fixture.h"

#define T_IN	 0
#define T_OUT	 1
#define T_FLUSH	 4
#define T_GET_ID 8
#define S_OK	 0
#define S_IOERR	 1
#define S_UNSUPP 2

#define F_SIZE_MAX (1ULL << 1)
#define F_SEG_MAX  (1ULL << 2)
#define F_RO	   (1ULL << 5)
#define F_BLK_SIZE (1ULL << 6)
#define F_FLUSH	   (1ULL << 9)

#define SECTOR	     512
#define DISK_SECTORS 64
#define SLICE_FIRST  8 /* the slice: sectors 8 .. 23 of the disk */
#define SLICE_SIZE   16

#define HDR_GPA	   BUF_GPA
#define STATUS_GPA (BUF_GPA + 0x40)
#define DATA_GPA   (BUF_GPA + 0x100) /* room for 0x1f7f00 bytes */
#define SIZE_MAX_  (16 << 10)	     /* size_max the device advertises */
#define DATA_MAX   ((VIRTQ_MAX_SEGS - 2) * SIZE_MAX_)
#define PIECE	   (256 << 10) /* the data one service moves: VIRTIO_MMIO_BATCH_BYTES */
#define BIG	   (4 << 20)   /* a large request: U-Boot's `virtio read` of 0x2000 blocks */
#define BIG_HDR	   (RAM_GPA + 0x500000) /* a second request's buffers, past the large one */

static uint8_t disk[DISK_SECTORS * SECTOR];
static uint8_t disk_before[sizeof(disk)];
static struct virtio_blk blk;
static struct config_virtio slice;
static uint32_t written; /* the used length of the last request */

/* The pages virtio_blk_setup takes its requests from. */
#define BLK_ARENA (256 << 10)
static uint8_t blk_arena[BLK_ARENA] __attribute__((aligned(4096)));

static inline int blk_setup(void **state)
{
	(void)state;
	assert_int_equal(host_page_arena(blk_arena, sizeof(blk_arena), 0xa5), 0);
	host_devices_fake_reset();
	host_console_reset();
	for (size_t i = 0; i < sizeof(disk); i++)
		disk[i] = (uint8_t)(i / SECTOR * 31 + i % 251);
	memcpy(disk_before, disk, sizeof(disk));
	assert_int_equal(host_disk_fake_attach(disk, DISK_SECTORS, false), 0);
	slice = (struct config_virtio){.kind = CONFIG_VIRTIO_BLK,
				       .disk = 0,
				       .offset = SLICE_FIRST * SECTOR,
				       .size = SLICE_SIZE * SECTOR};
	return 0;
}

/* Set the device up for config c as guest "test", slot 0, and start its driver. */
static inline void blk_open(const struct config_virtio *c)
{
	uint64_t features;

	assert_int_equal(virtio_blk_setup(&blk, c, "test", 0, &features), 0);
	device_attach(&virtio_blk_ops, &blk, features);
	device_start(&t);
}

static inline void blk_header_at(uint64_t gpa, uint32_t type, uint64_t sector)
{
	uint8_t *h = gpa_ptr(gpa);

	memset(h, 0, 16);
	memcpy(h, &type, sizeof(type));
	memcpy(h + 8, &sector, sizeof(sector));
}

static inline void blk_header(uint32_t type, uint64_t sector)
{
	blk_header_at(HDR_GPA, type, sector);
}

/* The disk completes what it was given; the guest's vCPU then answers it (resume). */
static inline void blk_complete(void)
{
	host_disk_poll();
	virtio_mmio_resume(&t);
}

/* Offer the chain b[0 .. n) (head 0), check it came back; its status byte, written set. */
static inline uint8_t blk_submit(const struct buf *b, unsigned n)
{
	uint16_t before = used(0)->idx;
	uint8_t *status = gpa_ptr(b[n - 1].gpa + b[n - 1].len - 1);

	*status = 0xee;
	offer_chain(0, 0, b, n);
	blk_complete();
	assert_int_equal(used(0)->idx, (uint16_t)(before + 1));
	assert_int_equal(used(0)->ring[before % QSIZE].id, 0);
	written = used_len(0, before);
	return *status;
}

/* A request with one data buffer of len bytes at DATA_GPA (none when len is 0). */
static inline uint8_t blk_request(uint32_t type, uint64_t sector, uint32_t len)
{
	struct buf b[3] = {
	    {HDR_GPA, 16, false}, {DATA_GPA, len, type != T_OUT}, {STATUS_GPA, 1, true}};

	blk_header(type, sector);
	if (!len) {
		b[1] = b[2];
		return blk_submit(b, 2);
	}
	return blk_submit(b, 3);
}

static inline uint8_t *disk_at(uint64_t slice_sector)
{
	return disk + (SLICE_FIRST + slice_sector) * SECTOR;
}

#endif
