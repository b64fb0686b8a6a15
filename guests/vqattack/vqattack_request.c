/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Attacks with well-formed chains carrying hostile virtio-blk requests:
 * sectors beyond the 1 MiB slice or whose byte offset wraps 2^64 (a device
 * that multiplied before checking would land on the disk's first sectors),
 * short headers, unknown types, partial sectors, and transfers to and from
 * the guest's own code and descriptor table, which are its own RAM and so
 * allowed: those must simply not fault. Writes that must fail carry
 * "ESCAPED!" so the test that inspects the disk image afterwards sees any
 * that got through. A read of the whole slice in one buffer (past the
 * size_max the device advertises) must be served, and one reset straight
 * after its notify must leave the buffer and status byte alone from then on.
 */
#include <string.h>

#include "vqattack.h"

#define VQA_CODE_BYTES	 4096 /* the first page of the image, entry code included */
#define VQA_CODE_SECTORS (VQA_CODE_BYTES / VIRTIO_BLK_SECTOR)

#define VQA_BIG_BYTES (VQA_SLICE_SECTORS * VIRTIO_BLK_SECTOR) /* the whole slice */
#define VQA_BIG_FILL  0xa5

extern char _start[]; /* guests/lib/guest_start.S: the image's first byte */

static uint8_t vqa_big[VQA_BIG_BYTES] __attribute__((aligned(4096)));

static void vqa_fill_escaped(uint8_t *buf, unsigned bytes)
{
	for (unsigned i = 0; i < bytes; i++)
		buf[i] = (uint8_t) "ESCAPED!"[i % 8];
}

static void vqa_request(struct vqa_env *env, struct vqa_result *r, uint32_t type, uint64_t sector,
			uint32_t bytes)
{
	if (type == VIRTIO_BLK_T_OUT)
		vqa_fill_escaped(env->buf, bytes);
	virtio_blk_prepare(env->dev, type, sector, env->buf, bytes);
	vqa_submit(env, 0, r);
}

static void vqa_write_past_slice(struct vqa_env *env, struct vqa_result *r)
{
	vqa_request(env, r, VIRTIO_BLK_T_OUT, VQA_SLICE_SECTORS, VIRTIO_BLK_SECTOR);
}

static void vqa_read_across_end(struct vqa_env *env, struct vqa_result *r)
{
	vqa_request(env, r, VIRTIO_BLK_T_IN, VQA_SLICE_SECTORS - 1, 2 * VIRTIO_BLK_SECTOR);
}

static void vqa_read_sector_wrap(struct vqa_env *env, struct vqa_result *r)
{
	vqa_request(env, r, VIRTIO_BLK_T_IN, UINT64_MAX, 2 * VIRTIO_BLK_SECTOR);
}

/* Sector 2^55 is byte 2^64: byte offset 0 once the multiplication wraps. */
static void vqa_write_offset_wrap(struct vqa_env *env, struct vqa_result *r)
{
	vqa_request(env, r, VIRTIO_BLK_T_OUT, 1ULL << 55, VIRTIO_BLK_SECTOR);
}

static void vqa_short_header(struct vqa_env *env, struct vqa_result *r)
{
	virtio_blk_prepare(env->dev, VIRTIO_BLK_T_IN, 0, env->buf, VIRTIO_BLK_SECTOR);
	env->dev->desc[0].len = 8;
	vqa_submit(env, 0, r);
}

static void vqa_unknown_type(struct vqa_env *env, struct vqa_result *r)
{
	vqa_request(env, r, 0x7777, 0, VIRTIO_BLK_SECTOR);
}

/* A partial sector: whatever the answer, no byte after the 100 may change. */
static void vqa_partial_sector(struct vqa_env *env, struct vqa_result *r)
{
	memset(env->buf, 0x5a, 2 * VIRTIO_BLK_SECTOR);
	virtio_blk_prepare(env->dev, VIRTIO_BLK_T_IN, 0, env->buf, 100);
	vqa_submit(env, 0, r);
	for (unsigned i = 100; i < 2 * VIRTIO_BLK_SECTOR; i++)
		if (env->buf[i] != 0x5a)
			r->breach = "bytes past the 100-byte buffer were written";
}

static uint64_t vqa_checksum(const volatile uint8_t *p, unsigned bytes)
{
	uint64_t sum = 0;

	for (unsigned i = 0; i < bytes; i++)
		sum = (sum << 5 | sum >> 59) ^ p[i];
	return sum;
}

/*
 * Our first code page to a scratch sector and back into place: the device
 * reads from and writes to our code, which is our own RAM. The bytes come
 * back the same, so the guest runs on unharmed if the device did it right.
 */
static void vqa_code_round_trip(struct vqa_env *env, struct vqa_result *r)
{
	uint64_t before = vqa_checksum((const uint8_t *)_start, VQA_CODE_BYTES);
	int status;

	status = virtio_blk_write(env->dev, VQA_SCRATCH_SECTOR, _start, VQA_CODE_SECTORS);
	if (status != VIRTIO_BLK_S_OK) {
		r->outcome = status == VIRTIO_BLK_NEEDS_RESET ? VQA_NEEDS_RESET
			     : status == VIRTIO_BLK_TIMEOUT   ? VQA_IGNORED
							      : VQA_ERROR;
		r->status = status;
		r->note = "the write of the code page was refused";
		return;
	}
	virtio_blk_prepare(env->dev, VIRTIO_BLK_T_IN, VQA_SCRATCH_SECTOR, _start, VQA_CODE_BYTES);
	vqa_submit(env, 0, r);
	asm volatile("fence.i" ::: "memory");
	if (vqa_checksum((const uint8_t *)_start, VQA_CODE_BYTES) != before)
		r->breach = "the code page came back different";
	else if (r->outcome == VQA_OK)
		r->note = "code page read back in place, no fault";
}

/* The device writes sector 0 over the very descriptors that describe the read. */
static void vqa_read_over_ring(struct vqa_env *env, struct vqa_result *r)
{
	struct virtio_dev *d = env->dev;

	virtio_blk_prepare(d, VIRTIO_BLK_T_IN, 0, d->desc, VIRTIO_BLK_SECTOR);
	vqa_submit(env, 0, r);
	if (r->outcome == VQA_OK)
		r->note = memcmp(d->desc, "ERGDISK", 7) ? "table not overwritten"
							: "descriptor table overwritten, no fault";
}

/* The whole 1 MiB slice in one request: Erg serves it in pieces, and all of it arrives. */
static void vqa_read_whole_slice(struct vqa_env *env, struct vqa_result *r)
{
	memset(vqa_big, VQA_BIG_FILL, sizeof(vqa_big));
	virtio_blk_prepare(env->dev, VIRTIO_BLK_T_IN, 0, vqa_big, sizeof(vqa_big));
	vqa_submit(env, 0, r);
	if (r->outcome != VQA_OK)
		return;
	if (memcmp(vqa_big, "ERGDISK\0vqattack", 16))
		r->breach = "the slice read whole lost its ERGDISK magic";
	else if (vqa_checksum(vqa_big + VQA_BIG_BYTES - 4096, 4096) ==
		 vqa_checksum(vqa_big + VQA_BIG_BYTES - 8192, 4096))
		r->breach = "the end of the slice read whole did not arrive";
	else
		r->note = "1 MiB in one buffer, all of it read";
}

/*
 * Reset the device right after notifying a 1 MiB read: whatever arrived
 * before the reset stays, but nothing may land after it, and the status
 * byte, unless the answer came first, is never written.
 */
static void vqa_reset_mid_read(struct vqa_env *env, struct vqa_result *r)
{
	struct virtio_dev *d = env->dev;
	uint64_t before;
	bool answered;

	memset(vqa_big, VQA_BIG_FILL, sizeof(vqa_big));
	virtio_blk_prepare(d, VIRTIO_BLK_T_IN, 0, vqa_big, sizeof(vqa_big));
	virtq_publish(d, 0);
	virtq_notify(d, 0);
	virtio_write(d, VIRTIO_MMIO_STATUS, 0);
	answered = d->blk_status != 0xff;
	before = vqa_checksum(vqa_big, sizeof(vqa_big));
	virtq_wait(d, VQA_WAIT_US, NULL); /* the device is reset: this only lets time pass */
	if (vqa_checksum(vqa_big, sizeof(vqa_big)) != before)
		r->breach = "the buffer changed after the reset";
	else if (!answered && d->blk_status != 0xff)
		r->breach = "the status byte was written after the reset";
	r->outcome = answered ? VQA_OK : VQA_IGNORED;
	r->note = answered ? "answered before the reset" : "nothing landed after the reset";
}

const struct vqa_attack vqa_request_attacks[] = {
    {"write to the sector past the slice", vqa_write_past_slice, VQA_ALLOW_REFUSAL},
    {"read across the end of the slice", vqa_read_across_end, VQA_ALLOW_REFUSAL},
    {"read at sector 2^64-1", vqa_read_sector_wrap, VQA_ALLOW_REFUSAL},
    {"write at sector 2^55 (byte offset wraps to 0)", vqa_write_offset_wrap, VQA_ALLOW_REFUSAL},
    {"request header of 8 bytes", vqa_short_header, VQA_ALLOW_REFUSAL},
    {"unknown request type", vqa_unknown_type, VQA_ALLOW_REFUSAL},
    {"read of 100 bytes", vqa_partial_sector, VQA_ALLOW_ANY},
    {"read into its own code", vqa_code_round_trip, VQA_ALLOW_ANY},
    {"read over its own descriptor table", vqa_read_over_ring, VQA_ALLOW_ANY},
    {"read of the whole 1 MiB slice in one buffer", vqa_read_whole_slice, VQA_ALLOW(VQA_OK)},
    {"reset straight after notifying a 1 MiB read", vqa_reset_mid_read,
     VQA_ALLOW(VQA_OK) | VQA_ALLOW(VQA_IGNORED)},
    {NULL, NULL, 0},
};
