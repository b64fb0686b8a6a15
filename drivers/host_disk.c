/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Erg's own disks: virtio-blk devices (VirtIO 1.2, 5.2) behind core/ports/host_disk.h.
 * A request is the driver's header, the caller's buffers as given (no copy,
 * cut as host_disk_cut.c says) and the driver's status byte.
 *
 * Transfers are asynchronous: up to HOST_DISK_SLOTS requests are in flight,
 * each in a fixed share of the queue's descriptors, and the disk's
 * interrupt (or a hart polling it) completes them, so no hart waits for a
 * disk. Requests are cut at HOST_DISK_HOLD_BYTES and a transfer with more
 * to move queues again behind the others after each of its requests: a
 * guest's large transfer keeps another guest on another slice of the same
 * disk waiting for one such request at most, and no request a guest causes
 * is long enough to reach the driver's time limit, which gives the disk up
 * for everyone (what it held then fails).
 */
#include <stddef.h>
#include <string.h>

#include "console/console.h"
#include "host_disk_state.h"
#include "lib/erg_bounds.h"
#include "mem/page_alloc.h"
#include "ports/arch_hooks.h"
#include "virtio_host_regs.h"

/* Feature bits, config fields and request codes of virtio-blk (5.2.3, 5.2.4, 5.2.6). */
#define BLK_F_SIZE_MAX 1
#define BLK_F_SEG_MAX  2
#define BLK_F_RO       5
#define BLK_F_FLUSH    9
#define BLK_FEATURES                                                                               \
	(1ULL << BLK_F_SIZE_MAX | 1ULL << BLK_F_SEG_MAX | 1ULL << BLK_F_RO | 1ULL << BLK_F_FLUSH)

#define BLK_CFG_CAPACITY 0
#define BLK_CFG_SIZE_MAX 8
#define BLK_CFG_SEG_MAX	 12

#define BLK_T_IN    0
#define BLK_T_OUT   1
#define BLK_T_FLUSH 4
#define BLK_S_OK    0
#define BLK_S_UNSET 0xff /* what the driver leaves there, so a status never written fails */

_Static_assert(HOST_DISK_HOLD_BYTES % HOST_DISK_SECTOR == 0, "requests cover whole sectors");

#define HOST_DISK_REQ_PAGES                                                                        \
	(ALIGN_UP(sizeof(struct host_disk_req) * HOST_DISK_SLOTS, (size_t)PAGE_SIZE) / PAGE_SIZE)

static struct host_disk host_disks[HOST_DISK_MAX];
static unsigned host_disks_found;

static struct host_disk *host_disk_get(unsigned disk)
{
	return disk < host_disks_found ? &host_disks[disk] : NULL;
}

unsigned host_disk_count(void)
{
	return host_disks_found;
}

uint64_t host_disk_sectors(unsigned disk)
{
	struct host_disk *d = host_disk_get(disk);

	return d ? d->sectors : 0;
}

bool host_disk_read_only(unsigned disk)
{
	struct host_disk *d = host_disk_get(disk);

	return !d || d->read_only;
}

unsigned host_disk_irq(unsigned disk)
{
	struct host_disk *d = host_disk_get(disk);

	return d ? d->irq : 0;
}

/* Send the op's next request (or its flush) in slot k. The lock is held. */
static void host_disk_issue(struct host_disk *d, unsigned k, struct host_disk_op *op)
{
	struct host_disk_req *req = &d->req[k];
	struct host_disk_slot *s = &d->slots[k];
	paddr_t at = (paddr_t)(uintptr_t)req;
	unsigned n = 0;

	*s = (struct host_disk_slot){.op = op, .started = arch_time_now()};
	if (!op->flush)
		n = host_disk_cut(d, k, op, &s->bytes);
	req->header = (struct host_disk_header){.type = op->flush   ? BLK_T_FLUSH
							: op->write ? BLK_T_OUT
								    : BLK_T_IN,
						.sector = op->at_sector};
	req->status = BLK_S_UNSET;
	d->bufs[0] = (struct virtio_host_buf){at + offsetof(struct host_disk_req, header),
					      sizeof(struct host_disk_header), false};
	d->bufs[n + 1] =
	    (struct virtio_host_buf){at + offsetof(struct host_disk_req, status), 1, true};
	virtio_host_send(&d->vh, 0, (uint16_t)(k * d->slot_descs), d->bufs, n + 2);
	d->in_flight++;
}

static void host_disk_enqueue(struct host_disk *d, struct host_disk_op *op)
{
	op->next = NULL;
	if (d->wait_tail)
		d->wait_tail->next = op;
	else
		d->wait_head = op;
	d->wait_tail = op;
}

