/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Traffic on the queues of Erg's own virtio devices: requests issued one at
 * a time and waited for by polling the used ring, bounded in time so that a
 * dead device costs a log line, not a hung hart; and chains or standing
 * buffers, sent and taken back without waiting, whose driver looks when the
 * device interrupts.
 */
#include "virtio_host.h"

#include "console/console.h"
#include "ports/arch_hooks.h"
#include "virtio_host_regs.h"

/* A device that stops keeping the protocol is never handed buffers again. */
int virtio_host_give_up(struct virtio_host *vh, const char *why)
{
	vh->broken = true;
	console_log("virtio-mmio 0x%08llx: %s; device given up", (unsigned long long)vh->base, why);
	return -1;
}

static int virtio_host_wait(struct virtio_host *vh, const struct virtio_host_queue *q)
{
	uint64_t start = arch_time_now();
	uint16_t idx;

	while ((idx = __atomic_load_n(&q->used->idx, __ATOMIC_ACQUIRE)) == q->used_seen)
		if (arch_time_now() - start > vh->timeout)
			return virtio_host_give_up(vh, "no answer within the time limit");
	if ((uint16_t)(idx - q->used_seen) != 1)
		return virtio_host_give_up(vh, "used ring moved by more than one request");
	return 0;
}

/* Fill descriptors first .. first + count - 1 with bufs, chained in order. */
static void virtio_host_chain(struct virtio_host_queue *q, uint16_t first,
			      const struct virtio_host_buf *bufs, unsigned count)
{
	for (unsigned i = 0; i < count; i++) {
		struct virtio_host_desc *d = &q->desc[first + i];

		d->addr = bufs[i].addr;
		d->len = bufs[i].len;
		d->flags = (uint16_t)((i + 1 < count ? VH_DESC_F_NEXT : 0) |
				      (bufs[i].device_writes ? VH_DESC_F_WRITE : 0));
		d->next = (uint16_t)(i + 1 < count ? first + i + 1 : 0);
	}
}

/* Put the chain at head in the available ring. */
static void virtio_host_publish(struct virtio_host_queue *q, uint16_t head)
{
	q->avail->ring[q->next_avail % q->size] = head;
	q->next_avail++;
	/* The chain and the ring entry must be visible before the index that publishes them. */
	__atomic_store_n(&q->avail->idx, q->next_avail, __ATOMIC_RELEASE);
}

/* The next used element of q, which the caller knows is there. */
static const struct virtio_host_used_elem *virtio_host_next_used(struct virtio_host_queue *q)
{
	return &q->used->ring[q->used_seen++ % q->size];
}

int virtio_host_request(struct virtio_host *vh, const struct virtio_host_buf *bufs, unsigned count,
			uint32_t *written)
{
	struct virtio_host_queue *q = &vh->queues[0];
	const struct virtio_host_used_elem *elem;

	if (vh->broken || count == 0 || count > q->size)
		return -1;
	/* One request at a time, so its chain always starts at descriptor 0. */
	virtio_host_chain(q, 0, bufs, count);
	virtio_host_publish(q, 0);
	virtio_host_kick(vh, 0);
	if (virtio_host_wait(vh, q))
		return -1;
	elem = virtio_host_next_used(q);
	virtio_host_irq_ack(vh);
	if (elem->id != 0)
		return virtio_host_give_up(vh, "used ring names a chain it was not given");
	*written = elem->len;
	return 0;
}

void virtio_host_send(struct virtio_host *vh, unsigned q, uint16_t first,
		      const struct virtio_host_buf *bufs, unsigned count)
{
	struct virtio_host_queue *vq = &vh->queues[q];

	virtio_host_chain(vq, first, bufs, count);
	virtio_host_publish(vq, first);
}

void virtio_host_post(struct virtio_host *vh, unsigned q, uint16_t id,
		      const struct virtio_host_buf *buf)
{
	struct virtio_host_queue *vq = &vh->queues[q];

	vq->desc[id] = (struct virtio_host_desc){
	    .addr = buf->addr, .len = buf->len, .flags = buf->device_writes ? VH_DESC_F_WRITE : 0};
	virtio_host_publish(vq, id);
}

void virtio_host_kick(struct virtio_host *vh, unsigned q)
{
	/* The ring's index must be visible before the device is told to look. */
	__atomic_thread_fence(__ATOMIC_SEQ_CST);
	vh_write(vh, VH_QUEUE_NOTIFY, q);
}

bool virtio_host_take(struct virtio_host *vh, unsigned q, uint16_t *id, uint32_t *written)
{
	struct virtio_host_queue *vq = &vh->queues[q];
	const struct virtio_host_used_elem *elem;

	if (vh->broken || __atomic_load_n(&vq->used->idx, __ATOMIC_ACQUIRE) == vq->used_seen)
		return false;
	elem = virtio_host_next_used(vq);
	if (elem->id >= vq->size) {
		virtio_host_give_up(vh, "used ring names a buffer it was not given");
		return false;
	}
	*id = (uint16_t)elem->id;
	*written = elem->len;
	return true;
}

void virtio_host_irq_enable(struct virtio_host *vh, unsigned q, bool on)
{
	__atomic_store_n(&vh->queues[q].avail->flags, on ? 0 : VH_AVAIL_F_NO_INTERRUPT,
			 __ATOMIC_RELEASE);
}

void virtio_host_irq_ack(struct virtio_host *vh)
{
	uint32_t isr = vh_read(vh, VH_INTERRUPT_STATUS);

	if (isr)
		vh_write(vh, VH_INTERRUPT_ACK, isr);
}
