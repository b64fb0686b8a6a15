/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Erg's virtual Ethernet switch between the guests' virtio-net devices. It
 * learns which port each source MAC lives behind; frames to a learnt MAC go
 * to that port only, broadcast, multicast and unknown destinations to every
 * other port. A port may not take over the MAC another port was given: a
 * frame whose source is such a MAC is refused and counted. That holds for
 * the uplink too (core/virtio/uplink.h), whose frames come from the many
 * MACs outside: it may send from any MAC no port was given.
 */
#ifndef CORE_VIRTIO_VSWITCH_H
#define CORE_VIRTIO_VSWITCH_H

#include "lib/types.h"

#define VSWITCH_MAX_PORTS 16
#define VSWITCH_MAC_LEN	  6
#define VSWITCH_FRAME_MIN 14   /* an Ethernet header */
#define VSWITCH_FRAME_MAX 1514 /* header and a 1500-byte payload */
#define VSWITCH_TABLE	  64   /* learnt MACs */

struct vswitch_port {
	uint8_t mac[VSWITCH_MAC_LEN]; /* the MAC its owner was given */
	/* Take a frame for this port: false when it had no room and dropped it. */
	bool (*deliver)(void *arg, const uint8_t *frame, size_t len);
	void *arg;
	const char *name; /* for the statistics: a guest's name, "uplink" */
	unsigned index;
	/* Frames: sent into the switch, delivered to the port, dropped there for want of room,
	 * refused because their source was a MAC given to another port. */
	uint64_t sent, received, dropped, refused;
};

/* Connect port (mac, deliver and arg set) to the switch; -1 when it is full. */
int vswitch_attach(struct vswitch_port *port);

/* Forward one frame from port `from` (len within VSWITCH_FRAME_MIN .. VSWITCH_FRAME_MAX). */
void vswitch_send(struct vswitch_port *from, const uint8_t *frame, size_t len);

/* Log one line of statistics per port. */
void vswitch_log(void);

/* Forget every port and learnt MAC (unit tests). */
void vswitch_reset(void);

#endif
