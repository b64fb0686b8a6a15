/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The VirtIO-MMIO transport, version 2 (VirtIO 1.2, 4.2.2): the register
 * window in front of one device. Modern only, so FEATURES_OK needs
 * VIRTIO_F_VERSION_1.
 *
 * Register rules: the common registers (below 0x100) take aligned 32-bit
 * accesses only. Reading a write-only register gives 0 and writing a
 * read-only one is dropped; both succeed, since they are registers the spec
 * defines. Offsets the spec leaves out, and other widths, are undefined (-1).
 * The device-specific config space from 0x100 belongs to the device's ops.
 * The device's side (pop, push, interrupts) is in virtio_mmio_device.c.
 *
 * Locking: all transport state changes under t->lock, because one vCPU may
 * write registers while a device context on another hart pops and pushes.
 * The irq callback runs with the lock held so that line levels arrive in the
 * order the state changed; ops->notify, driver_ok, config_read and
 * config_write run without it so that they may call back into the transport.
 */
#include "virtio/virtio_mmio.h"

#define VIRTIO_MMIO_MAGIC   0x74726976 /* "virt" in little-endian bytes */
#define VIRTIO_MMIO_VERSION 2
#define VIRTIO_MMIO_VENDOR  0x00475245 /* "ERG" */

/* Register offsets (VirtIO 1.2, 4.2.2). */
#define REG_MAGIC	      0x000
#define REG_VERSION	      0x004
#define REG_DEVICE_ID	      0x008
#define REG_VENDOR_ID	      0x00c
#define REG_DEVICE_FEATURES   0x010
#define REG_DEVICE_FEAT_SEL   0x014
#define REG_DRIVER_FEATURES   0x020
#define REG_DRIVER_FEAT_SEL   0x024
#define REG_QUEUE_SEL	      0x030
#define REG_QUEUE_NUM_MAX     0x034
#define REG_QUEUE_NUM	      0x038
#define REG_QUEUE_READY	      0x044
#define REG_QUEUE_NOTIFY      0x050
#define REG_INTERRUPT_STATUS  0x060
#define REG_INTERRUPT_ACK     0x064
#define REG_STATUS	      0x070
#define REG_QUEUE_DESC_LOW    0x080
#define REG_QUEUE_DESC_HIGH   0x084
#define REG_QUEUE_DRIVER_LOW  0x090
#define REG_QUEUE_DRIVER_HIGH 0x094
#define REG_QUEUE_DEVICE_LOW  0x0a0
#define REG_QUEUE_DEVICE_HIGH 0x0a4
#define REG_SHM_SEL	      0x0ac
#define REG_SHM_LEN_LOW	      0x0b0
#define REG_SHM_LEN_HIGH      0x0b4
#define REG_SHM_BASE_LOW      0x0b8
#define REG_SHM_BASE_HIGH     0x0bc
#define REG_QUEUE_RESET	      0x0c0
#define REG_CONFIG_GENERATION 0x0fc
#define REG_CONFIG	      0x100
#define REG_HIGH_HALF	      0x004 /* the High register of a Low/High pair */

/* The status bits a driver sets; DEVICE_NEEDS_RESET is the device's own. */
#define STATUS_DRIVER_BITS                                                                         \
	(VIRTIO_STATUS_ACKNOWLEDGE | VIRTIO_STATUS_DRIVER | VIRTIO_STATUS_DRIVER_OK |              \
	 VIRTIO_STATUS_FEATURES_OK | VIRTIO_STATUS_FAILED)

/* What a register write leaves to do once the lock is released. */
struct virtio_mmio_after {
	int notify; /* the queue to notify, or -1 */
	bool driver_ok;
};

void virtio_mmio_init(struct virtio_mmio *t, const struct virtio_device_ops *ops, void *dev,
		      uint64_t features, const char *guest, const struct virtq_mem *mem,
		      void (*irq)(void *arg, bool level), void *irq_arg)
{
	*t = (struct virtio_mmio){.ops = ops,
				  .dev = dev,
				  .features = features | VIRTIO_F_VERSION_1,
				  .guest = guest,
				  .mem = *mem,
				  .irq = irq,
				  .irq_arg = irq_arg};
	for (unsigned i = 0; i < VIRTIO_MMIO_MAX_QUEUES; i++)
		virtq_reset(&t->queues[i]);
}

