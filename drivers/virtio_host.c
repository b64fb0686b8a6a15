/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * VirtIO-MMIO driver transport for Erg's own devices: finding, starting and
 * stopping them (their queues' traffic is in virtio_host_ring.c). Both
 * register sets are spoken, because QEMU's virt machine offers the legacy
 * one (version 1) unless told otherwise: legacy devices take each queue as a
 * page number of one contiguous ring (descriptors, available ring, then the
 * used ring on the next 4 KiB boundary), modern ones take three addresses.
 * Erg uses that contiguous layout in both cases.
 */
#include "virtio_host.h"

#include <string.h>

#include "mem/page_alloc.h"
#include "ports/arch_hooks.h"
#include "virtio_host_regs.h"

/* How long a request, or a reset, may take before the device is given up. */
#define VH_TIMEOUT_SECONDS  10
#define VH_DEFAULT_TIMEBASE 10000000

static void vh_status_add(const struct virtio_host *vh, uint32_t bit)
{
	vh_write(vh, VH_STATUS, vh_read(vh, VH_STATUS) | bit);
}

int virtio_host_identify(paddr_t base, uint32_t *device_id, const char **why)
{
	uint32_t version;

	if (mmio_read32(base + VH_MAGIC) != VH_MAGIC_VALUE) {
		*why = "no virtio-mmio magic value";
		return -1;
	}
	version = mmio_read32(base + VH_VERSION);
	if (version != 1 && version != 2) {
		*why = "unknown virtio-mmio version";
		return -1;
	}
	*device_id = mmio_read32(base + VH_DEVICE_ID);
	return 0;
}

/* A modern device may need time to finish a reset; it reads 0 once done (4.2.3.1). */
static int virtio_host_reset(const struct virtio_host *vh)
{
	uint64_t start = arch_time_now();

	vh_write(vh, VH_STATUS, 0);
	while (vh_read(vh, VH_STATUS) != 0)
		if (arch_time_now() - start > vh->timeout)
			return -1;
	return 0;
}

static uint64_t virtio_host_offered(const struct virtio_host *vh)
{
	uint64_t offered;

	vh_write(vh, VH_DEVICE_FEATURES_SEL, 0);
	offered = vh_read(vh, VH_DEVICE_FEATURES);
	/* Legacy devices have 32 feature bits only. */
	if (vh->version == 2) {
		vh_write(vh, VH_DEVICE_FEATURES_SEL, 1);
		offered |= (uint64_t)vh_read(vh, VH_DEVICE_FEATURES) << 32;
	}
	return offered;
}

static int virtio_host_negotiate(struct virtio_host *vh, uint64_t wanted, const char **why)
{
	uint64_t offered = virtio_host_offered(vh);

	if (vh->version == 2) {
		if (!(offered & (1ULL << VH_F_VERSION_1))) {
			*why = "modern transport without VIRTIO_F_VERSION_1";
			return -1;
		}
		wanted |= 1ULL << VH_F_VERSION_1;
	}
	vh->features = offered & wanted;
	vh_write(vh, VH_DRIVER_FEATURES_SEL, 0);
	vh_write(vh, VH_DRIVER_FEATURES, (uint32_t)vh->features);
	if (vh->version == 1)
		return 0; /* no FEATURES_OK step before VirtIO 1.0 */
	vh_write(vh, VH_DRIVER_FEATURES_SEL, 1);
	vh_write(vh, VH_DRIVER_FEATURES, (uint32_t)(vh->features >> 32));
	vh_status_add(vh, VH_S_FEATURES_OK);
	if (!(vh_read(vh, VH_STATUS) & VH_S_FEATURES_OK)) {
		*why = "device refused the features";
		return -1;
	}
	return 0;
}

/* Bytes of the legacy ring layout for size entries; *used_off is where the used ring starts. */
static size_t virtio_host_ring_bytes(uint16_t size, size_t *used_off)
{
	size_t avail_end = sizeof(struct virtio_host_desc) * size +
			   sizeof(struct virtio_host_avail) + sizeof(uint16_t) * (size + 1u);

	*used_off = ALIGN_UP(avail_end, (size_t)VH_LEGACY_PAGE);
	return *used_off + sizeof(struct virtio_host_used) +
	       sizeof(struct virtio_host_used_elem) * size + sizeof(uint16_t);
}

static int virtio_host_ring_alloc(struct virtio_host_queue *q, const char **why)
{
	size_t used_off, bytes = virtio_host_ring_bytes(q->size, &used_off);
	uint8_t *ring;

	q->ring_pages = ALIGN_UP(bytes, (size_t)PAGE_SIZE) / PAGE_SIZE;
	q->ring = page_alloc(q->ring_pages, 1);
	if (!q->ring) {
		*why = "no memory for its queue";
		return -1;
	}
	ring = (uint8_t *)(uintptr_t)q->ring;
	memset(ring, 0, q->ring_pages * PAGE_SIZE);
	q->desc = (struct virtio_host_desc *)ring;
	q->avail = (struct virtio_host_avail *)(ring + sizeof(struct virtio_host_desc) * q->size);
	q->used = (struct virtio_host_used *)(ring + used_off);
	/* Requests are polled: the device need not interrupt unless a driver asks. */
	q->avail->flags = VH_AVAIL_F_NO_INTERRUPT;
	return 0;
}

static int virtio_host_queue(struct virtio_host *vh, unsigned index, unsigned queue_max,
			     const char **why)
{
	struct virtio_host_queue *q = &vh->queues[index];
	uint32_t max;

	vh_write(vh, VH_QUEUE_SEL, index);
	if (vh_read(vh, vh->version == 1 ? VH_LEGACY_QUEUE_PFN : VH_QUEUE_READY)) {
		*why = "a queue is already in use";
		return -1;
	}
	max = vh_read(vh, VH_QUEUE_NUM_MAX);
	if (max == 0) {
		*why = "a queue is not available";
		return -1;
	}
	/* Split queues have a power-of-2 size. */
	q->size = 1;
	while (q->size * 2u <= max && q->size * 2u <= queue_max &&
	       q->size * 2u <= VIRTIO_HOST_QUEUE_MAX)
		q->size *= 2;
	if (virtio_host_ring_alloc(q, why))
		return -1;
	vh->queue_count = index + 1;
	vh_write(vh, VH_QUEUE_NUM, q->size);
	if (vh->version == 1) {
		vh_write(vh, VH_LEGACY_PAGE_SIZE, VH_LEGACY_PAGE);
		vh_write(vh, VH_LEGACY_QUEUE_ALIGN, VH_LEGACY_PAGE);
		vh_write(vh, VH_LEGACY_QUEUE_PFN, (uint32_t)(q->ring / VH_LEGACY_PAGE));
		return 0;
	}
	vh_write64(vh, VH_QUEUE_DESC, (paddr_t)(uintptr_t)q->desc);
	vh_write64(vh, VH_QUEUE_DRIVER, (paddr_t)(uintptr_t)q->avail);
	vh_write64(vh, VH_QUEUE_DEVICE, (paddr_t)(uintptr_t)q->used);
	vh_write(vh, VH_QUEUE_READY, 1);
	return 0;
}

static int virtio_host_queues(struct virtio_host *vh, unsigned queues, unsigned queue_max,
			      const char **why)
{
	if (queues == 0 || queues > VIRTIO_HOST_QUEUES) {
		*why = "too many queues asked for";
		return -1;
	}
	for (unsigned i = 0; i < queues; i++)
		if (virtio_host_queue(vh, i, queue_max, why))
			return -1;
	return 0;
}

/* Give the rings back; only once the device was reset, as it may still write them. */
static void virtio_host_free_rings(struct virtio_host *vh)
{
	for (unsigned i = 0; i < vh->queue_count; i++)
		page_free(vh->queues[i].ring, vh->queues[i].ring_pages);
	vh->queue_count = 0;
}

int virtio_host_start(struct virtio_host *vh, paddr_t base, uint64_t timebase_hz, uint64_t wanted,
		      unsigned queues, unsigned queue_max, const char **why)
{
	memset(vh, 0, sizeof(*vh));
	vh->base = (uintptr_t)base;
	vh->version = vh_read(vh, VH_VERSION);
	vh->timeout = (timebase_hz ? timebase_hz : VH_DEFAULT_TIMEBASE) * VH_TIMEOUT_SECONDS;
	if (virtio_host_reset(vh)) {
		*why = "device does not reset";
		goto failed;
	}
	vh_status_add(vh, VH_S_ACKNOWLEDGE);
	vh_status_add(vh, VH_S_DRIVER);
	if (virtio_host_negotiate(vh, wanted, why) ||
	    virtio_host_queues(vh, queues, queue_max, why))
		goto failed;
	vh_status_add(vh, VH_S_DRIVER_OK);
	return 0;
failed:
	/* Rings of queues set up before a later one failed go back once the device lets go. */
	if (vh->queue_count && virtio_host_reset(vh) == 0)
		virtio_host_free_rings(vh);
	vh_status_add(vh, VH_S_FAILED);
	return -1;
}

void virtio_host_stop(struct virtio_host *vh)
{
	/*
	 * Once reset, the device no longer touches the ring and its pages can go
	 * back; a device that does not reset keeps them, as it may still write.
	 */
	vh->broken = true;
	if (virtio_host_reset(vh) == 0)
		virtio_host_free_rings(vh);
	vh_status_add(vh, VH_S_FAILED);
}

bool virtio_host_has(const struct virtio_host *vh, unsigned bit)
{
	return bit < 64 && (vh->features >> bit) & 1;
}

uint32_t virtio_host_config32(const struct virtio_host *vh, unsigned offset)
{
	return vh_read(vh, VH_CONFIG + offset);
}

/* Two word reads; a modern device's generation counter shows whether they tore. */
uint64_t virtio_host_config64(const struct virtio_host *vh, unsigned offset)
{
	uint32_t generation, low, high;

	do {
		generation = vh->version == 2 ? vh_read(vh, VH_CONFIG_GENERATION) : 0;
		low = virtio_host_config32(vh, offset);
		high = virtio_host_config32(vh, offset + 4);
	} while (vh->version == 2 && generation != vh_read(vh, VH_CONFIG_GENERATION));
	return (uint64_t)high << 32 | low;
}

unsigned long virtio_host_lock(struct virtio_host *vh)
{
	unsigned long irq = arch_irq_save();

	uint32_t ticket = __atomic_fetch_add(&vh->ticket_next, 1, __ATOMIC_RELAXED);

	while (__atomic_load_n(&vh->ticket_owner, __ATOMIC_ACQUIRE) != ticket)
		;
	return irq;
}

void virtio_host_unlock(struct virtio_host *vh, unsigned long irq)
{
	__atomic_store_n(&vh->ticket_owner, vh->ticket_owner + 1, __ATOMIC_RELEASE);
	arch_irq_restore(irq);
}
