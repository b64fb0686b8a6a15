/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * A guest's RAM across reboots while a neighbour floods it with frames.
 * Booted with bootargs "flood" it sends broadcast frames on its virtio-net
 * for ever. Otherwise it is the victim: each life first checks that every
 * byte of its RAM outside its image and device tree is zero, then posts
 * receive buffers spread over all that RAM, takes some frames, and reboots
 * itself (SBI SRST) while more are on their way. A frame that landed after
 * Erg began reloading it would show in the next life's check.
 */
#include <libfdt.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "guest.h"
#include "guest_sbi.h"
#include "guest_virtio.h"

#define NETFLOOD_RAM_BASE   0x80000000UL
#define NETFLOOD_IMAGE_BASE 0x80200000UL
#define NETFLOOD_HDR	    12 /* virtio_net_hdr with num_buffers */
#define NETFLOOD_FRAME	    64
#define NETFLOOD_RX_BUFS    64
#define NETFLOOD_RX_LEN	    1536
#define NETFLOOD_FRAMES	    16 /* taken in each life before it reboots */
#define NETFLOOD_WAIT_US    2000000
#define VIRTIO_ID_NET	    1
#define NETFLOOD_SLOT	    0

extern char _end[];

static struct virtio_dev netflood_rx, netflood_tx;
static uint8_t netflood_frame[NETFLOOD_HDR + NETFLOOD_FRAME] __attribute__((aligned(64)));

/* The first nonzero word in [from, to), or 0. */
static uintptr_t netflood_dirty(uintptr_t from, uintptr_t to)
{
	for (uintptr_t a = from; a < to; a += sizeof(uint64_t))
		if (*(volatile uint64_t *)a)
			return a;
	return 0;
}

/* Reset, VERSION_1, receive queue 0 and transmit queue 1 on their own rings, DRIVER_OK. */
static bool netflood_up(void)
{
	if (!virtio_probe(&netflood_rx, NETFLOOD_SLOT, VIRTIO_ID_NET))
		return false;
	virtio_reset(&netflood_rx);
	if (!virtio_negotiate(&netflood_rx, VIRTIO_F_VERSION_1))
		return false;
	netflood_tx.base = netflood_rx.base;
	netflood_rx.queue = 0;
	netflood_tx.queue = 1;
	if (!virtio_queue_setup(&netflood_rx, NETFLOOD_RX_BUFS, (uintptr_t)netflood_rx.desc,
				(uintptr_t)&netflood_rx.avail, (uintptr_t)&netflood_rx.used) ||
	    !virtio_queue_setup(&netflood_tx, 1, (uintptr_t)netflood_tx.desc,
				(uintptr_t)&netflood_tx.avail, (uintptr_t)&netflood_tx.used))
		return false;
	virtio_driver_ok(&netflood_rx);
	return true;
}

static void netflood_flood(void)
{
	memset(netflood_frame + NETFLOOD_HDR, 0xff, 6); /* broadcast */
	memset(netflood_frame + NETFLOOD_HDR + 6, 0x02, 6);
	memset(netflood_frame + NETFLOOD_HDR + 12, 0xee, NETFLOOD_FRAME - 12);
	virtq_desc_set(&netflood_tx, 0, (uintptr_t)netflood_frame, sizeof(netflood_frame), 0, 0);
	printf("netflood: flooding\n");
	for (;;) {
		virtq_publish(&netflood_tx, 0);
		virtq_notify(&netflood_tx, 1);
		(void)virtq_wait(&netflood_tx, NETFLOOD_WAIT_US, NULL);
	}
}

static void netflood_victim(uintptr_t dtb)
{
	uintptr_t top = ((uintptr_t)_end + 0xfff) & ~0xfffUL;
	uintptr_t dirty = netflood_dirty(NETFLOOD_RAM_BASE, NETFLOOD_IMAGE_BASE);
	uintptr_t step = (dtb - top) / NETFLOOD_RX_BUFS & ~0xfffUL;
	unsigned got = 0;

	if (!dirty)
		dirty = netflood_dirty(top, dtb);
	if (dirty)
		printf("netflood: DIRTY at 0x%lx: 0x%lx\n", (unsigned long)dirty,
		       (unsigned long)*(volatile uint64_t *)dirty);
	else
		printf(
		    "netflood: RAM clean, %lu KiB checked\n",
		    (unsigned long)((dtb - top + NETFLOOD_IMAGE_BASE - NETFLOOD_RAM_BASE) >> 10));
	for (uint16_t i = 0; i < NETFLOOD_RX_BUFS; i++) {
		virtq_desc_set(&netflood_rx, i, top + i * step, NETFLOOD_RX_LEN, VIRTQ_DESC_F_WRITE,
			       0);
		virtq_publish(&netflood_rx, i);
	}
	virtq_notify(&netflood_rx, 0);
	while (got < NETFLOOD_FRAMES && virtq_wait(&netflood_rx, NETFLOOD_WAIT_US, NULL) >= 0)
		got++;
	printf("netflood: %u frames taken, rebooting\n", got);
	sbi_system_reset(SBI_SRST_COLD_REBOOT, 0);
}

int main(unsigned long hartid, const void *dtb)
{
	int chosen = fdt_path_offset(dtb, "/chosen");
	const char *args = chosen >= 0 ? fdt_getprop(dtb, chosen, "bootargs", NULL) : NULL;

	(void)hartid;
	if (!netflood_up()) {
		printf("netflood: virtio-net did not come up\n");
		return 1;
	}
	if (args && !strcmp(args, "flood"))
		netflood_flood();
	netflood_victim((uintptr_t)dtb);
	return 0;
}