/*
 * Status 0: back to the state after init, the device told through ops->reset.
 * The count goes up first, so that no device begins on an old chain again;
 * then a device already between begin and end finishes (a piece of bounded
 * work, or a disk's transfer, neither of which takes a lock of ours) before
 * the reset goes on.
 */
static void virtio_mmio_reset_locked(struct virtio_mmio *t)
{
	t->resets++;
	while (__atomic_load_n(&t->busy, __ATOMIC_ACQUIRE))
		if (t->ops->quiesce)
			t->ops->quiesce(t);
	t->status = 0;
	t->device_features_sel = 0;
	t->driver_features_sel = 0;
	t->driver_features = 0;
	t->queue_sel = 0;
	t->interrupt_status = 0;
	/* Work deferred before the reset belongs to queues that are gone. */
	__atomic_store_n(&t->deferred, 0, __ATOMIC_RELAXED);
	for (unsigned i = 0; i < VIRTIO_MMIO_MAX_QUEUES; i++)
		virtq_reset(&t->queues[i]);
	if (t->ops->reset)
		t->ops->reset(t);
	virtio_mmio_irq_update(t);
}

static uint32_t virtio_mmio_half(uint64_t v, uint32_t sel)
{
	if (sel > 1)
		return 0;
	return (uint32_t)(v >> (32 * sel));
}

static void virtio_mmio_set_half(uint64_t *field, bool high, uint32_t v)
{
	if (high)
		*field = (*field & 0xffffffffULL) | (uint64_t)v << 32;
	else
		*field = (*field & ~0xffffffffULL) | v;
}

/* Features are fixed once FEATURES_OK is accepted. */
static void virtio_mmio_driver_features_write(struct virtio_mmio *t, uint32_t v)
{
	if ((t->status & VIRTIO_STATUS_FEATURES_OK) || t->driver_features_sel > 1)
		return;
	virtio_mmio_set_half(&t->driver_features, t->driver_features_sel == 1, v);
}

static bool virtio_mmio_features_acceptable(const struct virtio_mmio *t)
{
	return !(t->driver_features & ~t->features) && (t->driver_features & VIRTIO_F_VERSION_1);
}

/*
 * Bits are only ever added; a write that would clear one is ignored, as only
 * a reset (0) may clear them. A refused FEATURES_OK stays clear so the driver
 * reads it back unset and gives up, as the spec asks.
 */
static void virtio_mmio_status_write(struct virtio_mmio *t, uint32_t v,
				     struct virtio_mmio_after *after)
{
	uint32_t now = t->status & STATUS_DRIVER_BITS, want = v & STATUS_DRIVER_BITS;
	uint32_t add = want & ~now;

	if (!v) {
		virtio_mmio_reset_locked(t);
		return;
	}
	if (now & ~want)
		return;
	if ((add & VIRTIO_STATUS_FEATURES_OK) && !virtio_mmio_features_acceptable(t))
		add &= ~VIRTIO_STATUS_FEATURES_OK;
	if ((add & VIRTIO_STATUS_DRIVER_OK) && !((now | add) & VIRTIO_STATUS_FEATURES_OK)) {
		/* A legacy-style driver: nothing was negotiated, so nothing can run. */
		add &= ~VIRTIO_STATUS_DRIVER_OK;
		virtio_mmio_broken_locked(t, "DRIVER_OK without FEATURES_OK");
	}
	t->status |= add;
	after->driver_ok = (add & VIRTIO_STATUS_DRIVER_OK) && virtio_mmio_live_locked(t);
}

/* The selected queue while its set-up registers may change (it is not ready), else NULL. */
static struct virtq *virtio_mmio_setup_queue(struct virtio_mmio *t)
{
	struct virtq *q = virtio_mmio_queue(t, t->queue_sel);

	return q && !q->ready ? q : NULL;
}

static void virtio_mmio_queue_addr_write(struct virtio_mmio *t, unsigned reg, uint32_t v)
{
	struct virtq *q = virtio_mmio_setup_queue(t);
	uint64_t *gpa;

	if (!q)
		return;
	switch (reg & ~REG_HIGH_HALF) {
	case REG_QUEUE_DESC_LOW:
		gpa = &q->desc_gpa;
		break;
	case REG_QUEUE_DRIVER_LOW:
		gpa = &q->avail_gpa;
		break;
	default:
		gpa = &q->used_gpa;
		break;
	}
	virtio_mmio_set_half(gpa, reg & REG_HIGH_HALF, v);
}

