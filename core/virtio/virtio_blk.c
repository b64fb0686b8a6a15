/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * virtio-blk requests: a 16-byte header the device reads (type, sector), the
 * data, and a status byte, the last byte the device writes. Reads and
 * writes go to the disk in place, the guest's own buffers handed to the
 * disk driver; a request outside the slice, not whole sectors, or a write
 * to a read-only device is answered IOERR without touching the disk.
 *
 * Every exit does bounded work, yet a driver may send one request of up to
 * VIRTIO_BLK_CHAIN_MAX (U-Boot reads a whole kernel with one buffer). So a
 * request's data moves in pieces: each service of the queue (a notify, or
 * the deferred service at a vCPU's next entry) moves at most one batch's
 * bytes (VIRTIO_MMIO_BATCH_BYTES), and a request it does not finish stays
 * the device's current request, continued by the next service, which the
 * device asks for. The queue is served in order, so nothing else is taken
 * meanwhile. A reset between two pieces makes the request stale: the next
 * piece finds it so (virtio_mmio_begin) and drops it unanswered.
 */
#include <string.h>

#include "ports/host_disk.h"
#include "virtio/virtio_blk.h"

#define VIRTIO_BLK_T_IN	    0
#define VIRTIO_BLK_T_OUT    1
#define VIRTIO_BLK_T_FLUSH  4
#define VIRTIO_BLK_T_GET_ID 8

#define VIRTIO_BLK_S_OK	    0
#define VIRTIO_BLK_S_IOERR  1
#define VIRTIO_BLK_S_UNSUPP 2

#define VIRTIO_BLK_HEADER 16

_Static_assert(VIRTIO_MMIO_BATCH_BYTES % VIRTIO_BLK_SECTOR == 0, "pieces are whole sectors");

static bool virtio_blk_is_rw(const struct virtio_blk_request *r)
{
	return r->type == VIRTIO_BLK_T_IN || r->type == VIRTIO_BLK_T_OUT;
}

/*
 * The data bytes [skip, skip + len) of the request as disk buffers in segs:
 * after the header in the readable part (write), or in the writable part
 * before the status byte (read). The count of buffers.
 */
static unsigned virtio_blk_segs(const struct virtio_blk_request *r, uint64_t skip, uint64_t len,
				struct host_disk_seg *segs)
{
	const struct virtq_chain *c = &r->chain;
	bool write = r->type == VIRTIO_BLK_T_OUT;
	unsigned i = write ? 0 : c->readable, end = write ? c->readable : c->count, n = 0;

	if (write)
		skip += VIRTIO_BLK_HEADER;
	for (; i < end && len; i++) {
		uint64_t take;

		if (skip >= c->seg[i].len) {
			skip -= c->seg[i].len;
			continue;
		}
		take = c->seg[i].len - skip < len ? c->seg[i].len - skip : len;
		segs[n].addr = (paddr_t)(uintptr_t)c->seg[i].data + skip;
		segs[n++].len = (uint32_t)take;
		len -= take;
		skip = 0;
	}
	return n;
}

/* Move the next len bytes of the request's data (whole sectors). A status. */
static uint8_t virtio_blk_move(struct virtio_blk *b, const struct virtio_blk_request *r,
			       uint64_t len)
{
	const struct config_virtio *c = b->config;
	struct host_disk_seg segs[VIRTQ_MAX_SEGS];
	unsigned count = virtio_blk_segs(r, r->done, len, segs);
	uint64_t sector = r->sector + r->done / VIRTIO_BLK_SECTOR;

	if (c->image) {
		const uint8_t *img = (const uint8_t *)c->image + sector * VIRTIO_BLK_SECTOR;

		for (unsigned i = 0; i < count; img += segs[i++].len)
			memcpy((void *)(uintptr_t)segs[i].addr, img, segs[i].len);
		return VIRTIO_BLK_S_OK;
	}
	if (host_disk_transfer(c->disk, r->type == VIRTIO_BLK_T_OUT, b->first + sector, segs,
			       count))
		return VIRTIO_BLK_S_IOERR;
	return VIRTIO_BLK_S_OK;
}

/* A read or write, checked whole before any of it moves. */
static uint8_t virtio_blk_check_rw(struct virtio_blk *b, struct virtio_blk_request *r)
{
	const struct virtq_chain *c = &r->chain;
	bool write = r->type == VIRTIO_BLK_T_OUT;
	uint64_t nsect;

	r->length = write ? c->read_len - VIRTIO_BLK_HEADER : c->write_len - 1;
	nsect = r->length / VIRTIO_BLK_SECTOR;
	if (write)
		b->writes++;
	else
		b->reads++;
	if (r->length % VIRTIO_BLK_SECTOR || r->sector > b->sectors ||
	    nsect > b->sectors - r->sector || (write && b->config->read_only))
		return VIRTIO_BLK_S_IOERR;
	return VIRTIO_BLK_S_OK;
}

