/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Host stand-in for the machine's network device (core/ports/host_net.h):
 * frames waiting to be received are queued by the test, frames sent are
 * recorded, and the transmit buffers free at a time are a knob.
 */
#ifndef TESTS_HOST_HOST_NET_FAKE_H
#define TESTS_HOST_HOST_NET_FAKE_H

#include "lib/types.h"

#define HOST_NET_FAKE_QUEUE 4096 /* received frames that may wait */
#define HOST_NET_FAKE_FRAME 1514

/* Forget everything; present says whether the machine has the device, with mac. */
void host_net_fake_reset(bool present, const uint8_t *mac, unsigned irq);

/* Queue count copies of frame for host_net_receive; false when there is no room. */
bool host_net_fake_arrive(const uint8_t *frame, size_t len, unsigned count);

/* Frames still waiting in the device. */
unsigned host_net_fake_waiting(void);

/* Transmit buffers free (each send takes one, until this is set again). */
void host_net_fake_tx_free(unsigned free);

/* Frames sent, and the last one. */
unsigned host_net_fake_sent(void);
const uint8_t *host_net_fake_last_sent(size_t *len);

#endif
