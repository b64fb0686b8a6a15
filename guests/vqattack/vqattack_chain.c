/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Attacks with broken descriptor chains: buffers outside the guest's RAM or
 * wrapping the address space, impossible lengths, next indexes beyond the
 * table, loops, over-long chains, misshapen indirect tables, and readable
 * buffers after writable ones. Each starts from a well-formed read of
 * sector 0 in descriptors 0..2 (header, data, status) and spoils one thing.
 * A device that completes one of these with status OK has touched memory it
 * must not have.
 */
#include <string.h>

#include "vqattack.h"

#define VQA_CANARY 0xa5

/* Indirect tables; aligned although the spec asks no alignment of them. */
static struct virtq_desc vqa_table[VQA_QUEUE_SIZE + 1] __attribute__((aligned(16)));

static void vqa_good_read(struct vqa_env *env)
{
	virtio_blk_prepare(env->dev, VIRTIO_BLK_T_IN, 0, env->buf, VIRTIO_BLK_SECTOR);
}

/* The read of sector 0 with its data buffer moved to addr, len. */
static void vqa_data_at(struct vqa_env *env, struct vqa_result *r, uint64_t addr, uint32_t len)
{
	vqa_good_read(env);
	env->dev->desc[1].addr = addr;
	env->dev->desc[1].len = len;
	vqa_submit(env, 0, r);
}

static void vqa_data_zero(struct vqa_env *env, struct vqa_result *r)
{
	vqa_data_at(env, r, 0x0, VIRTIO_BLK_SECTOR);
}

static void vqa_data_uart(struct vqa_env *env, struct vqa_result *r)
{
	vqa_data_at(env, r, 0x10000000, VIRTIO_BLK_SECTOR);
}

static void vqa_data_top(struct vqa_env *env, struct vqa_result *r)
{
	vqa_data_at(env, r, 0xfffffffffffff000ULL, VIRTIO_BLK_SECTOR);
}

static void vqa_data_wrap(struct vqa_env *env, struct vqa_result *r)
{
	vqa_data_at(env, r, 0xffffffffffffff00ULL, VIRTIO_BLK_SECTOR);
}

static void vqa_data_huge(struct vqa_env *env, struct vqa_result *r)
{
	vqa_data_at(env, r, vqa_gpa(env->buf), 0xffffffff);
}

/* Half in RAM, half beyond: the half in RAM must not be written either. */
static void vqa_data_straddle(struct vqa_env *env, struct vqa_result *r)
{
	volatile uint8_t *tail = (volatile uint8_t *)(uintptr_t)(env->ram_end - 256);

	for (unsigned i = 0; i < 256; i++)
		tail[i] = VQA_CANARY;
	vqa_data_at(env, r, env->ram_end - 256, VIRTIO_BLK_SECTOR);
	for (unsigned i = 0; i < 256; i++)
		if (tail[i] != VQA_CANARY)
			r->breach = "the part of the buffer inside RAM was written";
}

/* Nothing to move: any answer is fine as long as nothing breaks. */
static void vqa_data_empty(struct vqa_env *env, struct vqa_result *r)
{
	vqa_data_at(env, r, vqa_gpa(env->buf), 0);
}

static void vqa_header_zero(struct vqa_env *env, struct vqa_result *r)
{
	vqa_good_read(env);
	env->dev->desc[0].addr = 0x0;
	vqa_submit(env, 0, r);
}

static void vqa_status_beyond(struct vqa_env *env, struct vqa_result *r)
{
	vqa_good_read(env);
	env->dev->desc[2].addr = env->ram_end;
	vqa_submit(env, 0, r);
}

/* A write whose data is GPA 0: success would put memory we do not own on the disk. */
static void vqa_write_from_zero(struct vqa_env *env, struct vqa_result *r)
{
	virtio_blk_prepare(env->dev, VIRTIO_BLK_T_OUT, VQA_SCRATCH_SECTOR, env->buf,
			   VIRTIO_BLK_SECTOR);
	env->dev->desc[1].addr = 0x0;
	vqa_submit(env, 0, r);
}

