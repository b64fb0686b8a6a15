/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The virtio-net device model (VirtIO 1.2, 5.1): one receive and one
 * transmit queue, a MAC in the config space, the link always up. Frames a
 * guest transmits go to Erg's switch (core/virtio/vswitch.h); frames the switch
 * delivers fill the guest's posted receive buffers, or are dropped when it
 * has none, as a real port would.
 */
#ifndef CORE_VIRTIO_VIRTIO_NET_H
#define CORE_VIRTIO_VIRTIO_NET_H

#include "virtio/virtio_mmio.h"
#include "virtio/vswitch.h"

#define VIRTIO_ID_NET 1
#define VIRTIO_NET_RX 0
#define VIRTIO_NET_TX 1

struct virtio_net {
	struct virtio_mmio *transport;
	struct vswitch_port port;
	uint64_t dropped; /* frames for the guest that found no buffer, or too small a one */
	uint64_t refused; /* frames from the guest of an impossible size */
};

extern const struct virtio_device_ops virtio_net_ops;

/*
 * Prepare n (behind transport t) with mac and attach it to the switch as
 * port name (its guest's). -1 when the switch is full.
 */
int virtio_net_setup(struct virtio_net *n, struct virtio_mmio *t, const uint8_t *mac,
		     const char *name, uint64_t *features);

/* A frame from the switch for this guest: false when it found no room and was dropped. */
bool virtio_net_receive(struct virtio_net *n, const uint8_t *frame, size_t len);

#endif