/* The request just taken into b->cur: its header read and checked. */
static void virtio_blk_parse(struct virtio_blk *b)
{
	struct virtio_blk_request *r = &b->cur;
	uint8_t header[VIRTIO_BLK_HEADER];

	r->type = UINT32_MAX; /* unsupported, until a whole header says otherwise */
	r->length = 0;
	r->done = 0;
	r->status = VIRTIO_BLK_S_IOERR;
	if (virtq_chain_read(&r->chain, 0, header, sizeof(header)) != sizeof(header))
		return;
	memcpy(&r->type, header, sizeof(r->type));
	memcpy(&r->sector, header + 8, sizeof(r->sector));
	if (virtio_blk_is_rw(r))
		r->status = virtio_blk_check_rw(b, r);
	else if (r->type == VIRTIO_BLK_T_FLUSH || r->type == VIRTIO_BLK_T_GET_ID)
		r->status = VIRTIO_BLK_S_OK;
	else
		r->status = VIRTIO_BLK_S_UNSUPP;
}

/*
 * Take the next chain of queue q as the current request: true when one was
 * taken (a chain without a status byte breaks the device instead).
 */
static bool virtio_blk_take(struct virtio_mmio *t, unsigned q)
{
	struct virtio_blk *b = t->dev;

	if (!virtio_mmio_pop(t, q, &b->cur.chain))
		return false;
	if (!b->cur.chain.write_len) {
		virtio_mmio_broken(t, "request without a status byte");
		return true;
	}
	virtio_blk_parse(b);
	b->cur.active = true;
	return true;
}

/* The request is over: the rest of its work, then its status byte. The used length. */
static uint32_t virtio_blk_answer(struct virtio_blk *b, struct virtio_blk_request *r)
{
	const struct virtq_chain *c = &r->chain;
	uint32_t written = 1;

	if (r->status == VIRTIO_BLK_S_OK && r->type == VIRTIO_BLK_T_FLUSH) {
		b->flushes++;
		if (!b->config->image && !b->config->read_only && host_disk_flush(b->config->disk))
			r->status = VIRTIO_BLK_S_IOERR;
	} else if (r->status == VIRTIO_BLK_S_OK && r->type == VIRTIO_BLK_T_GET_ID) {
		written += (uint32_t)virtq_chain_write(
		    c, 0, b->id,
		    c->write_len - 1 < sizeof(b->id) ? c->write_len - 1 : sizeof(b->id));
	} else if (r->status == VIRTIO_BLK_S_OK && r->type == VIRTIO_BLK_T_IN) {
		written += (uint32_t)r->length;
	}
	if (r->status != VIRTIO_BLK_S_OK)
		b->errors++;
	virtq_chain_write(c, c->write_len - 1, &r->status, 1);
	return written;
}

/*
 * Move up to budget bytes of the current request, and answer it once all
 * its data moved or a piece failed. The data bytes moved.
 */
static uint64_t virtio_blk_progress(struct virtio_mmio *t, unsigned q, uint64_t budget)
{
	struct virtio_blk *b = t->dev;
	struct virtio_blk_request *r = &b->cur;
	uint64_t len = 0;
	uint32_t written;

	if (!virtio_mmio_begin(t, q, &r->chain)) {
		r->active = false; /* reset or broken since it was taken: no answer is wanted */
		return 0;
	}
	if (r->status == VIRTIO_BLK_S_OK && virtio_blk_is_rw(r)) {
		len = r->length - r->done < budget ? r->length - r->done : budget;
		r->status = virtio_blk_move(b, r, len);
		r->done += len;
	}
	if (r->status == VIRTIO_BLK_S_OK && r->done < r->length) {
		virtio_mmio_end(t);
		return len;
	}
	written = virtio_blk_answer(b, r);
	virtio_mmio_end(t);
	r->active = false;
	virtio_mmio_push(t, q, r->chain.head, written);
	return len;
}

/*
 * One batch: the current request continued, then further requests, until
 * VIRTIO_MMIO_BATCH_CHAINS were taken or VIRTIO_MMIO_BATCH_BYTES of data
 * moved. Work left (a current request, or chains waiting) is deferred.
 */
void virtio_blk_notify(struct virtio_mmio *t, unsigned q)
{
	struct virtio_blk *b = t->dev;
	struct virtio_mmio_batch batch = {0};

	spin_lock(&b->serving);
	while (batch.chains < VIRTIO_MMIO_BATCH_CHAINS && batch.bytes < VIRTIO_MMIO_BATCH_BYTES) {
		if (!b->cur.active) {
			if (!virtio_blk_take(t, q))
				break;
			batch.chains++;
			if (!b->cur.active)
				continue;
		}
		batch.bytes += virtio_blk_progress(t, q, VIRTIO_MMIO_BATCH_BYTES - batch.bytes);
	}
	if (b->cur.active || virtio_mmio_has_avail(t, q))
		virtio_mmio_defer(t, q);
	spin_unlock(&b->serving);
}
