/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The device side of a split virtqueue (VirtIO 1.2, 2.7): take the chains a
 * guest driver made available, hand back used ones, and decide whether the
 * driver wants an interrupt. The rings live in guest RAM and the guest may
 * change them at any time, so every index, descriptor and buffer is read
 * once, checked against the guest's RAM and bounded before it is used; a
 * driver that breaks the rules gets an error with the reason, never a write
 * outside its own memory.
 */
#ifndef CORE_VIRTIO_VIRTQ_H
#define CORE_VIRTIO_VIRTQ_H

#include "lib/erg_bounds.h"
#include "lib/types.h"

#define VIRTQ_MAX_SIZE 256 /* the largest queue a device offers (QueueNumMax) */
#define VIRTQ_MAX_SEGS 64  /* buffers in one chain, those of an indirect table included */

/* Descriptor flags and ring flags of the split virtqueue. */
#define VIRTQ_DESC_F_NEXT	   1
#define VIRTQ_DESC_F_WRITE	   2
#define VIRTQ_DESC_F_INDIRECT	   4
#define VIRTQ_AVAIL_F_NO_INTERRUPT 1
#define VIRTQ_USED_F_NO_NOTIFY	   1

/* How the walker reaches guest RAM. */
struct virtq_mem {
	/* Host pointer to [gpa, gpa + len) when it lies wholly in the guest's RAM, else NULL. */
	void *(*map)(void *ctx, uint64_t gpa, uint64_t len);
	void *ctx;
};

struct virtq {
	/* Written by the driver through the transport while the queue is not ready. */
	uint32_t size; /* entries, a power of 2, 1 .. VIRTQ_MAX_SIZE */
	uint64_t desc_gpa, avail_gpa, used_gpa;
	bool event_idx; /* VIRTIO_F_EVENT_IDX was negotiated */
	/*
	 * The device's cap on one chain's bytes and the reason a chain over it
	 * is refused with; 0 and NULL mean VIRTQ_MAX_CHAIN_BYTES and its own.
	 */
	uint64_t chain_max;
	const char *chain_refusal;

	/* Set by virtq_enable: the rings as host pointers into guest RAM. */
	bool ready;
	void *desc, *avail, *used;
	uint16_t last_avail; /* the next available entry the device takes */
	uint16_t used_idx;   /* the next used entry the device fills */
	uint16_t signalled;  /* used_idx when the driver was last interrupted */
};

/* One buffer of a chain: host pointer into guest RAM. */
struct virtq_seg {
	void *data;
	uint64_t gpa;
	uint32_t len;
};

/* A chain taken from the available ring: the readable buffers, then the writable ones. */
struct virtq_chain {
	uint16_t head;	/* give this back to virtq_push */
	unsigned count; /* buffers in seg[] */
	unsigned
	    readable; /* seg[0 .. readable) the device reads, seg[readable .. count) it writes */
	uint64_t read_len, write_len; /* bytes in each part */
	uint32_t life; /* set by the transport: its count of device resets when it took the chain */
	struct virtq_seg seg[VIRTQ_MAX_SEGS];
};

/* Forget everything about the queue (device reset): not ready, size 0, addresses 0. */
void virtq_reset(struct virtq *q);

/*
 * Check the ring addresses and size the driver wrote (power-of-2 size within
 * VIRTQ_MAX_SIZE, alignment 16/2/4, each ring wholly in guest RAM), map them
 * and make the queue ready, its indexes starting at 0. 0, or -1 with *why.
 */
int virtq_enable(struct virtq *q, const struct virtq_mem *mem, const char **why);

/*
 * Take the next available chain into *chain. 1: a chain; 0: none available;
 * -1: the driver broke the rules (*why says how: an index beyond the ring, a
 * buffer outside guest RAM, a loop or a chain longer than the queue or
 * VIRTQ_MAX_SEGS, more bytes in all than the queue's cap, two buffers that
 * overlap, a nested or misshapen indirect table, a readable buffer after a
 * writable one); the queue is then unusable until reset.
 */
int virtq_pop(struct virtq *q, const struct virtq_mem *mem, struct virtq_chain *chain,
	      const char **why);

/* Whether the driver has made chains available that the device has not taken. */
bool virtq_has_avail(const struct virtq *q);

/* Return chain head to the driver with written bytes of it filled. */
void virtq_push(struct virtq *q, uint16_t head, uint32_t written);

/*
 * After one or more pushes: whether the driver asked to be interrupted for
 * them (VIRTQ_AVAIL_F_NO_INTERRUPT, or used_event with VIRTIO_F_EVENT_IDX).
 * Remembers the answer so that the next call only counts newer pushes.
 */
bool virtq_should_interrupt(struct virtq *q);

/* Copy up to len bytes from the chain's readable part, starting offset bytes in. Bytes copied. */
size_t virtq_chain_read(const struct virtq_chain *chain, size_t offset, void *buf, size_t len);

/* Copy up to len bytes into the chain's writable part, starting offset bytes in. Bytes copied. */
size_t virtq_chain_write(const struct virtq_chain *chain, size_t offset, const void *buf,
			 size_t len);

#endif
