/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Erg's own network device: a virtio-net (VirtIO 1.2, 5.1) behind
 * core/ports/host_net.h, with queue 0 receiving and queue 1 transmitting.
 * Only the MAC is negotiated: no offloads and no mergeable buffers, so
 * every frame fits one 2 KiB buffer behind a header that says nothing (12
 * bytes on a modern device, 10 on a legacy one, 5.1.6). Each queue's
 * descriptor i always holds buffer i of that queue. Receive buffers are
 * all posted at start and posted again as soon as their frame is copied
 * out; transmit buffers are taken back from the used ring when a frame
 * needs one, and none free means the frame is dropped, never waited for.
 */
#include "ports/host_net.h"

#include <string.h>

#include "console/console.h"
#include "lib/spinlock.h"
#include "mem/page_alloc.h"
#include "ports/arch_hooks.h"
#include "virtio_host.h"

#define NET_F_MAC	 5
#define NET_F_ANY_LAYOUT 27 /* legacy: header and frame may share a buffer */
#define NET_CFG_MAC	 0
#define NET_HDR_LEGACY	 10
#define NET_HDR_MODERN	 12
#define NET_RX		 0
#define NET_TX		 1
#define NET_QUEUE	 64 /* entries of each queue, so buffers of each */
#define NET_BUF		 2048
#define NET_FRAME_MIN	 14
#define NET_FRAME_MAX	 1514

struct host_net {
	struct virtio_host vh;
	paddr_t base;
	unsigned irq;
	uint64_t timebase_hz;
	bool found, started;
	uint32_t hdr;
	uint8_t *bufs[VIRTIO_HOST_QUEUES]; /* each queue's buffers, NET_BUF apart */
	uint16_t tx_free[VIRTIO_HOST_QUEUE_MAX];
	unsigned tx_free_count;
	spinlock_t tx_lock;
};

static struct host_net host_net;

int host_net_attach(paddr_t base, unsigned irq, uint64_t timebase_hz)
{
	if (host_net.found) {
		console_log("virtio-mmio 0x%08llx: second virtio-net left alone",
			    (unsigned long long)base);
		return -1;
	}
	host_net.found = true;
	host_net.base = base;
	host_net.irq = irq;
	host_net.timebase_hz = timebase_hz;
	return 0;
}

bool host_net_present(paddr_t *base)
{
	*base = host_net.base;
	return host_net.found;
}

static struct virtio_host_buf host_net_buf(unsigned q, uint16_t id)
{
	return (struct virtio_host_buf){(paddr_t)(uintptr_t)(host_net.bufs[q] + NET_BUF * id),
					NET_BUF, q == NET_RX};
}

static int host_net_buffers(const char **why)
{
	for (unsigned q = 0; q < VIRTIO_HOST_QUEUES; q++) {
		size_t pages =
		    ALIGN_UP((size_t)host_net.vh.queues[q].size * NET_BUF, (size_t)PAGE_SIZE) /
		    PAGE_SIZE;

		host_net.bufs[q] = (uint8_t *)(uintptr_t)page_alloc(pages, 1);
		if (!host_net.bufs[q]) {
			*why = "no memory for its buffers";
			return -1;
		}
		memset(host_net.bufs[q], 0, pages * PAGE_SIZE);
	}
	for (uint16_t i = 0; i < host_net.vh.queues[NET_RX].size; i++) {
		struct virtio_host_buf b = host_net_buf(NET_RX, i);

		virtio_host_post(&host_net.vh, NET_RX, i, &b);
	}
	for (uint16_t i = 0; i < host_net.vh.queues[NET_TX].size; i++)
		host_net.tx_free[host_net.tx_free_count++] = i;
	return 0;
}

static void host_net_mac(uint8_t *mac)
{
	for (unsigned i = 0; i < HOST_NET_MAC_LEN; i++)
		mac[i] = (uint8_t)(virtio_host_config32(&host_net.vh, NET_CFG_MAC + (i & ~3u)) >>
				   (8 * (i & 3)));
}

