/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * libFuzzer harness for the split virtqueue walker (core/virtio/virtq.c). The input
 * is a guest: a few control bytes (queue size, features, where the rings are,
 * the starting and available indexes), then the contents of its RAM, which
 * hold the descriptor table, the rings, indirect tables and buffers. The
 * harness enables the queue and plays the device until the queue is empty or
 * broken, checking after each chain what the walker promises: every segment
 * lies inside the RAM, the counts and byte totals add up, copies return what
 * the segments hold, and a broken queue stays quiet.
 *
 * Input layout (little-endian):
 *   0      size: log2 of the queue size, mod 9 (1 .. 256 entries)
 *   1      mode: MODE_* bits
 *   2..3   start: last_avail and used_idx as if that many chains had passed
 *   4..5   pending: avail->idx is written as start + pending
 *   6..11  with MODE_PLACED, RAM offsets of the descriptor table, available
 *          and used rings (may fall outside RAM or be misaligned); otherwise
 *          the rings are packed from offset 0 like a legacy vring
 *   12..   RAM contents, zero beyond the input
 */
#include <assert.h>
#include <stdint.h>
#include <string.h>

#include "virtio/virtq.h"

#define RAM_BASE 0x80000000ULL
#define RAM_SIZE 8192
#define CTRL_LEN 12

#define MODE_EVENT_IDX 1  /* VIRTIO_F_EVENT_IDX negotiated */
#define MODE_PLACED    2  /* ring offsets from the control bytes */
#define MODE_WRITE     4  /* fill each chain's writable part (which may overlap the rings) */
#define MODE_LATE_PUSH 8  /* push every chain only after the queue ran dry */
#define MODE_SMALL_CAP 16 /* the device caps a chain at SMALL_CAP bytes (as devices may) */

#define SMALL_CAP 3000

/* Pops per input: more than any queue holds, fewer than a runaway loop would make. */
#define MAX_POPS (4 * VIRTQ_MAX_SIZE)

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static _Alignas(4096) uint8_t ram[RAM_SIZE];
static uint8_t copy[VIRTQ_MAX_SEGS * RAM_SIZE];
static uint8_t expect[VIRTQ_MAX_SEGS * RAM_SIZE];
static uint16_t heads[MAX_POPS];

static void *ram_map(void *ctx, uint64_t gpa, uint64_t len)
{
	(void)ctx;
	if (gpa < RAM_BASE || gpa - RAM_BASE > RAM_SIZE || len > RAM_SIZE - (gpa - RAM_BASE))
		return NULL;
	return ram + (gpa - RAM_BASE);
}

static const struct virtq_mem mem = {ram_map, NULL};

static uint16_t le16(const uint8_t *p)
{
	return (uint16_t)(p[0] | p[1] << 8);
}

/* Where the rings go: packed from 0 like a legacy vring, or where the input says. */
static void fuzz_place(struct virtq *q, const uint8_t *ctrl)
{
	uint64_t n = q->size;

	if (ctrl[1] & MODE_PLACED) {
		q->desc_gpa = RAM_BASE + le16(ctrl + 6);
		q->avail_gpa = RAM_BASE + le16(ctrl + 8);
		q->used_gpa = RAM_BASE + le16(ctrl + 10);
		return;
	}
	q->desc_gpa = RAM_BASE;
	q->avail_gpa = RAM_BASE + 16 * n;
	q->used_gpa = RAM_BASE + ALIGN_UP(16 * n + 6 + 2 * n, 4);
}

/* Everything virtq_pop promises about a chain it returned. */
static void fuzz_check_chain(const struct virtq *q, const struct virtq_chain *c)
{
	uint64_t sum[2] = {0, 0};
	size_t at = 0;

	assert(c->head < q->size);
	assert(c->count <= VIRTQ_MAX_SEGS);
	assert(c->readable <= c->count);
	for (unsigned i = 0; i < c->count; i++) {
		const struct virtq_seg *s = &c->seg[i];

		assert(s->len > 0);
		assert(s->gpa >= RAM_BASE && s->gpa - RAM_BASE <= RAM_SIZE);
		assert(s->len <= RAM_SIZE - (s->gpa - RAM_BASE));
		assert(s->data == ram + (s->gpa - RAM_BASE));
		/* A writable buffer shares no byte with any other; readable ones may repeat. */
		for (unsigned j = 0; j < i && i >= c->readable; j++)
			assert(s->gpa >= c->seg[j].gpa + c->seg[j].len ||
			       c->seg[j].gpa >= s->gpa + s->len);
		sum[i >= c->readable] += s->len;
		if (i < c->readable) {
			memcpy(expect + at, s->data, s->len);
			at += s->len;
		}
	}
	assert(c->read_len == sum[0] && c->write_len == sum[1]);
	assert(c->read_len + c->write_len <= (q->chain_max ? q->chain_max : VIRTQ_MAX_CHAIN_BYTES));
	assert(virtq_chain_read(c, 0, copy, sizeof(copy)) == c->read_len);
	assert(memcmp(copy, expect, at) == 0);
	/* A middle slice, cut inside segments, is the same bytes. */
	assert(virtq_chain_read(c, at / 3, copy, at / 2) == at / 2);
	assert(memcmp(copy, expect + at / 3, at / 2) == 0);
	assert(virtq_chain_read(c, c->read_len, copy, sizeof(copy)) == 0);
}

