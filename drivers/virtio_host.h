/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The driver side of the VirtIO-MMIO transport (VirtIO 1.2, 4.2.2, and the
 * legacy version 1 register set of 4.2.4) with one split virtqueue, for the
 * physical devices Erg drives itself. Requests are issued one at a time and
 * waited for by polling the used ring, so a caller holds the device's lock
 * (virtio_host_lock) from filling its buffers until the answer is read.
 */
#ifndef DRIVERS_VIRTIO_HOST_H
#define DRIVERS_VIRTIO_HOST_H

#include "lib/types.h"

#define VIRTIO_HOST_ID_BLOCK   2
#define VIRTIO_HOST_ID_ENTROPY 4

/* Largest queue Erg sets up: its legacy ring layout fits two pages. */
#define VIRTIO_HOST_QUEUE_MAX 128

/* One buffer of a request, in the order the device takes them. */
struct virtio_host_buf {
	paddr_t addr;
	uint32_t len;
	bool device_writes; /* the device fills it (else it reads it) */
};

struct virtio_host_desc;
struct virtio_host_avail;
struct virtio_host_used;

struct virtio_host {
	uintptr_t base;
	uint32_t version;  /* 1 legacy, 2 modern */
	uint64_t features; /* negotiated */
	uint16_t size;	   /* queue entries, a power of 2 */
	paddr_t ring;	   /* the pages holding the three rings */
	size_t ring_pages;
	struct virtio_host_desc *desc;
	struct virtio_host_avail *avail;
	struct virtio_host_used *used;
	uint16_t next_avail; /* avail idx the driver publishes next */
	uint16_t used_seen;  /* used idx already consumed */
	uint64_t timeout;    /* time-counter ticks a request may take */
	bool broken;	     /* stopped answering: its buffers may still be in use */
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
 * offers (VIRTIO_F_VERSION_1 added on modern devices), set up queue 0 with at
 * most queue_max entries and set DRIVER_OK. 0, or -1 with *why (the device is
 * then marked FAILED).
 */
int virtio_host_start(struct virtio_host *vh, paddr_t base, uint64_t timebase_hz, uint64_t wanted,
		      unsigned queue_max, const char **why);

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

/* The device drivers on this transport, called by the probe; each logs one line. */
int host_disk_attach(paddr_t base, uint64_t timebase_hz);
int host_rng_attach(paddr_t base, uint64_t timebase_hz);

#endif