/* The walker checks size and rings; a refusal is the driver's fault and breaks the device. */
static void virtio_mmio_queue_ready_write(struct virtio_mmio *t, uint32_t v)
{
	struct virtq *q = virtio_mmio_queue(t, t->queue_sel);
	const char *why = NULL;

	if (!q)
		return;
	if (!v) {
		q->ready = false; /* the addresses stay, as the driver wrote them */
		return;
	}
	if (q->ready)
		return;
	q->event_idx = virtio_mmio_negotiated(t, VIRTIO_F_EVENT_IDX);
	q->chain_max = t->ops->chain_max;
	q->chain_refusal = t->ops->chain_refusal;
	if (virtq_enable(q, &t->mem, &why)) {
		q->ready = false;
		virtio_mmio_broken_locked(t, why);
	}
}

/* A notify reaches the device only for a queue that can be served. */
static int virtio_mmio_notify_target(struct virtio_mmio *t, uint32_t v)
{
	struct virtq *q = virtio_mmio_queue(t, v);

	if (!q || !q->ready || !virtio_mmio_live_locked(t))
		return -1;
	return (int)v;
}

/* Reads; the write-only registers give 0. */
static uint32_t virtio_mmio_read_reg(struct virtio_mmio *t, unsigned reg)
{
	struct virtq *q = virtio_mmio_queue(t, t->queue_sel);

	switch (reg) {
	case REG_MAGIC:
		return VIRTIO_MMIO_MAGIC;
	case REG_VERSION:
		return VIRTIO_MMIO_VERSION;
	case REG_DEVICE_ID:
		return t->ops->device_id;
	case REG_VENDOR_ID:
		return VIRTIO_MMIO_VENDOR;
	case REG_DEVICE_FEATURES:
		return virtio_mmio_half(t->features, t->device_features_sel);
	case REG_QUEUE_NUM_MAX:
		return q ? VIRTQ_MAX_SIZE : 0;
	case REG_QUEUE_READY:
		return q && q->ready;
	case REG_INTERRUPT_STATUS:
		return t->interrupt_status;
	case REG_STATUS:
		return t->status;
	case REG_SHM_LEN_LOW:
	case REG_SHM_LEN_HIGH:
	case REG_SHM_BASE_LOW:
	case REG_SHM_BASE_HIGH:
		return 0xffffffff; /* no shared memory regions: every one reads as length -1 */
	case REG_CONFIG_GENERATION:
		return t->config_generation;
	default:
		return 0;
	}
}

/* Writes; those to read-only registers and to QueueReset (not offered) are dropped. */
static void virtio_mmio_write_reg(struct virtio_mmio *t, unsigned reg, uint32_t v,
				  struct virtio_mmio_after *after)
{
	struct virtq *q;

	switch (reg) {
	case REG_DEVICE_FEAT_SEL:
		t->device_features_sel = v;
		break;
	case REG_DRIVER_FEATURES:
		virtio_mmio_driver_features_write(t, v);
		break;
	case REG_DRIVER_FEAT_SEL:
		t->driver_features_sel = v;
		break;
	case REG_QUEUE_SEL:
		t->queue_sel = v;
		break;
	case REG_QUEUE_NUM:
		if ((q = virtio_mmio_setup_queue(t)))
			q->size = v; /* checked by virtq_enable */
		break;
	case REG_QUEUE_READY:
		virtio_mmio_queue_ready_write(t, v);
		break;
	case REG_QUEUE_NOTIFY:
		after->notify = virtio_mmio_notify_target(t, v);
		break;
	case REG_INTERRUPT_ACK:
		t->interrupt_status &= ~v;
		virtio_mmio_irq_update(t);
		break;
	case REG_STATUS:
		virtio_mmio_status_write(t, v, after);
		break;
	case REG_QUEUE_DESC_LOW:
	case REG_QUEUE_DESC_HIGH:
	case REG_QUEUE_DRIVER_LOW:
	case REG_QUEUE_DRIVER_HIGH:
	case REG_QUEUE_DEVICE_LOW:
	case REG_QUEUE_DEVICE_HIGH:
		virtio_mmio_queue_addr_write(t, reg, v);
		break;
	default:
		break;
	}
}

