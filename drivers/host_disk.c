/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Erg's own disks: virtio-blk devices (VirtIO 1.2, 5.2) behind core/ports/host_disk.h.
 * A request is the driver's header, the caller's buffers as given (no copy)
 * and the driver's status byte. A transfer becomes several requests when the
 * device limits the buffers per request (seg_max, the queue size) or their
 * length (size_max): the caller's buffers are then cut so that every request
 * covers whole sectors, and each starts at the sector the previous one ended.
 * Only when the allowed buffers cannot hold a whole sector (many tiny ones)
 * does that sector go through a buffer of the driver's own.
 *
 * Requests are also cut at HOST_DISK_HOLD_BYTES, and the disk's lock (held
 * with interrupts off, as requests are polled) is taken for one request at a
 * time: a guest's large transfer then keeps another guest on another slice
 * of the same disk waiting for one such request at most, and no request a
 * guest causes is long enough to reach the driver's time limit, which gives
 * the disk up for everyone.
 */
#include "ports/host_disk.h"

#include <stddef.h>
#include <string.h>

#include "console/console.h"
#include "lib/erg_bounds.h"
#include "mem/page_alloc.h"
#include "virtio_host.h"

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

struct host_disk_header {
	uint32_t type;
	uint32_t reserved;
	uint64_t sector;
};

/* The driver's own part of a request, in a page the device may reach. */
struct host_disk_req {
	struct host_disk_header header;
	uint8_t status;
	uint8_t bounce[HOST_DISK_SECTOR] __attribute__((aligned(64)));
};

/* A position in the caller's buffers: where the next request starts. */
struct host_disk_cursor {
	unsigned seg;
	uint32_t off;
};

struct host_disk {
	struct virtio_host vh;
	uint64_t sectors;
	bool read_only;
	unsigned bufs_max;	/* data buffers in one request */
	uint32_t buf_bytes_max; /* bytes in one data buffer */
	struct host_disk_req *req;
	/* The request being built (header, data, status) and where each data buffer began. */
	struct virtio_host_buf bufs[VIRTIO_HOST_QUEUE_MAX];
	struct host_disk_cursor from[VIRTIO_HOST_QUEUE_MAX];
};

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

/* Send the request whose n data buffers are in bufs[1 .. n]; 0 when the disk says OK. */
static int host_disk_issue(struct host_disk *d, uint32_t type, uint64_t sector, unsigned n)
{
	paddr_t req = (paddr_t)(uintptr_t)d->req;
	uint32_t written;

	d->req->header = (struct host_disk_header){.type = type, .sector = sector};
	d->req->status = BLK_S_UNSET;
	d->bufs[0] = (struct virtio_host_buf){req + offsetof(struct host_disk_req, header),
					      sizeof(struct host_disk_header), false};
	d->bufs[n + 1] =
	    (struct virtio_host_buf){req + offsetof(struct host_disk_req, status), 1, true};
	if (virtio_host_request(&d->vh, d->bufs, n + 2, &written))
		return -1;
	return *(volatile uint8_t *)&d->req->status == BLK_S_OK ? 0 : -1;
}

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

/* Copy one sector between the bounce buffer and the caller's buffers from *at on. */
static void host_disk_copy(struct host_disk *d, bool to_bounce, const struct host_disk_seg *segs,
			   struct host_disk_cursor *at)
{
	for (uint32_t done = 0; done < HOST_DISK_SECTOR;) {
		uint8_t *buf = (uint8_t *)(uintptr_t)(segs[at->seg].addr + at->off);
		uint32_t len = segs[at->seg].len - at->off;

		len = len < HOST_DISK_SECTOR - done ? len : HOST_DISK_SECTOR - done;
		if (to_bounce)
			memcpy(d->req->bounce + done, buf, len);
		else
			memcpy(buf, d->req->bounce + done, len);
		done += len;
		host_disk_advance(at, segs, len);
	}
}

/* The sector at *at, spread over more buffers than one request may have. */
static int host_disk_bounce(struct host_disk *d, bool write, uint64_t sector,
			    const struct host_disk_seg *segs, struct host_disk_cursor *at)
{
	d->bufs[1] =
	    (struct virtio_host_buf){(paddr_t)(uintptr_t)d->req->bounce, HOST_DISK_SECTOR, !write};
	if (write)
		host_disk_copy(d, true, segs, at);
	if (host_disk_issue(d, write ? BLK_T_OUT : BLK_T_IN, sector, 1))
		return -1;
	if (!write)
		host_disk_copy(d, false, segs, at);
	return 0;
}

/*
 * The next request of a transfer, from *at on at *sector, both moved past
 * it: 1 when one was done, 0 when the transfer is complete, -1 on an error.
 * The caller holds the lock; the request's buffers (d->bufs) are shared.
 */
static int host_disk_step(struct host_disk *d, bool write, uint64_t *sector,
			  const struct host_disk_seg *segs, unsigned count,
			  struct host_disk_cursor *at)
{
	uint64_t bytes;
	unsigned n = host_disk_gather(d, write, segs, count, at, &bytes);

	if (n == 0 && at->seg == count)
		return 0;
	if (n == 0)
		return host_disk_bounce(d, write, (*sector)++, segs, at) ? -1 : 1;
	if (host_disk_issue(d, write ? BLK_T_OUT : BLK_T_IN, *sector, n))
		return -1;
	*sector += bytes / HOST_DISK_SECTOR;
	return 1;
}

/* Each request under the lock of its own, so another guest's waits between them. */
static int host_disk_run(struct host_disk *d, bool write, uint64_t sector,
			 const struct host_disk_seg *segs, unsigned count)
{
	struct host_disk_cursor at = {0, 0};
	unsigned long irq;
	int rc;

	do {
		irq = virtio_host_lock(&d->vh);
		rc = host_disk_step(d, write, &sector, segs, count, &at);
		virtio_host_unlock(&d->vh, irq);
	} while (rc > 0);
	return rc;
}

int host_disk_transfer(unsigned disk, bool write, uint64_t sector, const struct host_disk_seg *segs,
		       unsigned count)
{
	struct host_disk *d = host_disk_get(disk);
	uint64_t bytes = 0;

	if (!d || (write && d->read_only))
		return -1;
	for (unsigned i = 0; i < count; i++)
		bytes += segs[i].len;
	if (bytes % HOST_DISK_SECTOR || sector > d->sectors ||
	    bytes / HOST_DISK_SECTOR > d->sectors - sector)
		return -1;
	return host_disk_run(d, write, sector, segs, count);
}

int host_disk_flush(unsigned disk)
{
	struct host_disk *d = host_disk_get(disk);
	unsigned long irq;
	int rc;

	if (!d)
		return -1;
	/* A device without the flush command offers no write cache to flush. */
	if (!virtio_host_has(&d->vh, BLK_F_FLUSH))
		return 0;
	irq = virtio_host_lock(&d->vh);
	rc = host_disk_issue(d, BLK_T_FLUSH, 0, 0);
	virtio_host_unlock(&d->vh, irq);
	return rc;
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
	/* Then a request can always carry one sector, in the bounce buffer if need be. */
	if (d->bufs_max == 0 || d->buf_bytes_max < HOST_DISK_SECTOR) {
		*why = "its requests cannot carry a whole sector";
		return -1;
	}
	d->req = (struct host_disk_req *)(uintptr_t)page_alloc(1, 1);
	if (!d->req) {
		*why = "no memory for its requests";
		return -1;
	}
	return 0;
}

int host_disk_attach(paddr_t base, uint64_t timebase_hz)
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
	host_disks_found++;
	return 0;
}
