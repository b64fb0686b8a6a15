/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The machine's own network device (a virtio-net Erg drives itself), as the
 * switch's uplink needs it: started only when the config asks, frames in
 * and out by copy through buffers the driver owns. The driver in drivers/
 * defines these hooks (a host stand-in does for unit tests).
 */
#ifndef CORE_PORTS_HOST_NET_H
#define CORE_PORTS_HOST_NET_H

#include "lib/types.h"

#define HOST_NET_MAC_LEN 6

struct host_net_info {
	paddr_t base;
	unsigned irq; /* its PLIC source, 0 when the DTB gives none */
	uint8_t mac[HOST_NET_MAC_LEN];
};

/* Whether the boot probe found a network device; its base address in *base. */
bool host_net_present(paddr_t *base);

/* Start it with its receive buffers posted and its interrupt on: 0 with *info, or -1 with *why. */
int host_net_start(struct host_net_info *info, const char **why);

/*
 * Acknowledge the device's interrupt, then take at most max received
 * frames, each handed to take, and give their buffers back to the device.
 * Returns how many were taken. One caller at a time.
 */
unsigned host_net_receive(unsigned max, void (*take)(void *arg, const uint8_t *frame, size_t len),
			  void *arg);

/* Copy frame into a free transmit buffer and send it: 0, or -1 when no buffer is free. */
int host_net_transmit(const uint8_t *frame, size_t len);

#endif
