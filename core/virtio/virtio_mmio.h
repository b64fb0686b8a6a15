/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The VirtIO-MMIO transport, version 2 (VirtIO 1.2, 4.2.2), as a device
 * model: the register window a guest driver sees (feature negotiation, the
 * status state machine, queue set-up, notify, interrupt status and ack, the
 * config generation and the device-specific config space) in front of one
 * device (block, net, console, entropy) described by virtio_device_ops.
 * A driver that breaks the rules gets DEVICE_NEEDS_RESET and an "[erg]" line.
 */
#ifndef CORE_VIRTIO_VIRTIO_MMIO_H
#define CORE_VIRTIO_VIRTIO_MMIO_H

#include "dev/mmio_map.h"
#include "lib/spinlock.h"
#include "virtio/virtq.h"

#define VIRTIO_MMIO_SIZE       0x1000 /* one slot of the guest's virtio-mmio window */
#define VIRTIO_MMIO_MAX_QUEUES 2

/* Device status bits (VirtIO 1.2, 2.1). */
#define VIRTIO_STATUS_ACKNOWLEDGE	 1
#define VIRTIO_STATUS_DRIVER		 2
#define VIRTIO_STATUS_DRIVER_OK		 4
#define VIRTIO_STATUS_FEATURES_OK	 8
#define VIRTIO_STATUS_DEVICE_NEEDS_RESET 64
#define VIRTIO_STATUS_FAILED		 128

/* Feature bits the transport knows itself. */
#define VIRTIO_F_INDIRECT_DESC (1ULL << 28)
#define VIRTIO_F_EVENT_IDX     (1ULL << 29)
#define VIRTIO_F_VERSION_1     (1ULL << 32)

/* Interrupt status bits. */
#define VIRTIO_INT_USED	  1
#define VIRTIO_INT_CONFIG 2

struct virtio_mmio;

/* One device type behind the transport. */
struct virtio_device_ops {
	const char *name; /* "virtio-blk", for log lines */
	uint32_t device_id;
	unsigned queue_count; /* 1 .. VIRTIO_MMIO_MAX_QUEUES */
	/*
	 * The most bytes one chain of its queues may describe, and the reason a
	 * larger one is refused with; 0 and NULL: VIRTQ_MAX_CHAIN_BYTES.
	 */
	uint64_t chain_max;
	const char *chain_refusal;
	/* Device-specific config space (offset from 0x100); -1 for an undefined access. */
	int (*config_read)(struct virtio_mmio *t, uint64_t offset, unsigned width, uint64_t *value);
	int (*config_write)(struct virtio_mmio *t, uint64_t offset, unsigned width,
			    uint64_t value); /* may be NULL: writes are dropped */
	/*
	 * The driver notified queue q (which is ready, and the driver is OK).
	 * Called without the transport's lock: use virtio_mmio_pop/push.
	 */
	void (*notify)(struct virtio_mmio *t, unsigned q);
	/* The driver set DRIVER_OK (may be NULL). Called without the lock. */
	void (*driver_ok)(struct virtio_mmio *t);
	/*
	 * A reset waits for the device's work between virtio_mmio_begin and _end:
	 * called over and over meanwhile, to move that work on (may be NULL).
	 * Called with the lock held.
	 */
	void (*quiesce)(struct virtio_mmio *t);
	/* The device was reset by the driver (may be NULL). Called with the lock held. */
	void (*reset)(struct virtio_mmio *t);
};

struct virtio_mmio {
	const struct virtio_device_ops *ops;
	void *dev;	      /* the device's own state */
	uint64_t features;    /* what the device offers (VIRTIO_F_VERSION_1 always added) */
	const char *guest;    /* the owning guest's name, for log lines */
	struct virtq_mem mem; /* the owning guest's RAM */
	void (*irq)(void *arg, bool level);
	void *irq_arg;
	/* Asks the guest for a later call of virtio_mmio_resume (may be NULL). */
	void (*defer)(void *arg);
	void *defer_arg;
	uint32_t deferred; /* bit q: queue q has chains a batch left (atomic) */
	spinlock_t lock;
	uint32_t resets; /* device resets so far: a chain taken before the last one is stale */
	unsigned busy;	 /* devices between virtio_mmio_begin and _end (atomic) */

