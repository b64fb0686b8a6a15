/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Device self-tests run at boot on request, so that Erg's own disk and
 * entropy drivers are exercised on real (emulated) devices before any guest
 * relies on them. For each disk: the CRC-32 of sectors 0-7 (which a test can
 * compare with the image file), the same sectors read again through 64 small
 * buffers of uneven sizes (which makes a driver split requests mid-buffer
 * when the device limits the buffers per request), a pattern written the same
 * way to the last 8 sectors, flushed and read back, and a read past the end,
 * which must be refused. A read-only disk must refuse the write instead.
 */
#include "boot/selftest_devices.h"

#include <string.h>

#include "console/console.h"
#include "ports/host_disk.h"
#include "ports/host_rng.h"

#define SELFTEST_BYTES	 4096
#define SELFTEST_SECTORS (SELFTEST_BYTES / HOST_DISK_SECTOR)
#define SELFTEST_PIECES	 64
#define SELFTEST_ROOM	 128 /* each piece's room in the scattered buffer */
#define SELFTEST_RNG	 64

static uint8_t selftest_whole[SELFTEST_BYTES];
static uint8_t selftest_pattern[SELFTEST_BYTES];
static uint8_t selftest_scatter[SELFTEST_PIECES * SELFTEST_ROOM];

static uint32_t selftest_crc32(const uint8_t *data, size_t len)
{
	uint32_t crc = 0xffffffffu;

	for (size_t i = 0; i < len; i++) {
		crc ^= data[i];
		for (int bit = 0; bit < 8; bit++)
			crc = crc >> 1 ^ (0xedb88320u & (0u - (crc & 1)));
	}
	return ~crc;
}

/* Pieces alternate 40 and 88 bytes: neither divides a sector, so splits fall mid-piece. */
static uint32_t selftest_piece_len(unsigned k)
{
	return k % 2 ? 88 : 40;
}

static size_t selftest_piece_offset(unsigned k)
{
	return (size_t)k / 2 * 128 + (k % 2 ? 40 : 0);
}

static int selftest_transfer_whole(unsigned disk, bool write, uint64_t sector)
{
	struct host_disk_seg seg = {(paddr_t)(uintptr_t)selftest_whole, SELFTEST_BYTES};

	return host_disk_transfer(disk, write, sector, &seg, 1);
}

static int selftest_transfer_scattered(unsigned disk, bool write, uint64_t sector)
{
	struct host_disk_seg segs[SELFTEST_PIECES];

	for (unsigned k = 0; k < SELFTEST_PIECES; k++)
		segs[k] =
		    (struct host_disk_seg){(paddr_t)(uintptr_t)&selftest_scatter[k * SELFTEST_ROOM],
					   selftest_piece_len(k)};
	return host_disk_transfer(disk, write, sector, segs, SELFTEST_PIECES);
}

/* Whether the scattered pieces hold the bytes of want, in order. */
static bool selftest_scatter_equals(const uint8_t *want)
{
	for (unsigned k = 0; k < SELFTEST_PIECES; k++)
		if (memcmp(&selftest_scatter[k * SELFTEST_ROOM], want + selftest_piece_offset(k),
			   selftest_piece_len(k)))
			return false;
	return true;
}

static void selftest_scatter_fill(const uint8_t *from)
{
	for (unsigned k = 0; k < SELFTEST_PIECES; k++)
		memcpy(&selftest_scatter[k * SELFTEST_ROOM], from + selftest_piece_offset(k),
		       selftest_piece_len(k));
}

/* The pattern written to the last sectors; the integration test computes the same bytes. */
static void selftest_make_pattern(void)
{
	for (unsigned i = 0; i < SELFTEST_BYTES; i++)
		selftest_pattern[i] = (uint8_t)(i * 13 + i / HOST_DISK_SECTOR + 1);
}

static bool selftest_disk_write(unsigned disk, uint64_t last)
{
	bool ok;

	if (host_disk_read_only(disk)) {
		ok = selftest_transfer_scattered(disk, true, last) != 0;
		console_log("selftest disk %u: write %s (read-only)", disk,
			    ok ? "refused" : "ACCEPTED");
		return ok;
	}
	selftest_scatter_fill(selftest_pattern);
	memset(selftest_whole, 0, SELFTEST_BYTES);
	ok = selftest_transfer_scattered(disk, true, last) == 0 && host_disk_flush(disk) == 0 &&
	     selftest_transfer_whole(disk, false, last) == 0 &&
	     memcmp(selftest_whole, selftest_pattern, SELFTEST_BYTES) == 0;
	console_log("selftest disk %u: wrote sectors %llu-%llu, flushed, read back %s", disk,
		    (unsigned long long)last, (unsigned long long)(last + SELFTEST_SECTORS - 1),
		    ok ? "the same" : "WRONG");
	return ok;
}

static bool selftest_disk_one(unsigned disk)
{
	uint64_t sectors = host_disk_sectors(disk);
	bool scattered, refused;

	if (sectors < SELFTEST_SECTORS || selftest_transfer_whole(disk, false, 0)) {
		console_log("selftest disk %u: cannot read sectors 0-7", disk);
		return false;
	}
	console_log("selftest disk %u: sectors 0-7 crc32 0x%08x", disk,
		    (unsigned)selftest_crc32(selftest_whole, SELFTEST_BYTES));
	memset(selftest_scatter, 0, sizeof(selftest_scatter));
	scattered = selftest_transfer_scattered(disk, false, 0) == 0 &&
		    selftest_scatter_equals(selftest_whole);
	console_log("selftest disk %u: scattered read %s", disk, scattered ? "matches" : "DIFFERS");
	refused = selftest_transfer_whole(disk, false, sectors - SELFTEST_SECTORS + 1) != 0;
	console_log("selftest disk %u: read past the end %s", disk,
		    refused ? "refused" : "ACCEPTED");
	return selftest_disk_write(disk, sectors - SELFTEST_SECTORS) && scattered && refused;
}

void selftest_disk(void)
{
	unsigned count = host_disk_count();

	if (count == 0)
		console_log("selftest disk: no disks");
	selftest_make_pattern();
	for (unsigned disk = 0; disk < count; disk++)
		console_log("selftest disk %u: %s", disk,
			    selftest_disk_one(disk) ? "passed" : "FAILED");
}

void selftest_rng(void)
{
	uint8_t buf[SELFTEST_RNG];
	size_t got = host_rng_read(buf, sizeof(buf));

	if (got == 0)
		console_log("selftest rng: no bytes (no entropy source)");
	else
		console_log("selftest rng: %zu of %d bytes came", got, SELFTEST_RNG);
}
