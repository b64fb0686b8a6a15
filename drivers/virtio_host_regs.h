/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The virtio-mmio registers and split-ring layout (VirtIO 1.2, 2.7 and
 * 4.2.2; the legacy registers from 4.2.4) that the two halves of Erg's
 * driver transport share: device set-up in virtio_host.c, ring traffic in
 * virtio_host_ring.c.
 */
#ifndef DRIVERS_VIRTIO_HOST_REGS_H
#define DRIVERS_VIRTIO_HOST_REGS_H

#include "arch/mmio.h"
#include "virtio_host.h"

/* Registers (VirtIO 1.2, 4.2.2; the legacy ones from 4.2.4). */
#define VH_MAGIC	       0x000
#define VH_VERSION	       0x004
#define VH_DEVICE_ID	       0x008
#define VH_DEVICE_FEATURES     0x010
#define VH_DEVICE_FEATURES_SEL 0x014
#define VH_DRIVER_FEATURES     0x020
#define VH_DRIVER_FEATURES_SEL 0x024
#define VH_LEGACY_PAGE_SIZE    0x028
#define VH_QUEUE_SEL	       0x030
#define VH_QUEUE_NUM_MAX       0x034
#define VH_QUEUE_NUM	       0x038
#define VH_LEGACY_QUEUE_ALIGN  0x03c
#define VH_LEGACY_QUEUE_PFN    0x040
#define VH_QUEUE_READY	       0x044
#define VH_QUEUE_NOTIFY	       0x050
#define VH_INTERRUPT_STATUS    0x060
#define VH_INTERRUPT_ACK       0x064
#define VH_STATUS	       0x070
#define VH_QUEUE_DESC	       0x080 /* low word; high word at +4 */
#define VH_QUEUE_DRIVER	       0x090
#define VH_QUEUE_DEVICE	       0x0a0
#define VH_CONFIG_GENERATION   0x0fc
#define VH_CONFIG	       0x100

#define VH_MAGIC_VALUE 0x74726976 /* "virt" */
#define VH_LEGACY_PAGE 4096	  /* GuestPageSize and QueueAlign Erg announces */

/* Device status bits (VirtIO 1.2, 2.1). */
#define VH_S_ACKNOWLEDGE 1
#define VH_S_DRIVER	 2
#define VH_S_DRIVER_OK	 4
#define VH_S_FEATURES_OK 8
#define VH_S_FAILED	 128

#define VH_F_VERSION_1 32

#define VH_DESC_F_NEXT		1
#define VH_DESC_F_WRITE		2
#define VH_AVAIL_F_NO_INTERRUPT 1

struct virtio_host_desc {
	uint64_t addr;
	uint32_t len;
	uint16_t flags;
	uint16_t next;
};

struct virtio_host_avail {
	uint16_t flags;
	uint16_t idx;
	uint16_t ring[];
};

struct virtio_host_used_elem {
	uint32_t id;
	uint32_t len;
};

struct virtio_host_used {
	uint16_t flags;
	uint16_t idx;
	struct virtio_host_used_elem ring[];
};

static inline uint32_t vh_read(const struct virtio_host *vh, unsigned reg)
{
	return mmio_read32(vh->base + reg);
}

static inline void vh_write(const struct virtio_host *vh, unsigned reg, uint32_t value)
{
	mmio_write32(vh->base + reg, value);
}

static inline void vh_write64(const struct virtio_host *vh, unsigned reg, uint64_t value)
{
	vh_write(vh, reg, (uint32_t)value);
	vh_write(vh, reg + 4, (uint32_t)(value >> 32));
}

/* Give up a device that stops keeping the protocol; logs why, returns -1. */
int virtio_host_give_up(struct virtio_host *vh, const char *why);

#endif
