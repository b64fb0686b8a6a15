/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The device's side of the VirtIO-MMIO transport: taking and giving back
 * chains, interrupting the driver, and putting the device in
 * DEVICE_NEEDS_RESET when the driver breaks the rules. A device context on
 * one hart calls these while a vCPU on another writes the registers
 * (core/virtio/virtio_mmio.c), so everything here runs under t->lock; the walker
 * (core/virtio/virtq.c) does the checking of guest memory.
 */
#include "virtio/virtio_mmio.h"

#include "console/console.h"

/* Queue q, or NULL when the device has no such queue. */
struct virtq *virtio_mmio_queue(struct virtio_mmio *t, uint64_t q)
{
	unsigned count = t->ops->queue_count;

	if (count > VIRTIO_MMIO_MAX_QUEUES)
		count = VIRTIO_MMIO_MAX_QUEUES;
	return q < count ? &t->queues[q] : NULL;
}

/* The line follows interrupt_status; the callback is idempotent, so no edge tracking. */
void virtio_mmio_irq_update(struct virtio_mmio *t)
{
	if (t->irq)
		t->irq(t->irq_arg, t->interrupt_status != 0);
}

static void virtio_mmio_interrupt(struct virtio_mmio *t, uint32_t bits)
{
	t->interrupt_status |= bits;
	virtio_mmio_irq_update(t);
}

bool virtio_mmio_live_locked(const struct virtio_mmio *t)
{
	return (t->status & (VIRTIO_STATUS_DRIVER_OK | VIRTIO_STATUS_DEVICE_NEEDS_RESET)) ==
	       VIRTIO_STATUS_DRIVER_OK;
}

/* DEVICE_NEEDS_RESET doubles as "already reported", so one breakage logs one line. */
void virtio_mmio_broken_locked(struct virtio_mmio *t, const char *why)
{
	if (t->status & VIRTIO_STATUS_DEVICE_NEEDS_RESET)
		return;
	t->status |= VIRTIO_STATUS_DEVICE_NEEDS_RESET;
	console_log("guest %s: %s: %s; device needs reset", t->guest, t->ops->name,
		    why ? why : "driver broke the rules");
	virtio_mmio_interrupt(t, VIRTIO_INT_CONFIG);
}

bool virtio_mmio_live(struct virtio_mmio *t)
{
	bool live;

	spin_lock(&t->lock);
	live = virtio_mmio_live_locked(t);
	spin_unlock(&t->lock);
	return live;
}

/*
 * Read without the lock (t is const): devices ask from notify or driver_ok,
 * after FEATURES_OK, when driver_features no longer changes until a reset.
 */
bool virtio_mmio_negotiated(const struct virtio_mmio *t, uint64_t feature)
{
	return (t->status & VIRTIO_STATUS_FEATURES_OK) && (t->driver_features & feature) == feature;
}

/* The queue if the device may use it now: live and ready. */
static struct virtq *virtio_mmio_live_queue(struct virtio_mmio *t, unsigned q)
{
	struct virtq *vq = virtio_mmio_queue(t, q);

	return vq && vq->ready && virtio_mmio_live_locked(t) ? vq : NULL;
}

int virtio_mmio_pop(struct virtio_mmio *t, unsigned q, struct virtq_chain *chain)
{
	struct virtq *vq;
	const char *why = NULL;
	int got = 0;

	spin_lock(&t->lock);
	vq = virtio_mmio_live_queue(t, q);
	if (vq)
		got = virtq_pop(vq, &t->mem, chain, &why);
	chain->life = t->resets;
	if (got < 0) {
		virtio_mmio_broken_locked(t, why);
		got = 0;
	}
	spin_unlock(&t->lock);
	return got;
}

