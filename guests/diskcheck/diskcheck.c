/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The victim beside vqattack: a well-behaved user of its own virtio-blk
 * device (slot 0, a 1 MiB slice of disk 0 starting with
 * "ERGDISK\0diskcheck"). For ever, round after round, it writes a pattern
 * carrying the round number to sectors 8..15, reads them back and compares,
 * and checks that sector 0 still holds its magic, sleeping a little between
 * rounds. Every DISKCHECK_REPORT rounds it prints "diskcheck: round R ok"; a
 * failed request or a wrong byte prints "diskcheck: round R MISMATCH". A
 * neighbour that reached this slice, or stalled Erg's disk, shows up here.
 * The test recomputes the pattern from the disk image (diskcheck_fill).
 */
#include <stdio.h>
#include <string.h>

#include "guest.h"
#include "guest_sleep.h"
#include "guest_time.h"
#include "guest_virtio.h"

#define DISKCHECK_FIRST	    8 /* the sectors each round writes */
#define DISKCHECK_COUNT	    8
#define DISKCHECK_BYTES	    (DISKCHECK_COUNT * VIRTIO_BLK_SECTOR)
#define DISKCHECK_REPORT    10
#define DISKCHECK_PAUSE_US  20000
#define DISKCHECK_QUEUE	    16 /* queue entries; each request takes three */
#define DISKCHECK_MAGIC	    "ERGDISK\0diskcheck"
#define DISKCHECK_MAGIC_LEN 17

static struct virtio_dev diskcheck_dev;
static uint8_t diskcheck_out[DISKCHECK_BYTES] __attribute__((aligned(16)));
static uint8_t diskcheck_in[DISKCHECK_BYTES] __attribute__((aligned(16)));

/* Each sector: le64 round, le64 sector, then bytes derived from both. */
static void diskcheck_fill(uint64_t round)
{
	for (unsigned s = 0; s < DISKCHECK_COUNT; s++) {
		uint8_t *p = diskcheck_out + s * VIRTIO_BLK_SECTOR;
		uint64_t sector = DISKCHECK_FIRST + s;

		memcpy(p, &round, 8);
		memcpy(p + 8, &sector, 8);
		for (unsigned i = 16; i < VIRTIO_BLK_SECTOR; i++)
			p[i] = (uint8_t)(round * 31 + sector * 7 + i);
	}
}

/* One round; NULL, or what went wrong. */
static const char *diskcheck_round(uint64_t round)
{
	struct virtio_dev *d = &diskcheck_dev;

	diskcheck_fill(round);
	memset(diskcheck_in, 0, sizeof(diskcheck_in));
	if (virtio_blk_write(d, DISKCHECK_FIRST, diskcheck_out, DISKCHECK_COUNT))
		return "write failed";
	if (virtio_blk_read(d, DISKCHECK_FIRST, diskcheck_in, DISKCHECK_COUNT))
		return "read failed";
	if (memcmp(diskcheck_in, diskcheck_out, DISKCHECK_BYTES))
		return "read back differs";
	if (virtio_blk_read(d, 0, diskcheck_in, 1))
		return "read of sector 0 failed";
	if (memcmp(diskcheck_in, DISKCHECK_MAGIC, DISKCHECK_MAGIC_LEN))
		return "sector 0 lost its magic";
	return NULL;
}

int main(unsigned long hartid, const void *dtb)
{
	uint64_t deadline;
	const char *bad;

	time_init(dtb);
	sleep_init(hartid);
	if (!virtio_probe(&diskcheck_dev, 0, VIRTIO_ID_BLOCK) ||
	    virtio_init(&diskcheck_dev, 0, DISKCHECK_QUEUE)) {
		printf("diskcheck: no usable virtio-blk in slot 0\n");
		return 1;
	}
	printf("diskcheck: hart %lu, writing sectors %u-%u\n", hartid, DISKCHECK_FIRST,
	       DISKCHECK_FIRST + DISKCHECK_COUNT - 1);
	deadline = time_now();
	for (uint64_t round = 1;; round++) {
		bad = diskcheck_round(round);
		if (bad) {
			printf("diskcheck: round %lu MISMATCH (%s)\n", (unsigned long)round, bad);
			/* Start the device over, so one failure does not hide later rounds. */
			virtio_init(&diskcheck_dev, 0, DISKCHECK_QUEUE);
		} else if (round % DISKCHECK_REPORT == 0) {
			printf("diskcheck: round %lu ok\n", (unsigned long)round);
		}
		deadline += time_us_to_ticks(DISKCHECK_PAUSE_US);
		if ((int64_t)(time_now() - deadline) < 0)
			sleep_until(deadline);
		else
			deadline = time_now();
	}
}
