/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Cutting a transfer into requests to a disk. A transfer becomes several
 * requests when the device limits the buffers per request (seg_max, the
 * slot's share of the queue) or their length (size_max), and at
 * HOST_DISK_HOLD_BYTES: the caller's buffers are then cut so that every
 * request covers whole sectors, and each starts at the sector the previous
 * one ended. Only when the allowed buffers cannot hold a whole sector (many
 * tiny ones) does that sector go through a buffer of the driver's own.
 */
#include <string.h>

#include "host_disk_state.h"
#include "lib/erg_bounds.h"

/* Move *at past len bytes of the current buffer. */
static void host_disk_advance(struct host_disk_cursor *at, const struct host_disk_seg *segs,
			      uint32_t len)
{
	at->off += len;
	if (at->off == segs[at->seg].len) {
		at->seg++;
		at->off = 0;
	}
}

/*
 * Fill bufs[1 ..] from *at on with as much as one request may carry, cut back
 * to whole sectors when a limit stopped it mid-sector (the cut part goes
 * first in the next request). Returns the buffer count, *bytes their length.
 */
static unsigned host_disk_gather(struct host_disk *d, bool write, const struct host_disk_seg *segs,
				 unsigned count, struct host_disk_cursor *at, uint64_t *bytes)
{
	unsigned n = 0;
	uint64_t total = 0;

	while (n < d->bufs_max && at->seg < count && total < HOST_DISK_HOLD_BYTES) {
		uint32_t len = segs[at->seg].len - at->off;

		len = len < d->buf_bytes_max ? len : d->buf_bytes_max;
		len = len < HOST_DISK_HOLD_BYTES - total ? len
							 : (uint32_t)(HOST_DISK_HOLD_BYTES - total);
		if (len) {
			d->from[n] = *at;
			d->bufs[1 + n++] =
			    (struct virtio_host_buf){segs[at->seg].addr + at->off, len, !write};
			total += len;
		}
		host_disk_advance(at, segs, len);
	}
	while (n && total % HOST_DISK_SECTOR) {
		struct virtio_host_buf *last = &d->bufs[n];
		uint32_t cut = (uint32_t)(total % HOST_DISK_SECTOR);

		if (last->len <= cut) {
			total -= last->len;
			*at = d->from[--n];
		} else {
			last->len -= cut;
			total -= cut;
			*at = d->from[n - 1];
			at->off += last->len;
		}
	}
	*bytes = total;
	return n;
}

/*
 * Copy one sector between a bounce buffer and the caller's buffers from *at
 * on (neither way when bounce is NULL: *at just moves past it).
 */
static void host_disk_copy(uint8_t *bounce, bool to_bounce, const struct host_disk_seg *segs,
			   struct host_disk_cursor *at)
{
	for (uint32_t done = 0; done < HOST_DISK_SECTOR;) {
		uint8_t *buf = (uint8_t *)(uintptr_t)(segs[at->seg].addr + at->off);
		uint32_t len = segs[at->seg].len - at->off;

		len = len < HOST_DISK_SECTOR - done ? len : HOST_DISK_SECTOR - done;
		if (bounce && to_bounce)
			memcpy(bounce + done, buf, len);
		else if (bounce)
			memcpy(buf, bounce + done, len);
		done += len;
		host_disk_advance(at, segs, len);
	}
}

bool host_disk_op_complete(const struct host_disk_op *op)
{
	unsigned seg = op->at_seg;

	if (op->flush)
		return true;
	while (seg < op->count && op->segs[seg].len == (seg == op->at_seg ? op->at_off : 0))
		seg++;
	return seg >= op->count;
}

unsigned host_disk_cut(struct host_disk *d, unsigned k, struct host_disk_op *op, uint64_t *bytes)
{
	struct host_disk_cursor at = {op->at_seg, op->at_off};
	struct host_disk_slot *s = &d->slots[k];
	unsigned n = host_disk_gather(d, op->write, op->segs, op->count, &at, bytes);

	if (n == 0) {
		d->bufs[1] = (struct virtio_host_buf){(paddr_t)(uintptr_t)d->req[k].bounce,
						      HOST_DISK_SECTOR, !op->write};
		s->bounced_read = !op->write;
		s->bounce_at = at;
		host_disk_copy(op->write ? d->req[k].bounce : NULL, true, op->segs, &at);
		*bytes = HOST_DISK_SECTOR;
		n = 1;
	}
	op->at_seg = at.seg;
	op->at_off = at.off;
	return n;
}

void host_disk_unbounce(struct host_disk *d, unsigned k)
{
	struct host_disk_slot *s = &d->slots[k];

	if (s->bounced_read)
		host_disk_copy(d->req[k].bounce, false, s->op->segs, &s->bounce_at);
}