int host_net_start(struct host_net_info *info, const char **why)
{
	struct virtio_host *vh = &host_net.vh;

	*why = NULL;
	if (!host_net.found) {
		*why = "the machine has no virtio-net";
		return -1;
	}
	if (virtio_host_start(vh, host_net.base, host_net.timebase_hz,
			      1ULL << NET_F_MAC | 1ULL << NET_F_ANY_LAYOUT, VIRTIO_HOST_QUEUES,
			      NET_QUEUE, why))
		return -1;
	if (!virtio_host_has(vh, NET_F_MAC))
		*why = "the device has no MAC of its own";
	/* Before VirtIO 1.0 only ANY_LAYOUT lets the header share the frame's buffer (legacy
	 * framing). */
	else if (vh->version == 1 && !virtio_host_has(vh, NET_F_ANY_LAYOUT))
		*why = "a legacy device without VIRTIO_F_ANY_LAYOUT";
	if (*why || host_net_buffers(why)) {
		virtio_host_stop(vh);
		return -1;
	}
	host_net.hdr = vh->version == 2 ? NET_HDR_MODERN : NET_HDR_LEGACY;
	virtio_host_irq_enable(vh, NET_RX, true);
	virtio_host_kick(vh, NET_RX);
	host_net.started = true;
	info->base = host_net.base;
	info->irq = host_net.irq;
	host_net_mac(info->mac);
	return 0;
}

unsigned host_net_receive(unsigned max, void (*take)(void *arg, const uint8_t *frame, size_t len),
			  void *arg)
{
	unsigned taken = 0;
	uint16_t id;
	uint32_t written;

	if (!host_net.started)
		return 0;
	virtio_host_irq_ack(&host_net.vh);
	while (taken < max && virtio_host_take(&host_net.vh, NET_RX, &id, &written)) {
		struct virtio_host_buf b = host_net_buf(NET_RX, id);
		size_t len = written > host_net.hdr ? written - host_net.hdr : 0;

		/* A length past the buffer is the device's mistake: the frame is not believed. */
		if (len >= NET_FRAME_MIN && len <= NET_FRAME_MAX && written <= NET_BUF)
			take(arg, host_net.bufs[NET_RX] + NET_BUF * id + host_net.hdr, len);
		virtio_host_post(&host_net.vh, NET_RX, id, &b);
		taken++;
	}
	if (taken)
		virtio_host_kick(&host_net.vh, NET_RX);
	return taken;
}

/* Buffers the device has sent go back on the free list; the transmit lock is held. */
static void host_net_reclaim(void)
{
	uint16_t id;
	uint32_t written;

	/* A device naming a buffer twice cannot overfill the list. */
	while (host_net.tx_free_count < host_net.vh.queues[NET_TX].size &&
	       virtio_host_take(&host_net.vh, NET_TX, &id, &written))
		host_net.tx_free[host_net.tx_free_count++] = id;
}

int host_net_transmit(const uint8_t *frame, size_t len)
{
	unsigned long irq;
	struct virtio_host_buf b;
	uint8_t *buf;
	uint16_t id;

	if (!host_net.started || len > NET_BUF - host_net.hdr)
		return -1;
	irq = arch_irq_save();
	spin_lock(&host_net.tx_lock);
	host_net_reclaim();
	if (host_net.tx_free_count == 0) {
		spin_unlock(&host_net.tx_lock);
		arch_irq_restore(irq);
		return -1;
	}
	id = host_net.tx_free[--host_net.tx_free_count];
	buf = host_net.bufs[NET_TX] + NET_BUF * id;
	memset(buf, 0, host_net.hdr);
	memcpy(buf + host_net.hdr, frame, len);
	b = host_net_buf(NET_TX, id);
	b.len = (uint32_t)(host_net.hdr + len);
	virtio_host_post(&host_net.vh, NET_TX, id, &b);
	virtio_host_kick(&host_net.vh, NET_TX);
	spin_unlock(&host_net.tx_lock);
	arch_irq_restore(irq);
	return 0;
}