	uint32_t status;
	uint32_t device_features_sel, driver_features_sel;
	uint64_t driver_features;
	uint32_t queue_sel;
	uint32_t interrupt_status;
	uint32_t config_generation;
	struct virtq queues[VIRTIO_MMIO_MAX_QUEUES];
};

/*
 * Set up t for device ops (state dev, offering features) of guest, whose RAM
 * mem reaches; irq(irq_arg, level) drives its interrupt line. Starts reset.
 */
void virtio_mmio_init(struct virtio_mmio *t, const struct virtio_device_ops *ops, void *dev,
		      uint64_t features, const char *guest, const struct virtq_mem *mem,
		      void (*irq)(void *arg, bool level), void *irq_arg);

/* The register window, for mmio_map_add. */
extern const struct mmio_ops virtio_mmio_ops;

/* Whether the driver has set DRIVER_OK and the device does not need a reset. */
bool virtio_mmio_live(struct virtio_mmio *t);

/* Whether feature bit (a VIRTIO_F_* mask or a device's own) was negotiated. */
bool virtio_mmio_negotiated(const struct virtio_mmio *t, uint64_t feature);

/*
 * Take the next chain of queue q under the lock: 1, or 0 when there is none
 * or the device is not live. A broken queue puts the device in
 * DEVICE_NEEDS_RESET (logged) and gives 0.
 */
int virtio_mmio_pop(struct virtio_mmio *t, unsigned q, struct virtq_chain *chain);

/* What a device has taken from a queue in the current notify (start it zeroed). */
struct virtio_mmio_batch {
	unsigned chains;
	uint64_t bytes;
};

/*
 * virtio_mmio_pop within the bound of one batch: 1 with the next chain of q
 * counted in *batch, or 0. When the batch is spent and chains remain, the
 * queue is deferred (virtio_mmio_defer) rather than served now.
 */
int virtio_mmio_pop_batch(struct virtio_mmio *t, unsigned q, struct virtq_chain *chain,
			  struct virtio_mmio_batch *batch);

/*
 * How deferred work reaches the guest again: defer(arg) is called whenever a
 * queue is deferred, and must see to it that virtio_mmio_resume(t) runs soon
 * in a context that may do device work (Erg: a request to a vCPU of the
 * guest, which its run loop does before it re-enters the guest).
 */
void virtio_mmio_set_defer(struct virtio_mmio *t, void (*defer)(void *arg), void *arg);

/* Mark queue q as having work left and call the defer hook. */
void virtio_mmio_defer(struct virtio_mmio *t, unsigned q);

/* Serve each deferred queue with one more batch (the device's notify). Whether any was. */
bool virtio_mmio_resume(struct virtio_mmio *t);

/*
 * Before a device touches the buffers of chain (taken from queue q) in guest
 * RAM or moves them to a disk: true when it may, and then it must call
 * virtio_mmio_end when done, without taking t's lock in between; false when
 * the device was reset, broken or its queue disabled since the chain was
 * taken, and then the chain is stale and must be dropped. A reset waits for
 * every device between begin and end, so once a reset (a guest's reboot or
 * stop) returns, nothing of the device's old life touches guest RAM again.
 */
bool virtio_mmio_begin(struct virtio_mmio *t, unsigned q, const struct virtq_chain *chain);
void virtio_mmio_end(struct virtio_mmio *t);

/* Give a chain back on queue q and interrupt the driver if it wants it. */
void virtio_mmio_push(struct virtio_mmio *t, unsigned q, uint16_t head, uint32_t written);

/* Whether queue q is live and has chains waiting (e.g. receive buffers). */
bool virtio_mmio_has_avail(struct virtio_mmio *t, unsigned q);

/* The device's config space changed: bump the generation, interrupt the driver. */
void virtio_mmio_config_changed(struct virtio_mmio *t);

/* The driver broke the rules: log why, set DEVICE_NEEDS_RESET, interrupt the driver. */
void virtio_mmio_broken(struct virtio_mmio *t, const char *why);

/*
 * Shared between the transport's own files (core/virtio_mmio*.c), called
 * with t->lock held; devices do not call these.
 */
struct virtq *virtio_mmio_queue(struct virtio_mmio *t, uint64_t q); /* NULL: no such queue */
void virtio_mmio_irq_update(struct virtio_mmio *t); /* the line follows interrupt_status */
bool virtio_mmio_live_locked(const struct virtio_mmio *t);
void virtio_mmio_broken_locked(struct virtio_mmio *t, const char *why);

#endif
