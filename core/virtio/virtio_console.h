/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The virtio-console device model (VirtIO 1.2, 5.3), one port without the
 * multiport feature: what the guest writes on its transmit queue joins its
 * console lines like its UART output; console input typed for the guest
 * fills the buffers it posted on its receive queue.
 */
#ifndef CORE_VIRTIO_VIRTIO_CONSOLE_H
#define CORE_VIRTIO_VIRTIO_CONSOLE_H

#include "virtio/virtio_mmio.h"

#define VIRTIO_ID_CONSOLE 3
#define VIRTIO_CONSOLE_RX 0
#define VIRTIO_CONSOLE_TX 1

struct virtio_console {
	void (*tx)(void *arg, char c); /* one byte of guest output */
	void (*rx_ready)(void *arg);   /* the guest posted receive buffers */
	void *arg;
	uint64_t tx_bytes, rx_bytes;
	uint64_t tx_dropped; /* bytes of transmit chains beyond VIRTIO_CONSOLE_TX_MAX each */
};

extern const struct virtio_device_ops virtio_console_ops;

/* Prepare c: output to tx(arg, c); rx_ready(arg) when input can be taken. Its features. */
uint64_t virtio_console_setup(struct virtio_console *c, void (*tx)(void *arg, char c),
			      void (*rx_ready)(void *arg), void *arg);

/*
 * Hand input to the guest: fill one posted receive buffer from getc(arg)
 * (-1: no more). false when there was no buffer to fill, or the buffer had
 * no writable byte (the device then needs a reset). Each true took at least
 * one byte when input was waiting, so a caller draining waiting input loops
 * no more often than there are bytes.
 */
bool virtio_console_receive(struct virtio_mmio *t, int (*getc)(void *arg), void *arg);

/* Whether the guest's driver has the device running: its input then belongs here. */
bool virtio_console_live(struct virtio_mmio *t);

#endif