static void vqa_next_beyond(struct vqa_env *env, struct vqa_result *r)
{
	vqa_good_read(env);
	env->dev->desc[1].next = 200;
	vqa_submit(env, 0, r);
}

static void vqa_loop_self(struct vqa_env *env, struct vqa_result *r)
{
	vqa_good_read(env);
	env->dev->desc[1].next = 1;
	vqa_submit(env, 0, r);
}

static void vqa_loop_pair(struct vqa_env *env, struct vqa_result *r)
{
	vqa_good_read(env);
	env->dev->desc[2].flags |= VIRTQ_DESC_F_NEXT;
	env->dev->desc[2].next = 1;
	vqa_submit(env, 0, r);
}

static void vqa_head_beyond(struct vqa_env *env, struct vqa_result *r)
{
	vqa_good_read(env);
	vqa_submit(env, 300, r);
}

/* 64 data buffers plus header and status: more than the seg_max the device offers. */
static void vqa_chain_long(struct vqa_env *env, struct vqa_result *r)
{
	struct virtio_dev *d = env->dev;
	enum { DATA = 64 };

	if (!vqa_restart(env, 128)) {
		r->outcome = VQA_REFUSED;
		r->note = "queue of 128 refused";
		return;
	}
	vqa_good_read(env);
	for (uint16_t i = 0; i < DATA; i++)
		virtq_desc_set(d, (uint16_t)(1 + i), vqa_gpa(env->buf + 8 * i), 8,
			       VIRTQ_DESC_F_WRITE | VIRTQ_DESC_F_NEXT, (uint16_t)(2 + i));
	virtq_desc_set(d, DATA + 1, vqa_gpa(&d->blk_status), 1, VIRTQ_DESC_F_WRITE, 0);
	vqa_submit(env, 0, r);
}

static void vqa_avail_ahead(struct vqa_env *env, struct vqa_result *r)
{
	struct virtio_dev *d = env->dev;

	vqa_good_read(env);
	virtq_publish(d, 0);
	*(volatile uint16_t *)&d->avail.idx = (uint16_t)(d->avail_idx + 999);
	virtq_notify(d, 0);
	vqa_observe(env, r);
}

/* header (R), data (W), then another readable buffer, then status (W). */
static void vqa_read_after_write(struct vqa_env *env, struct vqa_result *r)
{
	struct virtio_dev *d = env->dev;

	vqa_good_read(env);
	d->desc[1].next = 3;
	virtq_desc_set(d, 3, vqa_gpa(env->buf + VIRTIO_BLK_SECTOR), 16, VIRTQ_DESC_F_NEXT, 2);
	vqa_submit(env, 0, r);
}

/* A write (all readable) with no writable descriptor to put the status in. */
static void vqa_no_status(struct vqa_env *env, struct vqa_result *r)
{
	virtio_blk_prepare(env->dev, VIRTIO_BLK_T_OUT, VQA_SCRATCH_SECTOR, env->buf,
			   VIRTIO_BLK_SECTOR);
	env->dev->desc[1].flags = 0;
	vqa_submit(env, 0, r);
}

/* Descriptor 0 points at an indirect table holding the good read's three descriptors. */
static void vqa_indirect(struct vqa_env *env, uint64_t addr, uint32_t len, uint16_t flags)
{
	struct virtio_dev *d = env->dev;

	vqa_good_read(env);
	memset(vqa_table, 0, sizeof(vqa_table));
	memcpy(vqa_table, d->desc, 3 * sizeof(vqa_table[0]));
	virtq_desc_set(d, 0, addr, len, VIRTQ_DESC_F_INDIRECT | flags, 1);
}

static void vqa_indirect_zero(struct vqa_env *env, struct vqa_result *r)
{
	vqa_indirect(env, 0x0, 3 * sizeof(struct virtq_desc), 0);
	vqa_submit(env, 0, r);
}

static void vqa_indirect_len24(struct vqa_env *env, struct vqa_result *r)
{
	vqa_indirect(env, vqa_gpa(vqa_table), 24, 0);
	vqa_submit(env, 0, r);
}

static void vqa_indirect_empty(struct vqa_env *env, struct vqa_result *r)
{
	vqa_indirect(env, vqa_gpa(vqa_table), 0, 0);
	vqa_submit(env, 0, r);
}

