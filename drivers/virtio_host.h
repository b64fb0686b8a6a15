/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The driver side of the VirtIO-MMIO transport (VirtIO 1.2, 4.2.2, and the
 * legacy version 1 register set of 4.2.4) with split virtqueues, for the
 * physical devices Erg drives itself. Two ways to use a queue:
 * - requests (disks, entropy; queue 0): issued one at a time and waited for
 *   by polling the used ring, so a caller holds the device's lock
 *   (virtio_host_lock) from filling its buffers until the answer is read;
 * - chains sent without waiting (disks): the driver places each chain in
 *   descriptors of its own choosing and takes it back from the used ring
 *   later by its first descriptor, holding the lock meanwhile;
 * - standing buffers (the network device): descriptor i always holds the
 *   driver's buffer i; the driver posts it, takes it back from the used ring
 *   later and posts it again, never waiting. Each queue's caller serialises
 *   its own use of that queue.
 */
#ifndef DRIVERS_VIRTIO_HOST_H
#define DRIVERS_VIRTIO_HOST_H

#include "lib/types.h"

#define VIRTIO_HOST_ID_NET     1
#define VIRTIO_HOST_ID_BLOCK   2
#define VIRTIO_HOST_ID_ENTROPY 4

/* Largest queue Erg sets up: its legacy ring layout fits two pages. */
#define VIRTIO_HOST_QUEUE_MAX 128
/* Queues Erg sets up on one device (a network device's receive and transmit queues). */
#define VIRTIO_HOST_QUEUES 2

/* One buffer of a request, in the order the device takes them. */
struct virtio_host_buf {
	paddr_t addr;
	uint32_t len;
	bool device_writes; /* the device fills it (else it reads it) */
};

struct virtio_host_desc;
struct virtio_host_avail;
struct virtio_host_used;

struct virtio_host_queue {
	uint16_t size; /* entries, a power of 2 */
	paddr_t ring;  /* the pages holding the three rings */
	size_t ring_pages;
	struct virtio_host_desc *desc;
	struct virtio_host_avail *avail;
	struct virtio_host_used *used;
	uint16_t next_avail; /* avail idx the driver publishes next */
	uint16_t used_seen;  /* used idx already consumed */
};

struct virtio_host {
	uintptr_t base;
	uint32_t version;  /* 1 legacy, 2 modern */
	uint64_t features; /* negotiated */
	unsigned queue_count;
	struct virtio_host_queue queues[VIRTIO_HOST_QUEUES];
	uint64_t timeout; /* time-counter ticks a request may take */
	bool broken;	  /* stopped answering: its buffers may still be in use */
	/* A ticket lock: harts take the device in the order they asked for it. */
	uint32_t ticket_next, ticket_owner;
};

/*
 * Read the identity of the slot at base: 0 with *device_id set (0 for an
 * empty slot), or -1 with *why when no virtio-mmio device answers there.
 */
int virtio_host_identify(paddr_t base, uint32_t *device_id, const char **why);

/*
 * Initialise the device at base: reset, negotiate the wanted features it
 * offers (VIRTIO_F_VERSION_1 added on modern devices), set up queues 0 ..
 * queues - 1 (at most VIRTIO_HOST_QUEUES) with at most queue_max entries each
 * and set DRIVER_OK. Queues start with the device's interrupts suppressed.
 * 0, or -1 with *why (the device is then marked FAILED).
 */
int virtio_host_start(struct virtio_host *vh, paddr_t base, uint64_t timebase_hz, uint64_t wanted,
		      unsigned queues, unsigned queue_max, const char **why);

/* Reset a started device that its driver cannot use after all, and mark it FAILED. */
void virtio_host_stop(struct virtio_host *vh);

/* Whether feature bit was negotiated. */
bool virtio_host_has(const struct virtio_host *vh, unsigned bit);

/* Device-specific config space, little-endian fields at offset. */
uint32_t virtio_host_config32(const struct virtio_host *vh, unsigned offset);
uint64_t virtio_host_config64(const struct virtio_host *vh, unsigned offset);

/*
 * Take the device for one or more requests; interrupts stay off meanwhile.
 * First come, first served, so a hart that releases the device and takes it
 * again for its next request cannot starve another one waiting for it.
 */
unsigned long virtio_host_lock(struct virtio_host *vh);
void virtio_host_unlock(struct virtio_host *vh, unsigned long irq);

/*
 * Hand the device one chain of count buffers (at most the queue size) and
 * wait for it to give it back. With the lock held. 0 with *written set to the
 * bytes the device wrote, or -1 when the device is broken or stops answering.
 */
int virtio_host_request(struct virtio_host *vh, const struct virtio_host_buf *bufs, unsigned count,
			uint32_t *written);

/*
 * Put a chain of count buffers in descriptors first .. first + count - 1 of
 * queue q (the caller keeps those free until the chain comes back through
 * virtio_host_take, under its first descriptor) and publish it; the device
 * sees it at the next kick.
 */
void virtio_host_send(struct virtio_host *vh, unsigned q, uint16_t first,
		      const struct virtio_host_buf *bufs, unsigned count);

/*
 * Standing buffers on queue q: post buffer id (below the queue's size) in
 * its descriptor id; the device sees it at the next kick. take gives back
 * the next buffer the device used, with the bytes it wrote: false when
 * there is none, or when the device named a buffer it was not given (it is
 * then given up).
 */
void virtio_host_post(struct virtio_host *vh, unsigned q, uint16_t id,
		      const struct virtio_host_buf *buf);
void virtio_host_kick(struct virtio_host *vh, unsigned q);
bool virtio_host_take(struct virtio_host *vh, unsigned q, uint16_t *id, uint32_t *written);

/* Let the device interrupt when it uses buffers of queue q (or stop it again). */
void virtio_host_irq_enable(struct virtio_host *vh, unsigned q, bool on);

/* Acknowledge the device's interrupt, before looking at its used rings. */
void virtio_host_irq_ack(struct virtio_host *vh);

/* The device drivers on this transport, called by the probe; each logs one line. */
int host_disk_attach(paddr_t base, unsigned irq, uint64_t timebase_hz);
int host_rng_attach(paddr_t base, uint64_t timebase_hz);
int host_net_attach(paddr_t base, unsigned irq, uint64_t timebase_hz);

#endif