/* The common registers the spec defines, by offset / 4; the gaps between them are undefined. */
static const bool virtio_mmio_defined[REG_CONFIG / 4] = {
    [REG_MAGIC / 4] = true,
    [REG_VERSION / 4] = true,
    [REG_DEVICE_ID / 4] = true,
    [REG_VENDOR_ID / 4] = true,
    [REG_DEVICE_FEATURES / 4] = true,
    [REG_DEVICE_FEAT_SEL / 4] = true,
    [REG_DRIVER_FEATURES / 4] = true,
    [REG_DRIVER_FEAT_SEL / 4] = true,
    [REG_QUEUE_SEL / 4] = true,
    [REG_QUEUE_NUM_MAX / 4] = true,
    [REG_QUEUE_NUM / 4] = true,
    [REG_QUEUE_READY / 4] = true,
    [REG_QUEUE_NOTIFY / 4] = true,
    [REG_INTERRUPT_STATUS / 4] = true,
    [REG_INTERRUPT_ACK / 4] = true,
    [REG_STATUS / 4] = true,
    [REG_QUEUE_DESC_LOW / 4] = true,
    [REG_QUEUE_DESC_HIGH / 4] = true,
    [REG_QUEUE_DRIVER_LOW / 4] = true,
    [REG_QUEUE_DRIVER_HIGH / 4] = true,
    [REG_QUEUE_DEVICE_LOW / 4] = true,
    [REG_QUEUE_DEVICE_HIGH / 4] = true,
    [REG_SHM_SEL / 4] = true,
    [REG_SHM_LEN_LOW / 4] = true,
    [REG_SHM_LEN_HIGH / 4] = true,
    [REG_SHM_BASE_LOW / 4] = true,
    [REG_SHM_BASE_HIGH / 4] = true,
    [REG_QUEUE_RESET / 4] = true,
    [REG_CONFIG_GENERATION / 4] = true,
};

/* A common register, accessed as the spec allows: aligned and 32 bits wide. */
static bool virtio_mmio_common_access(uint64_t offset, unsigned width)
{
	return offset < REG_CONFIG && width == 4 && !(offset % 4) &&
	       virtio_mmio_defined[offset / 4];
}

static bool virtio_mmio_config_access(uint64_t offset, unsigned width)
{
	return offset >= REG_CONFIG && offset < VIRTIO_MMIO_SIZE &&
	       width <= VIRTIO_MMIO_SIZE - offset;
}

static int virtio_mmio_read(void *dev, uint64_t offset, unsigned width, uint64_t *value)
{
	struct virtio_mmio *t = dev;
	uint32_t v;

	if (virtio_mmio_config_access(offset, width) && t->ops->config_read)
		return t->ops->config_read(t, offset - REG_CONFIG, width, value);
	if (!virtio_mmio_common_access(offset, width))
		return -1;
	spin_lock(&t->lock);
	v = virtio_mmio_read_reg(t, (unsigned)offset);
	spin_unlock(&t->lock);
	*value = v;
	return 0;
}

static int virtio_mmio_write(void *dev, uint64_t offset, unsigned width, uint64_t value)
{
	struct virtio_mmio *t = dev;
	struct virtio_mmio_after after = {.notify = -1};

	if (virtio_mmio_config_access(offset, width)) {
		if (t->ops->config_write)
			return t->ops->config_write(t, offset - REG_CONFIG, width, value);
		return 0;
	}
	if (!virtio_mmio_common_access(offset, width))
		return -1;
	spin_lock(&t->lock);
	virtio_mmio_write_reg(t, (unsigned)offset, (uint32_t)value, &after);
	spin_unlock(&t->lock);
	if (after.notify >= 0 && t->ops->notify)
		t->ops->notify(t, (unsigned)after.notify);
	if (after.driver_ok && t->ops->driver_ok)
		t->ops->driver_ok(t);
	return 0;
}

const struct mmio_ops virtio_mmio_ops = {virtio_mmio_read, virtio_mmio_write};