static void vqa_indirect_nested(struct vqa_env *env, struct vqa_result *r)
{
	vqa_indirect(env, vqa_gpa(vqa_table), 3 * sizeof(struct virtq_desc), 0);
	vqa_table[1].addr = vqa_gpa(vqa_table);
	vqa_table[1].len = 3 * sizeof(struct virtq_desc);
	vqa_table[1].flags = VIRTQ_DESC_F_INDIRECT;
	vqa_submit(env, 0, r);
}

static void vqa_indirect_next(struct vqa_env *env, struct vqa_result *r)
{
	vqa_indirect(env, vqa_gpa(vqa_table), 3 * sizeof(struct virtq_desc), VIRTQ_DESC_F_NEXT);
	vqa_submit(env, 0, r);
}

static void vqa_indirect_long(struct vqa_env *env, struct vqa_result *r)
{
	vqa_indirect(env, vqa_gpa(vqa_table), sizeof(vqa_table), 0);
	vqa_submit(env, 0, r);
}

static void vqa_indirect_next_beyond(struct vqa_env *env, struct vqa_result *r)
{
	vqa_indirect(env, vqa_gpa(vqa_table), 3 * sizeof(struct virtq_desc), 0);
	vqa_table[1].next = 7;
	vqa_submit(env, 0, r);
}

const struct vqa_attack vqa_chain_attacks[] = {
    {"data buffer at GPA 0x0", vqa_data_zero, VQA_ALLOW_REFUSAL},
    {"data buffer at GPA 0x10000000", vqa_data_uart, VQA_ALLOW_REFUSAL},
    {"data buffer at GPA 0xfffffffffffff000", vqa_data_top, VQA_ALLOW_REFUSAL},
    {"data buffer straddling the end of RAM", vqa_data_straddle, VQA_ALLOW_REFUSAL},
    {"data buffer wrapping 2^64", vqa_data_wrap, VQA_ALLOW_REFUSAL},
    {"data buffer of 0xffffffff bytes", vqa_data_huge, VQA_ALLOW_REFUSAL},
    {"data buffer of 0 bytes", vqa_data_empty, VQA_ALLOW_ANY},
    {"request header at GPA 0x0", vqa_header_zero, VQA_ALLOW_REFUSAL},
    {"status byte just past RAM", vqa_status_beyond, VQA_ALLOW_REFUSAL},
    {"write from GPA 0x0 to the disk", vqa_write_from_zero, VQA_ALLOW_REFUSAL},
    {"next index beyond the table", vqa_next_beyond, VQA_ALLOW_REFUSAL},
    {"descriptor looping to itself", vqa_loop_self, VQA_ALLOW_REFUSAL},
    {"descriptor 2-cycle", vqa_loop_pair, VQA_ALLOW_REFUSAL},
    {"chain head beyond the table", vqa_head_beyond, VQA_ALLOW_REFUSAL},
    {"chain of 66 buffers", vqa_chain_long, VQA_ALLOW_ANY},
    {"avail idx 1000 ahead of the device", vqa_avail_ahead, VQA_ALLOW_REFUSAL},
    {"readable descriptor after a writable one", vqa_read_after_write, VQA_ALLOW_REFUSAL},
    {"request without a status byte", vqa_no_status, VQA_ALLOW_REFUSAL},
    {"indirect table at GPA 0x0", vqa_indirect_zero, VQA_ALLOW_REFUSAL},
    {"indirect table of 24 bytes", vqa_indirect_len24, VQA_ALLOW_REFUSAL},
    {"indirect table of 0 bytes", vqa_indirect_empty, VQA_ALLOW_REFUSAL},
    {"indirect table inside an indirect table", vqa_indirect_nested, VQA_ALLOW_REFUSAL},
    {"INDIRECT together with NEXT", vqa_indirect_next, VQA_ALLOW_REFUSAL},
    {"indirect table longer than the queue", vqa_indirect_long, VQA_ALLOW_REFUSAL},
    {"indirect next index beyond its table", vqa_indirect_next_beyond, VQA_ALLOW_REFUSAL},
    {NULL, NULL, 0},
};
