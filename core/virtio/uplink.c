/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The uplink's receive side runs on one hart, the boot hart, which also
 * takes the console's input: the device's interrupt is routed there through
 * the PLIC, as the console UART's is, so frames from outside arrive without
 * any vCPU polling for them. Work is bounded twice: one interrupt takes at
 * most UPLINK_RX_PER_PASS frames, and one tick period at most
 * UPLINK_RX_PER_TICK; a budget spent masks the interrupt until the hart's
 * next tick, which unmasks it and takes what waited. A flood from outside
 * then costs that hart a fixed share of its time, whoever runs there.
 */
#include "virtio/uplink.h"

#include <stdio.h>
#include <string.h>

#include "console/console.h"
#include "dev/irq_external.h"
#include "lib/erg_bounds.h"
#include "lib/hart.h"
#include "ports/host_net.h"
#include "virtio/vswitch.h"

struct uplink {
	struct vswitch_port port;
	struct host_net_info info;
	bool started;
	bool irq_owned; /* its interrupt comes to this hart; else the tick alone looks */
	uint64_t hart;
	unsigned budget; /* frames left in this tick period */
	struct uplink_stats stats;
};

static struct uplink uplink;

/* A frame from the switch for the outside: false when the device had no free buffer. */
static bool uplink_deliver(void *arg, const uint8_t *frame, size_t len)
{
	(void)arg;
	return host_net_transmit(frame, len) == 0;
}

static void uplink_take(void *arg, const uint8_t *frame, size_t len)
{
	(void)arg;
	vswitch_send(&uplink.port, frame, len);
}

/* Take what waits, within both budgets; a spent budget masks the interrupt till the tick. */
void uplink_serve(void)
{
	unsigned max = uplink.budget < UPLINK_RX_PER_PASS ? uplink.budget : UPLINK_RX_PER_PASS;

	uplink.stats.passes++;
	uplink.budget -= host_net_receive(max, uplink_take, NULL);
	if (uplink.budget == 0 && !uplink.stats.masked) {
		uplink.stats.masked = true;
		uplink.stats.held_back++;
		if (uplink.irq_owned)
			irq_external_mask(uplink.info.irq, true);
	}
}

void uplink_tick(void)
{
	if (!uplink.started || hart_self() != uplink.hart)
		return;
	uplink.budget = UPLINK_RX_PER_TICK;
	if (uplink.stats.masked) {
		uplink.stats.masked = false;
		if (uplink.irq_owned)
			irq_external_mask(uplink.info.irq, false);
	}
	/* Frames left by a pass that stopped at its bound raise no new interrupt. */
	uplink_serve();
}

static const char *uplink_mac_text(const uint8_t *mac, char *text, size_t size)
{
	snprintf(text, size, "%02x:%02x:%02x:%02x:%02x:%02x", mac[0], mac[1], mac[2], mac[3],
		 mac[4], mac[5]);
	return text;
}

void uplink_start(void)
{
	const char *why;
	char mac[18];

	if (host_net_start(&uplink.info, &why)) {
		console_log("uplink: %s; the switch stays among the guests", why);
		return;
	}
	uplink.port = (struct vswitch_port){.deliver = uplink_deliver, .name = "uplink"};
	memcpy(uplink.port.mac, uplink.info.mac, VSWITCH_MAC_LEN);
	if (vswitch_attach(&uplink.port) < 0) {
		console_log("uplink: the switch has no free port");
		return;
	}
	uplink.hart = hart_self();
	uplink.budget = UPLINK_RX_PER_TICK;
	uplink.started = true;
	/* Without its interrupt the tick alone takes frames, within the same budget. */
	uplink.irq_owned = irq_external_own(uplink.info.irq, uplink_serve) == 0;
	if (!uplink.irq_owned)
		console_log("uplink: interrupt %u not routed; frames taken at each tick",
			    uplink.info.irq);
	console_log("uplink: virtio-net at 0x%08llx, mac %s, on the switch",
		    (unsigned long long)uplink.info.base,
		    uplink_mac_text(uplink.info.mac, mac, sizeof(mac)));
}

void uplink_report_unused(void)
{
	paddr_t base;

	if (host_net_present(&base))
		console_log(
		    "virtio-mmio 0x%08llx: virtio-net left alone (the config has no uplink)",
		    (unsigned long long)base);
}

bool uplink_on_hart(uint64_t hart)
{
	return uplink.started && uplink.hart == hart;
}

void uplink_log(void)
{
	if (uplink.started)
		console_log("uplink: %llu passes, held back in %llu tick periods%s",
			    (unsigned long long)uplink.stats.passes,
			    (unsigned long long)uplink.stats.held_back,
			    uplink.stats.masked ? ", held back now" : "");
}

struct uplink_stats uplink_stats(void)
{
	return uplink.stats;
}

const struct vswitch_port *uplink_port(void)
{
	return &uplink.port;
}

void uplink_reset(void)
{
	memset(&uplink, 0, sizeof(uplink));
}