int virtio_mmio_pop_batch(struct virtio_mmio *t, unsigned q, struct virtq_chain *chain,
			  struct virtio_mmio_batch *batch)
{
	if (batch->chains >= VIRTIO_MMIO_BATCH_CHAINS || batch->bytes >= VIRTIO_MMIO_BATCH_BYTES) {
		if (virtio_mmio_has_avail(t, q))
			virtio_mmio_defer(t, q);
		return 0;
	}
	if (!virtio_mmio_pop(t, q, chain))
		return 0;
	batch->chains++;
	batch->bytes += chain->read_len + chain->write_len;
	return 1;
}

void virtio_mmio_set_defer(struct virtio_mmio *t, void (*defer)(void *arg), void *arg)
{
	t->defer = defer;
	t->defer_arg = arg;
}

/*
 * The bit goes in before the hook runs, and resume takes the bits with one
 * exchange, so a deferral racing a resume on another hart is either taken
 * by that resume or leaves its bit for the next one the hook asks for.
 */
void virtio_mmio_defer(struct virtio_mmio *t, unsigned q)
{
	__atomic_or_fetch(&t->deferred, 1u << q, __ATOMIC_SEQ_CST);
	if (t->defer)
		t->defer(t->defer_arg);
}

/* Whether queue q may be served now, as a notify of it would be. */
static bool virtio_mmio_servable(struct virtio_mmio *t, unsigned q)
{
	bool ok;

	spin_lock(&t->lock);
	ok = virtio_mmio_live_queue(t, q) != NULL;
	spin_unlock(&t->lock);
	return ok;
}

/*
 * One batch per deferred queue, exactly as a notify serves it: the device's
 * loop defers again what this batch leaves, so each call is bounded too.
 */
bool virtio_mmio_resume(struct virtio_mmio *t)
{
	uint32_t bits = __atomic_exchange_n(&t->deferred, 0, __ATOMIC_SEQ_CST);

	for (unsigned q = 0; q < VIRTIO_MMIO_MAX_QUEUES; q++)
		if ((bits & 1u << q) && t->ops->notify && virtio_mmio_servable(t, q))
			t->ops->notify(t, q);
	return bits != 0;
}

bool virtio_mmio_begin(struct virtio_mmio *t, unsigned q, const struct virtq_chain *chain)
{
	bool ok;

	spin_lock(&t->lock);
	ok = chain->life == t->resets && virtio_mmio_live_queue(t, q);
	if (ok)
		__atomic_add_fetch(&t->busy, 1, __ATOMIC_ACQUIRE);
	spin_unlock(&t->lock);
	return ok;
}

/* Release: what the device wrote into guest RAM is done before a waiting reset goes on. */
void virtio_mmio_end(struct virtio_mmio *t)
{
	__atomic_sub_fetch(&t->busy, 1, __ATOMIC_RELEASE);
}

/* A reset (or breakage) since the pop makes the chain stale: it is dropped. */
void virtio_mmio_push(struct virtio_mmio *t, unsigned q, uint16_t head, uint32_t written)
{
	struct virtq *vq;

	spin_lock(&t->lock);
	vq = virtio_mmio_live_queue(t, q);
	if (vq) {
		virtq_push(vq, head, written);
		if (virtq_should_interrupt(vq))
			virtio_mmio_interrupt(t, VIRTIO_INT_USED);
	}
	spin_unlock(&t->lock);
}

bool virtio_mmio_has_avail(struct virtio_mmio *t, unsigned q)
{
	struct virtq *vq;
	bool avail;

	spin_lock(&t->lock);
	vq = virtio_mmio_live_queue(t, q);
	avail = vq && virtq_has_avail(vq);
	spin_unlock(&t->lock);
	return avail;
}

void virtio_mmio_config_changed(struct virtio_mmio *t)
{
	spin_lock(&t->lock);
	t->config_generation++;
	virtio_mmio_interrupt(t, VIRTIO_INT_CONFIG);
	spin_unlock(&t->lock);
}

void virtio_mmio_broken(struct virtio_mmio *t, const char *why)
{
	spin_lock(&t->lock);
	virtio_mmio_broken_locked(t, why);
	spin_unlock(&t->lock);
}