/* Fill the free slots from the waiting ops, and kick the disk once. The lock is held. */
static void host_disk_start(struct host_disk *d)
{
	bool sent = false;

	for (unsigned k = 0; k < d->slot_count && d->wait_head; k++) {
		struct host_disk_op *op = d->wait_head;

		if (d->slots[k].op)
			continue;
		d->wait_head = op->next;
		if (!d->wait_head)
			d->wait_tail = NULL;
		host_disk_issue(d, k, op);
		sent = true;
	}
	if (sent)
		virtio_host_kick(&d->vh, 0);
}

/* The op is over, failed (-1) or not: onto the list whose done the poll calls unlocked. */
static void host_disk_over(struct host_disk_op *op, int status, struct host_disk_op **over)
{
	if (status)
		op->status = status;
	op->next = *over;
	*over = op;
}

/* Slot k came back: its op moves on, queues again, or is over (put on *over). */
static void host_disk_retire(struct host_disk *d, unsigned k, struct host_disk_op **over)
{
	struct host_disk_slot *s = &d->slots[k];
	struct host_disk_op *op = s->op;

	if (*(volatile uint8_t *)&d->req[k].status != BLK_S_OK)
		op->status = -1;
	else
		host_disk_unbounce(d, k);
	op->at_sector += s->bytes / HOST_DISK_SECTOR;
	s->op = NULL;
	d->in_flight--;
	if (op->status == 0 && !host_disk_op_complete(op)) {
		host_disk_enqueue(d, op);
		return;
	}
	host_disk_over(op, 0, over);
}

/* Every op the disk holds or waits for fails: the disk was given up. */
static void host_disk_fail_all(struct host_disk *d, struct host_disk_op **over)
{
	for (unsigned k = 0; k < d->slot_count; k++) {
		if (d->slots[k].op)
			host_disk_over(d->slots[k].op, -1, over);
		d->slots[k].op = NULL;
	}
	d->in_flight = 0;
	while (d->wait_head) {
		struct host_disk_op *op = d->wait_head;

		d->wait_head = op->next;
		host_disk_over(op, -1, over);
	}
	d->wait_tail = NULL;
}

/* Whether a request has been with the disk longer than its time limit. The lock is held. */
static bool host_disk_overdue(const struct host_disk *d)
{
	uint64_t now = arch_time_now();

	for (unsigned k = 0; k < d->slot_count; k++)
		if (d->slots[k].op && now - d->slots[k].started > d->vh.timeout)
			return true;
	return false;
}

/* Take what the disk has completed and refill its slots; the ops now over go on *over. */
static void host_disk_serve(struct host_disk *d, struct host_disk_op **over)
{
	uint16_t id;
	uint32_t written;

	virtio_host_irq_ack(&d->vh);
	while (virtio_host_take(&d->vh, 0, &id, &written)) {
		unsigned k = id / d->slot_descs;

		if (id % d->slot_descs || k >= d->slot_count || !d->slots[k].op) {
			virtio_host_give_up(&d->vh, "used ring names a chain it was not given");
			break;
		}
		host_disk_retire(d, k, over);
	}
	if (!d->vh.broken && d->in_flight && host_disk_overdue(d))
		virtio_host_give_up(&d->vh, "no answer within the time limit");
	if (d->vh.broken)
		host_disk_fail_all(d, over);
	else
		host_disk_start(d);
}

void host_disk_poll(void)
{
	for (unsigned i = 0; i < host_disks_found; i++) {
		struct host_disk *d = &host_disks[i];
		struct host_disk_op *over = NULL;
		unsigned long irq;

		/* Even with nothing in flight: a completion taken by an earlier pass may have left
		 * the interrupt raised, and only the acknowledgement lowers it. */
		irq = virtio_host_lock(&d->vh);
		host_disk_serve(d, &over);
		virtio_host_unlock(&d->vh, irq);
		/* Outside the lock: a caller's done may submit again. */
		while (over) {
			struct host_disk_op *op = over;

			over = op->next;
			op->done(op, op->status);
		}
	}
}

/* Whether the op's sectors lie on the disk, in whole sectors, and may go there. */
static bool host_disk_op_fits(const struct host_disk *d, const struct host_disk_op *op)
{
	uint64_t bytes = 0;

	if (op->flush)
		return true;
	if (op->write && d->read_only)
		return false;
	for (unsigned i = 0; i < op->count; i++)
		bytes += op->segs[i].len;
	return bytes % HOST_DISK_SECTOR == 0 && op->sector <= d->sectors &&
	       bytes / HOST_DISK_SECTOR <= d->sectors - op->sector;
}

int host_disk_submit(unsigned disk, struct host_disk_op *op)
{
	struct host_disk *d = host_disk_get(disk);
	unsigned long irq;

	if (!d || !host_disk_op_fits(d, op))
		return -1;
	op->status = 0;
	op->at_seg = 0;
	op->at_off = 0;
	op->at_sector = op->sector;
	/* No data to move, or a flush of a disk with no write cache (no flush command). */
	if (op->flush ? d->read_only || !virtio_host_has(&d->vh, BLK_F_FLUSH)
		      : host_disk_op_complete(op)) {
		op->done(op, 0);
		return 0;
	}
	irq = virtio_host_lock(&d->vh);
	if (d->vh.broken) {
		virtio_host_unlock(&d->vh, irq);
		return -1;
	}
	host_disk_enqueue(d, op);
	host_disk_start(d);
	virtio_host_unlock(&d->vh, irq);
	return 0;
}

