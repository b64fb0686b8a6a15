/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The network device stand-in: one frame template repeated as often as the
 * test queued it, and a record of what went out.
 */
#include "host_net_fake.h"

#include <string.h>

#include "ports/host_net.h"

static struct {
	bool present, started;
	struct host_net_info info;
	uint8_t rx[HOST_NET_FAKE_FRAME];
	size_t rx_len;
	unsigned waiting;
	unsigned tx_free, sent;
	uint8_t last[HOST_NET_FAKE_FRAME];
	size_t last_len;
} host_net_fake;

void host_net_fake_reset(bool present, const uint8_t *mac, unsigned irq)
{
	memset(&host_net_fake, 0, sizeof(host_net_fake));
	host_net_fake.present = present;
	host_net_fake.info.base = 0x10008000;
	host_net_fake.info.irq = irq;
	if (mac)
		memcpy(host_net_fake.info.mac, mac, HOST_NET_MAC_LEN);
	host_net_fake.tx_free = 64;
}

bool host_net_fake_arrive(const uint8_t *frame, size_t len, unsigned count)
{
	if (len > HOST_NET_FAKE_FRAME || host_net_fake.waiting + count > HOST_NET_FAKE_QUEUE)
		return false;
	memcpy(host_net_fake.rx, frame, len);
	host_net_fake.rx_len = len;
	host_net_fake.waiting += count;
	return true;
}

unsigned host_net_fake_waiting(void)
{
	return host_net_fake.waiting;
}

void host_net_fake_tx_free(unsigned free)
{
	host_net_fake.tx_free = free;
}

unsigned host_net_fake_sent(void)
{
	return host_net_fake.sent;
}

const uint8_t *host_net_fake_last_sent(size_t *len)
{
	*len = host_net_fake.last_len;
	return host_net_fake.last;
}

bool host_net_present(paddr_t *base)
{
	*base = host_net_fake.info.base;
	return host_net_fake.present;
}

int host_net_start(struct host_net_info *info, const char **why)
{
	if (!host_net_fake.present) {
		*why = "the machine has no virtio-net";
		return -1;
	}
	host_net_fake.started = true;
	*info = host_net_fake.info;
	return 0;
}

unsigned host_net_receive(unsigned max, void (*take)(void *arg, const uint8_t *frame, size_t len),
			  void *arg)
{
	unsigned taken = 0;

	while (host_net_fake.started && taken < max && host_net_fake.waiting) {
		host_net_fake.waiting--;
		take(arg, host_net_fake.rx, host_net_fake.rx_len);
		taken++;
	}
	return taken;
}

int host_net_transmit(const uint8_t *frame, size_t len)
{
	if (!host_net_fake.started || !host_net_fake.tx_free || len > HOST_NET_FAKE_FRAME)
		return -1;
	host_net_fake.tx_free--;
	host_net_fake.sent++;
	memcpy(host_net_fake.last, frame, len);
	host_net_fake.last_len = len;
	return 0;
}
