/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * virtio-console: queue 0 receives, queue 1 transmits. The config space
 * (columns, rows, ports, emergency write) is offered without any of the
 * features that give it meaning, so it reads as zeros.
 */
#include "virtio/virtio_console.h"

#define VIRTIO_CONSOLE_CONFIG 12 /* cols, rows, max_nr_ports, emerg_wr */
#define VIRTIO_CONSOLE_CHUNK  64

/* Hand the first VIRTIO_CONSOLE_TX_MAX readable bytes of chain to the console. */
static void virtio_console_output(struct virtio_console *c, const struct virtq_chain *chain)
{
	uint64_t want =
	    chain->read_len < VIRTIO_CONSOLE_TX_MAX ? chain->read_len : VIRTIO_CONSOLE_TX_MAX;
	char buf[VIRTIO_CONSOLE_CHUNK];
	size_t n;

	for (uint64_t done = 0; done < want; done += n) {
		n = virtq_chain_read(chain, done, buf,
				     want - done < sizeof(buf) ? want - done : sizeof(buf));
		if (!n)
			break;
		for (size_t i = 0; i < n; i++)
			c->tx(c->arg, buf[i]);
		c->tx_bytes += n;
	}
	c->tx_dropped += chain->read_len - want;
}

static void virtio_console_transmit(struct virtio_mmio *t, struct virtio_console *c)
{
	struct virtio_mmio_batch batch = {0};
	struct virtq_chain chain;

	while (virtio_mmio_pop_batch(t, VIRTIO_CONSOLE_TX, &chain, &batch)) {
		virtio_console_output(c, &chain);
		virtio_mmio_push(t, VIRTIO_CONSOLE_TX, chain.head, 0);
	}
}

static void virtio_console_notify(struct virtio_mmio *t, unsigned q)
{
	struct virtio_console *c = t->dev;

	if (q == VIRTIO_CONSOLE_TX)
		virtio_console_transmit(t, c);
	else if (c->rx_ready)
		c->rx_ready(c->arg);
}

bool virtio_console_live(struct virtio_mmio *t)
{
	return virtio_mmio_live(t);
}

bool virtio_console_receive(struct virtio_mmio *t, int (*getc)(void *arg), void *arg)
{
	struct virtio_console *c = t->dev;
	struct virtq_chain chain;
	uint32_t got = 0;
	int ch;

	if (!virtio_mmio_pop(t, VIRTIO_CONSOLE_RX, &chain))
		return false;
	/*
	 * A receive buffer the device cannot write into would take no input, so
	 * the input would stay pending and the caller pop such buffers for as
	 * long as the driver posts them: a driver error, as the spec has receive
	 * buffers device-writable.
	 */
	if (!chain.write_len) {
		virtio_mmio_broken(t, "receive buffer without writable bytes");
		return false;
	}
	/* A reset since the pop makes the chain stale: no write, and the input stays. */
	if (!virtio_mmio_begin(t, VIRTIO_CONSOLE_RX, &chain))
		return false;
	while (got < chain.write_len && (ch = getc(arg)) >= 0) {
		char byte = (char)ch;

		got += (uint32_t)virtq_chain_write(&chain, got, &byte, 1);
	}
	virtio_mmio_end(t);
	c->rx_bytes += got;
	virtio_mmio_push(t, VIRTIO_CONSOLE_RX, chain.head, got);
	return true;
}

static int virtio_console_config_read(struct virtio_mmio *t, uint64_t offset, unsigned width,
				      uint64_t *value)
{
	(void)t;
	if (offset >= VIRTIO_CONSOLE_CONFIG || width > VIRTIO_CONSOLE_CONFIG - offset)
		return -1;
	*value = 0;
	return 0;
}

const struct virtio_device_ops virtio_console_ops = {
    .name = "virtio-console",
    .device_id = VIRTIO_ID_CONSOLE,
    .queue_count = 2,
    .config_read = virtio_console_config_read,
    .notify = virtio_console_notify,
};

uint64_t virtio_console_setup(struct virtio_console *c, void (*tx)(void *arg, char c),
			      void (*rx_ready)(void *arg), void *arg)
{
	c->tx = tx;
	c->rx_ready = rx_ready;
	c->arg = arg;
	c->tx_bytes = c->rx_bytes = c->tx_dropped = 0;
	return VIRTIO_F_INDIRECT_DESC | VIRTIO_F_EVENT_IDX;
}