/* Fill the writable part with a pattern; the guest may have pointed it at its own rings. */
static uint32_t fuzz_fill(const struct virtq_chain *c)
{
	memset(copy, 0xa5, c->write_len);
	assert(virtq_chain_write(c, 0, copy, sizeof(copy)) == c->write_len);
	assert(virtq_chain_write(c, c->write_len, copy, 1) == 0);
	return (uint32_t)c->write_len;
}

/* Push, then find the entry and the index where the driver will look for them. */
static void fuzz_push(struct virtq *q, uint16_t head, uint32_t written)
{
	const uint8_t *used = q->used;
	uint16_t slot = q->used_idx & (q->size - 1), before = le16(used + 2);
	uint32_t id;

	virtq_push(q, head, written);
	if (!q->ready) {
		assert(le16(used + 2) == before); /* a broken queue writes nothing */
		return;
	}
	assert(le16(used + 2) == q->used_idx);
	memcpy(&id, used + 4 + 8 * slot, sizeof(id));
	assert(id == head);
	(void)virtq_should_interrupt(q);
}

/* A broken queue answers "nothing" from now on. */
static void fuzz_check_broken(struct virtq *q, struct virtq_chain *c, const char *why)
{
	assert(why != NULL && !q->ready);
	assert(virtq_pop(q, &mem, c, &why) == 0);
	assert(!virtq_has_avail(q));
	assert(!virtq_should_interrupt(q));
}

/* Play the device until the queue is empty or broken; how many chains were taken. */
static unsigned fuzz_drain(struct virtq *q, uint8_t mode)
{
	static struct virtq_chain c;
	const char *why = NULL;
	unsigned taken = 0;
	uint16_t last;
	int rc;

	while (taken < MAX_POPS) {
		last = q->last_avail;
		rc = virtq_pop(q, &mem, &c, &why);
		if (rc < 0) {
			assert(q->last_avail == last);
			fuzz_check_broken(q, &c, why);
			break;
		}
		if (rc == 0) {
			assert(!virtq_has_avail(q));
			break;
		}
		assert(rc == 1 && q->last_avail == (uint16_t)(last + 1));
		fuzz_check_chain(q, &c);
		heads[taken++] = c.head;
		if (!(mode & MODE_LATE_PUSH))
			fuzz_push(q, c.head, (mode & MODE_WRITE) ? fuzz_fill(&c) : 0);
	}
	return taken;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct virtq q;
	const char *why = NULL;
	uint16_t start, pending;
	unsigned taken;

	if (size < CTRL_LEN)
		return 0;
	memset(ram, 0, sizeof(ram));
	memcpy(ram, data + CTRL_LEN, size - CTRL_LEN < RAM_SIZE ? size - CTRL_LEN : RAM_SIZE);
	virtq_reset(&q);
	q.size = 1u << (data[0] % 9);
	q.event_idx = data[1] & MODE_EVENT_IDX;
	if (data[1] & MODE_SMALL_CAP) {
		q.chain_max = SMALL_CAP;
		q.chain_refusal = "chain over the small cap";
	}
	fuzz_place(&q, data);
	if (virtq_enable(&q, &mem, &why) < 0) {
		assert(why != NULL && !q.ready);
		return 0;
	}
	start = le16(data + 2);
	pending = le16(data + 4);
	q.last_avail = q.used_idx = q.signalled = start;
	pending += start;
	memcpy((uint8_t *)q.avail + 2, &pending, sizeof(pending)); /* avail->idx */
	taken = fuzz_drain(&q, data[1]);
	if (data[1] & MODE_LATE_PUSH)
		for (unsigned i = 0; i < taken; i++)
			fuzz_push(&q, heads[i], 0);
	return 0;
}
