/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The switch's state: its ports, attached once when guests are built, and a
 * small table of learnt MACs, oldest entry replaced first. Delivery runs on
 * the sending guest's hart; each port's deliver takes its own device lock,
 * and the table lock is never held while delivering.
 */
#include <string.h>

#include "console/console.h"
#include "lib/spinlock.h"
#include "virtio/vswitch.h"

struct vswitch_entry {
	uint8_t mac[VSWITCH_MAC_LEN];
	unsigned port;
	bool used;
};

static struct vswitch_port *vswitch_ports[VSWITCH_MAX_PORTS];
static unsigned vswitch_port_count;
static struct vswitch_entry vswitch_table[VSWITCH_TABLE];
static unsigned vswitch_next_entry; /* the oldest entry, replaced next */
static spinlock_t vswitch_lock = SPINLOCK_INIT;

static bool vswitch_is_group(const uint8_t *mac)
{
	return mac[0] & 1;
}

/* A port's configured MAC, other than `except`'s: -1 when none. */
static int vswitch_owner(const uint8_t *mac, unsigned except)
{
	for (unsigned i = 0; i < vswitch_port_count; i++)
		if (i != except && !memcmp(vswitch_ports[i]->mac, mac, VSWITCH_MAC_LEN))
			return (int)i;
	return -1;
}

static struct vswitch_entry *vswitch_find(const uint8_t *mac)
{
	for (unsigned i = 0; i < VSWITCH_TABLE; i++)
		if (vswitch_table[i].used && !memcmp(vswitch_table[i].mac, mac, VSWITCH_MAC_LEN))
			return &vswitch_table[i];
	return NULL;
}

/* Remember that mac sends from port; the table lock is held. */
static void vswitch_learn(const uint8_t *mac, unsigned port)
{
	struct vswitch_entry *e = vswitch_find(mac);

	/* Never a group address; never a port's own MAC, which routes by ownership. */
	if (vswitch_is_group(mac) || vswitch_owner(mac, VSWITCH_MAX_PORTS) >= 0)
		return;
	if (!e) {
		e = &vswitch_table[vswitch_next_entry];
		vswitch_next_entry = (vswitch_next_entry + 1) % VSWITCH_TABLE;
		memcpy(e->mac, mac, VSWITCH_MAC_LEN);
		e->used = true;
	}
	e->port = port;
}

/* Where a frame to mac goes: a port index, or -1 for every port but the sender's. */
static int vswitch_route(const uint8_t *mac)
{
	const struct vswitch_entry *e;
	int owner = vswitch_owner(mac, VSWITCH_MAX_PORTS);

	if (vswitch_is_group(mac))
		return -1;
	if (owner >= 0)
		return owner;
	e = vswitch_find(mac);
	return e ? (int)e->port : -1;
}

/* Counters race only with other senders to the same port: statistics, not invariants. */
static void vswitch_deliver(struct vswitch_port *to, const uint8_t *frame, size_t len)
{
	if (to->deliver(to->arg, frame, len))
		__atomic_fetch_add(&to->received, 1, __ATOMIC_RELAXED);
	else
		__atomic_fetch_add(&to->dropped, 1, __ATOMIC_RELAXED);
}

void vswitch_send(struct vswitch_port *from, const uint8_t *frame, size_t len)
{
	int to;

	if (len < VSWITCH_FRAME_MIN || len > VSWITCH_FRAME_MAX)
		return;
	spin_lock(&vswitch_lock);
	if (vswitch_owner(frame + VSWITCH_MAC_LEN, from->index) >= 0) {
		from->refused++;
		spin_unlock(&vswitch_lock);
		return;
	}
	from->sent++;
	vswitch_learn(frame + VSWITCH_MAC_LEN, from->index);
	to = vswitch_route(frame);
	spin_unlock(&vswitch_lock);
	if (to >= 0) {
		if ((unsigned)to != from->index)
			vswitch_deliver(vswitch_ports[to], frame, len);
		return;
	}
	for (unsigned i = 0; i < vswitch_port_count; i++)
		if (i != from->index)
			vswitch_deliver(vswitch_ports[i], frame, len);
}

int vswitch_attach(struct vswitch_port *port)
{
	int index = -1;

	spin_lock(&vswitch_lock);
	if (vswitch_port_count < VSWITCH_MAX_PORTS) {
		port->index = vswitch_port_count;
		vswitch_ports[vswitch_port_count] = port;
		index = (int)vswitch_port_count++;
	}
	spin_unlock(&vswitch_lock);
	return index;
}

void vswitch_log(void)
{
	for (unsigned i = 0; i < vswitch_port_count; i++) {
		const struct vswitch_port *p = vswitch_ports[i];

		console_log("switch port %u (%s): sent %llu, received %llu, dropped %llu, "
			    "refused %llu",
			    i, p->name ? p->name : "?", (unsigned long long)p->sent,
			    (unsigned long long)p->received, (unsigned long long)p->dropped,
			    (unsigned long long)p->refused);
	}
}

void vswitch_reset(void)
{
	spin_lock(&vswitch_lock);
	vswitch_port_count = 0;
	vswitch_next_entry = 0;
	memset(vswitch_table, 0, sizeof(vswitch_table));
	spin_unlock(&vswitch_lock);
}
