/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * virtio-net buffers carry a 12-byte virtio_net_hdr before each frame (its
 * modern size, num_buffers included). Erg offers no checksum or
 * segmentation offloads, so the header it writes says nothing but
 * num_buffers = 1, and the header it reads has nothing Erg must act on.
 */
#include <string.h>

#include "virtio/virtio_config.h"
#include "virtio/virtio_net.h"

#define VIRTIO_NET_F_MAC     (1ULL << 5)
#define VIRTIO_NET_F_STATUS  (1ULL << 16)
#define VIRTIO_NET_S_LINK_UP 1
#define VIRTIO_NET_HDR	     12
#define VIRTIO_NET_CONFIG    10 /* mac, status, max_virtqueue_pairs */

bool virtio_net_receive(struct virtio_net *n, const uint8_t *frame, size_t len)
{
	uint8_t hdr[VIRTIO_NET_HDR] = {0};
	struct virtq_chain chain;

	if (!virtio_mmio_pop(n->transport, VIRTIO_NET_RX, &chain)) {
		n->dropped++;
		return false;
	}
	if (chain.write_len < VIRTIO_NET_HDR + len) {
		n->dropped++;
		virtio_mmio_push(n->transport, VIRTIO_NET_RX, chain.head, 0);
		return false;
	}
	virtio_config_put(hdr + 10, 1, 2); /* num_buffers */
	/* A reset of the receiver since the pop (its reboot) makes the chain stale: no write. */
	if (!virtio_mmio_begin(n->transport, VIRTIO_NET_RX, &chain))
		return false;
	virtq_chain_write(&chain, 0, hdr, sizeof(hdr));
	virtq_chain_write(&chain, VIRTIO_NET_HDR, frame, len);
	virtio_mmio_end(n->transport);
	virtio_mmio_push(n->transport, VIRTIO_NET_RX, chain.head, (uint32_t)(VIRTIO_NET_HDR + len));
	return true;
}

static bool virtio_net_deliver(void *arg, const uint8_t *frame, size_t len)
{
	return virtio_net_receive(arg, frame, len);
}

static void virtio_net_transmit(struct virtio_mmio *t, struct virtio_net *n)
{
	uint8_t frame[VSWITCH_FRAME_MAX];
	struct virtio_mmio_batch batch = {0};
	struct virtq_chain chain;

	while (virtio_mmio_pop_batch(t, VIRTIO_NET_TX, &chain, &batch)) {
		uint64_t len = chain.read_len -
			       (chain.read_len < VIRTIO_NET_HDR ? chain.read_len : VIRTIO_NET_HDR);
		bool fits = len >= VSWITCH_FRAME_MIN && len <= sizeof(frame);

		if (fits)
			virtq_chain_read(&chain, VIRTIO_NET_HDR, frame, len);
		else
			n->refused++;
		virtio_mmio_push(t, VIRTIO_NET_TX, chain.head, 0);
		if (fits)
			vswitch_send(&n->port, frame, len);
	}
}

static void virtio_net_notify(struct virtio_mmio *t, unsigned q)
{
	if (q == VIRTIO_NET_TX)
		virtio_net_transmit(t, t->dev);
	/* New receive buffers: frames that found none were dropped already. */
}

static int virtio_net_config_read(struct virtio_mmio *t, uint64_t offset, unsigned width,
				  uint64_t *value)
{
	const struct virtio_net *n = t->dev;
	uint8_t space[VIRTIO_NET_CONFIG] = {0};

	memcpy(space, n->port.mac, VSWITCH_MAC_LEN);
	virtio_config_put(space + 6, VIRTIO_NET_S_LINK_UP, 2);
	virtio_config_put(space + 8, 1, 2);
	return virtio_config_read(space, sizeof(space), offset, width, value);
}

const struct virtio_device_ops virtio_net_ops = {
    .name = "virtio-net",
    .device_id = VIRTIO_ID_NET,
    .queue_count = 2,
    .config_read = virtio_net_config_read,
    .notify = virtio_net_notify,
};

int virtio_net_setup(struct virtio_net *n, struct virtio_mmio *t, const uint8_t *mac,
		     const char *name, uint64_t *features)
{
	memset(n, 0, sizeof(*n));
	n->transport = t;
	n->port.name = name;
	memcpy(n->port.mac, mac, VSWITCH_MAC_LEN);
	n->port.deliver = virtio_net_deliver;
	n->port.arg = n;
	*features =
	    VIRTIO_NET_F_MAC | VIRTIO_NET_F_STATUS | VIRTIO_F_INDIRECT_DESC | VIRTIO_F_EVENT_IDX;
	return vswitch_attach(&n->port) < 0 ? -1 : 0;
}