static void host_disk_waited(struct host_disk_op *op, int status)
{
	(void)status;
	__atomic_store_n(&op->next, (struct host_disk_op *)op, __ATOMIC_RELEASE);
}

/* Submit, then serve the disks until the op is done (its next points at itself). */
static int host_disk_wait(unsigned disk, struct host_disk_op *op)
{
	op->done = host_disk_waited;
	if (host_disk_submit(disk, op))
		return -1;
	while (__atomic_load_n(&op->next, __ATOMIC_ACQUIRE) != op)
		host_disk_poll();
	return op->status;
}

int host_disk_transfer(unsigned disk, bool write, uint64_t sector, const struct host_disk_seg *segs,
		       unsigned count)
{
	struct host_disk_op op = {.write = write, .sector = sector, .segs = segs, .count = count};

	return host_disk_wait(disk, &op);
}

int host_disk_flush(unsigned disk)
{
	struct host_disk_op op = {.flush = true};

	return host_disk_wait(disk, &op);
}

/* Read the device's size and limits; -1 with *why when Erg cannot use it. */
static int host_disk_configure(struct host_disk *d, const char **why)
{
	struct virtio_host *vh = &d->vh;

	d->sectors = virtio_host_config64(vh, BLK_CFG_CAPACITY);
	d->read_only = virtio_host_has(vh, BLK_F_RO);
	/* Two descriptors of each chain are the header and the status. */
	d->bufs_max = vh->queues[0].size > 2 ? vh->queues[0].size - 2u : 0;
	if (virtio_host_has(vh, BLK_F_SEG_MAX) && virtio_host_config32(vh, BLK_CFG_SEG_MAX) &&
	    virtio_host_config32(vh, BLK_CFG_SEG_MAX) < d->bufs_max)
		d->bufs_max = virtio_host_config32(vh, BLK_CFG_SEG_MAX);
	d->buf_bytes_max = UINT32_MAX;
	if (virtio_host_has(vh, BLK_F_SIZE_MAX) && virtio_host_config32(vh, BLK_CFG_SIZE_MAX))
		d->buf_bytes_max = virtio_host_config32(vh, BLK_CFG_SIZE_MAX);
	/* Each slot's chain has a header, a status and at least one data buffer. */
	d->slot_count =
	    vh->queues[0].size / 3u < HOST_DISK_SLOTS ? vh->queues[0].size / 3u : HOST_DISK_SLOTS;
	d->slot_descs = (uint16_t)(d->slot_count ? vh->queues[0].size / d->slot_count : 0);
	if (d->slot_count && d->slot_descs - 2u < d->bufs_max)
		d->bufs_max = d->slot_descs - 2u;
	/* Then a request can always carry one sector, in the bounce buffer if need be. */
	if (d->slot_count == 0 || d->bufs_max == 0 || d->buf_bytes_max < HOST_DISK_SECTOR) {
		*why = "its requests cannot carry a whole sector";
		return -1;
	}
	d->req = (struct host_disk_req *)(uintptr_t)page_alloc(HOST_DISK_REQ_PAGES, 1);
	if (!d->req) {
		*why = "no memory for its requests";
		return -1;
	}
	return 0;
}

int host_disk_attach(paddr_t base, unsigned irq, uint64_t timebase_hz)
{
	struct host_disk *d;
	const char *why = NULL;

	if (host_disks_found == HOST_DISK_MAX) {
		console_log(
		    "virtio-mmio 0x%08llx: virtio-blk left alone, Erg drives %d disks at most",
		    (unsigned long long)base, HOST_DISK_MAX);
		return -1;
	}
	d = &host_disks[host_disks_found];
	if (virtio_host_start(&d->vh, base, timebase_hz, BLK_FEATURES, 1, VIRTIO_HOST_QUEUE_MAX,
			      &why) == 0 &&
	    host_disk_configure(d, &why))
		virtio_host_stop(&d->vh);
	if (why) {
		console_log("virtio-mmio 0x%08llx: virtio-blk not used: %s",
			    (unsigned long long)base, why);
		return -1;
	}
	console_log("disk %u: virtio-blk at 0x%08llx, %llu sectors (%llu MiB)%s", host_disks_found,
		    (unsigned long long)base, (unsigned long long)d->sectors,
		    (unsigned long long)(d->sectors * HOST_DISK_SECTOR >> 20),
		    d->read_only ? ", read-only" : "");
	d->irq = irq;
	virtio_host_irq_enable(&d->vh, 0, true);
	host_disks_found++;
	return 0;
}
