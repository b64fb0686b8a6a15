/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * virtio-blk requests: a 16-byte header the device reads (type, sector), the
 * data, and a status byte, the last byte the device writes. Reads and
 * writes go to the disk in place, the guest's own buffers handed to the
 * disk driver; a request outside the slice, not whole sectors, or a write
 * to a read-only device is answered IOERR without touching the disk.
 *
 * A notify hands up to VIRTIO_MMIO_BATCH_CHAINS requests to the disk and
 * returns: up to VIRTIO_BLK_IN_FLIGHT of the device's requests are with
 * the disk at once. The disk's completion, on whichever hart takes it,
 * marks a request done and defers the queue, so that the guest's own vCPU
 * writes the status and gives the chain back at its next entry; a notify
 * does that first too. A request stays between virtio_mmio_begin and _end
 * while the disk has its buffers, so a reset (a guest's reboot) waits for
 * the disk to let go of them (virtio_blk_quiesce serves the disk meanwhile).
 *
 * A read-only image in the config is copied instead, and every exit does
 * bounded work, yet a driver may send one request of up to
 * VIRTIO_BLK_CHAIN_MAX (U-Boot reads a whole kernel with one buffer). So an
 * image's request moves in pieces: each service of the queue moves at most
 * one batch's bytes (VIRTIO_MMIO_BATCH_BYTES), and a request it does not
 * finish is continued by the next service, which the device asks for;
 * nothing else is taken meanwhile. A reset between two pieces makes the
 * request stale: the next piece finds it so (virtio_mmio_begin) and drops it
 * unanswered.
 */
#include <stddef.h>
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

/* Copy the next len bytes of an image's request (whole sectors). */
static void virtio_blk_copy(struct virtio_blk *b, const struct virtio_blk_request *r, uint64_t len)
{
	struct host_disk_seg segs[VIRTQ_MAX_SEGS];
	unsigned count = virtio_blk_segs(r, r->done, len, segs);
	const uint8_t *img =
	    (const uint8_t *)b->config->image + r->sector * VIRTIO_BLK_SECTOR + r->done;

	for (unsigned i = 0; i < count; img += segs[i++].len)
		memcpy((void *)(uintptr_t)segs[i].addr, img, segs[i].len);
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

/* The header of the request just taken: read and checked. */
static void virtio_blk_parse(struct virtio_blk *b, struct virtio_blk_request *r)
{
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

/* The request is over: the rest of its work, then its status byte. The used length. */
static uint32_t virtio_blk_answer(struct virtio_blk *b, struct virtio_blk_request *r)
{
	const struct virtq_chain *c = &r->chain;
	uint32_t written = 1;

	if (r->type == VIRTIO_BLK_T_FLUSH) {
		b->flushes++;
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

/* Write the status of a request whose work is over and give its chain back. */
static void virtio_blk_finish(struct virtio_mmio *t, unsigned q, struct virtio_blk_request *r)
{
	uint32_t written;

	if (virtio_mmio_begin(t, q, &r->chain)) {
		written = virtio_blk_answer(r->blk, r);
		virtio_mmio_end(t);
		virtio_mmio_push(t, q, r->chain.head, written);
	} /* else reset or broken since it was taken: no answer is wanted */
	__atomic_store_n(&r->state, VIRTIO_BLK_FREE, __ATOMIC_RELAXED);
}

/* The disk is done with a request (any hart): its vCPU answers it at its next entry. */
static void virtio_blk_disk_done(struct host_disk_op *op, int status)
{
	struct virtio_blk_request *r =
	    (struct virtio_blk_request *)(void *)((char *)op -
						  offsetof(struct virtio_blk_request, op));
	struct virtio_blk *b = r->blk;

	if (status)
		r->status = VIRTIO_BLK_S_IOERR;
	__atomic_store_n(&r->state, VIRTIO_BLK_DONE, __ATOMIC_RELEASE);
	virtio_mmio_end(b->transport);
	virtio_mmio_defer(b->transport, b->queue);
}

/* Hand a read, write or flush to the disk; answered at once when it cannot go. */
static void virtio_blk_to_disk(struct virtio_mmio *t, unsigned q, struct virtio_blk_request *r)
{
	struct virtio_blk *b = r->blk;
	bool flush = r->type == VIRTIO_BLK_T_FLUSH;

	if (!virtio_mmio_begin(t, q, &r->chain)) {
		__atomic_store_n(&r->state, VIRTIO_BLK_FREE, __ATOMIC_RELAXED);
		return;
	}
	r->op = (struct host_disk_op){
	    .write = r->type == VIRTIO_BLK_T_OUT,
	    .flush = flush,
	    .sector = b->first + r->sector,
	    .segs = r->segs,
	    .count = flush ? 0 : virtio_blk_segs(r, 0, r->length, r->segs),
	    .done = virtio_blk_disk_done,
	};
	/* Before the submit: the disk may be done before it returns. */
	__atomic_store_n(&r->state, VIRTIO_BLK_DISK, __ATOMIC_RELAXED);
	if (host_disk_submit(b->config->disk, &r->op) == 0)
		return;
	r->status = VIRTIO_BLK_S_IOERR;
	virtio_mmio_end(t);
	virtio_blk_finish(t, q, r);
}

/* A request just taken: to the disk, to be copied from the image, or answered now. */
static void virtio_blk_start(struct virtio_mmio *t, unsigned q, struct virtio_blk_request *r)
{
	const struct config_virtio *c = r->blk->config;
	bool ok = r->status == VIRTIO_BLK_S_OK;

	if (ok && virtio_blk_is_rw(r) && r->length && c->image)
		__atomic_store_n(&r->state, VIRTIO_BLK_PIECES, __ATOMIC_RELAXED);
	else if (ok && ((virtio_blk_is_rw(r) && r->length) ||
			(r->type == VIRTIO_BLK_T_FLUSH && !c->image && !c->read_only)))
		virtio_blk_to_disk(t, q, r);
	else
		virtio_blk_finish(t, q, r);
}

/*
 * Take the next chain of queue q into the free request r: true when one was
 * taken (a chain without a status byte breaks the device instead).
 */
static bool virtio_blk_take(struct virtio_mmio *t, unsigned q, struct virtio_blk_request *r)
{
	struct virtio_blk *b = t->dev;

	if (!virtio_mmio_pop(t, q, &r->chain))
		return false;
	if (!r->chain.write_len) {
		virtio_mmio_broken(t, "request without a status byte");
		return true;
	}
	r->blk = b;
	virtio_blk_parse(b, r);
	virtio_blk_start(t, q, r);
	return true;
}

/*
 * Copy up to budget bytes of an image's request, and answer it once all its
 * data moved. The data bytes moved.
 */
static uint64_t virtio_blk_progress(struct virtio_mmio *t, unsigned q, struct virtio_blk_request *r,
				    uint64_t budget)
{
	uint64_t len = r->length - r->done < budget ? r->length - r->done : budget;

	if (!virtio_mmio_begin(t, q, &r->chain)) {
		__atomic_store_n(&r->state, VIRTIO_BLK_FREE, __ATOMIC_RELAXED);
		return 0;
	}
	virtio_blk_copy(r->blk, r, len);
	r->done += len;
	virtio_mmio_end(t);
	if (r->done == r->length)
		virtio_blk_finish(t, q, r);
	return len;
}

/* The request in state, or NULL. */
static struct virtio_blk_request *virtio_blk_find(struct virtio_blk *b, enum virtio_blk_state state)
{
	for (unsigned i = 0; i < VIRTIO_BLK_IN_FLIGHT; i++)
		if (__atomic_load_n(&b->reqs[i].state, __ATOMIC_ACQUIRE) == state)
			return &b->reqs[i];
	return NULL;
}

/*
 * Answer what the disk completed; then one batch: the image's request
 * continued, or further requests taken while one is free, until
 * VIRTIO_MMIO_BATCH_CHAINS were taken or VIRTIO_MMIO_BATCH_BYTES were
 * copied. Work left is deferred; chains that wait for a free request are
 * taken when the disk's completion defers the queue.
 */
void virtio_blk_notify(struct virtio_mmio *t, unsigned q)
{
	struct virtio_blk *b = t->dev;
	struct virtio_mmio_batch batch = {0};
	struct virtio_blk_request *r;

	spin_lock(&b->serving);
	b->transport = t;
	b->queue = q;
	while ((r = virtio_blk_find(b, VIRTIO_BLK_DONE)))
		virtio_blk_finish(t, q, r);
	while (batch.chains < VIRTIO_MMIO_BATCH_CHAINS && batch.bytes < VIRTIO_MMIO_BATCH_BYTES) {
		if ((r = virtio_blk_find(b, VIRTIO_BLK_PIECES)))
			batch.bytes +=
			    virtio_blk_progress(t, q, r, VIRTIO_MMIO_BATCH_BYTES - batch.bytes);
		else if (!(r = virtio_blk_find(b, VIRTIO_BLK_FREE)) || !virtio_blk_take(t, q, r))
			break;
		else
			batch.chains++;
	}
	if (virtio_blk_find(b, VIRTIO_BLK_PIECES) ||
	    (virtio_blk_find(b, VIRTIO_BLK_FREE) && virtio_mmio_has_avail(t, q)))
		virtio_mmio_defer(t, q);
	spin_unlock(&b->serving);
}

/* A reset waits for the requests with the disk: serve the disk meanwhile. */
void virtio_blk_quiesce(struct virtio_mmio *t)
{
	(void)t;
	host_disk_poll();
}
