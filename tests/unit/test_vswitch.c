/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Erg's switch (core/virtio/vswitch.c) with plain ports that record what they are
 * given: learning, its limits (group addresses are never learnt, frames from
 * another port's MAC are refused, the oldest entry gives way when the table
 * is full), an uplink's many source MACs, drops counted at a port without
 * room, no echo to the sender, frames out of size, a full switch, and a
 * reset that forgets all.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "virtio/virtio_net.h"
#include "virtio/vswitch.h"

#define PORTS 3

struct recorder {
	bool full; /* drop every frame, as a port without room does */
	unsigned frames;
	size_t last_len;
	uint8_t last[VSWITCH_FRAME_MAX];
};

static struct vswitch_port ports[PORTS];
static struct recorder got[PORTS];
static uint8_t frame[VSWITCH_FRAME_MAX + 1];

static bool record(void *arg, const uint8_t *f, size_t len)
{
	struct recorder *r = arg;

	if (r->full)
		return false;
	r->frames++;
	r->last_len = len;
	memcpy(r->last, f, len);
	return true;
}

static void mac_of(uint8_t *mac, uint8_t first, unsigned n)
{
	const uint8_t m[VSWITCH_MAC_LEN] = {first, 0x11, 0x22, 0x33, (uint8_t)(n >> 8), (uint8_t)n};

	memcpy(mac, m, VSWITCH_MAC_LEN);
}

static int switch_setup(void **state)
{
	(void)state;
	vswitch_reset();
	memset(got, 0, sizeof(got));
	for (unsigned i = 0; i < PORTS; i++) {
		ports[i] = (struct vswitch_port){.deliver = record, .arg = &got[i]};
		mac_of(ports[i].mac, 0x02, i);
		assert_int_equal(vswitch_attach(&ports[i]), (int)i);
		assert_int_equal(ports[i].index, i);
	}
	return 0;
}

/* Send a 60-byte frame to dst from src through port `from`. */
static void send(unsigned from, const uint8_t *dst, const uint8_t *src)
{
	memcpy(frame, dst, VSWITCH_MAC_LEN);
	memcpy(frame + VSWITCH_MAC_LEN, src, VSWITCH_MAC_LEN);
	vswitch_send(&ports[from], frame, 60);
}

static void assert_frames(unsigned p0, unsigned p1, unsigned p2)
{
	assert_int_equal(got[0].frames, p0);
	assert_int_equal(got[1].frames, p1);
	assert_int_equal(got[2].frames, p2);
}

static void test_owned_mac_needs_no_learning(void **state)
{
	(void)state;
	send(0, ports[2].mac, ports[0].mac);
	assert_frames(0, 0, 1);
	assert_int_equal(got[2].last_len, 60);
	assert_memory_equal(got[2].last, frame, 60);
	assert_int_equal(ports[0].sent, 1);
	assert_int_equal(ports[2].received, 1);
}

static void test_learnt_mac_follows_its_last_port(void **state)
{
	uint8_t x[VSWITCH_MAC_LEN];

	(void)state;
	mac_of(x, 0x06, 500);
	send(0, x, ports[0].mac); /* unknown yet: flooded */
	assert_frames(0, 1, 1);
	send(1, ports[0].mac, x); /* x is behind port 1 */
	send(0, x, ports[0].mac);
	assert_frames(1, 2, 1);
	send(2, ports[0].mac, x); /* x moved to port 2 */
	send(0, x, ports[0].mac);
	assert_frames(2, 2, 2);
}

static void test_no_echo_to_sender(void **state)
{
	uint8_t x[VSWITCH_MAC_LEN];

	(void)state;
	mac_of(x, 0x06, 7);
	send(1, ports[0].mac, x);
	assert_frames(1, 0, 0);
	/* A frame to a station on the sender's own port goes nowhere. */
	send(1, x, ports[1].mac);
	assert_frames(1, 0, 0);
	send(1, ports[1].mac, ports[1].mac);
	assert_frames(1, 0, 0);
}

static void test_group_source_never_learnt(void **state)
{
	uint8_t group[VSWITCH_MAC_LEN];

	(void)state;
	mac_of(group, 0x03, 1); /* the group bit is set */
	send(1, ports[0].mac, group);
	send(0, group, ports[0].mac);
	assert_frames(1, 1, 1); /* flooded, not sent to port 1 alone */
}

static void test_other_ports_mac_refused(void **state)
{
	uint8_t x[VSWITCH_MAC_LEN], probe[VSWITCH_MAC_LEN];

	(void)state;
	send(2, ports[1].mac, ports[0].mac); /* port 2 pretends to be port 0 */
	assert_frames(0, 0, 0);
	assert_int_equal(ports[2].refused, 1);
	assert_int_equal(ports[2].sent, 0);
	send(1, ports[0].mac, ports[1].mac);
	assert_frames(1, 0, 0);
	/*
	 * Nor does the pretence take a table entry: with the table just full,
	 * learning it would push out the oldest station, x.
	 */
	vswitch_reset();
	memset(got, 0, sizeof(got));
	for (unsigned i = 0; i < PORTS; i++)
		assert_int_equal(vswitch_attach(&ports[i]), (int)i);
	mac_of(probe, 0x03, 0);
	for (unsigned i = 0; i < VSWITCH_TABLE; i++) {
		mac_of(x, 0x06, i);
		send(0, probe, x);
	}
	send(2, probe, ports[0].mac);
	mac_of(x, 0x06, 0);
	send(1, x, probe);
	assert_frames(1, VSWITCH_TABLE, VSWITCH_TABLE); /* x still goes to port 0 alone */
}

/* An uplink: frames from many stations outside, none of them a port's given MAC. */
static void test_uplink_sends_from_any_mac_no_port_was_given(void **state)
{
	uint8_t outside[VSWITCH_MAC_LEN];

	(void)state;
	for (unsigned i = 0; i < 10; i++) {
		mac_of(outside, 0x52, i);
		send(2, ports[0].mac, outside);
	}
	assert_frames(10, 0, 0);
	assert_int_equal(ports[2].sent, 10);
	/* Answers to those stations go back up the uplink alone. */
	send(0, outside, ports[0].mac);
	assert_frames(10, 0, 1);
	/* A guest's MAC from outside is refused like any pretence. */
	send(2, ports[1].mac, ports[1].mac);
	assert_frames(10, 0, 1);
	assert_int_equal(ports[2].refused, 1);
}

static void test_port_without_room_counts_its_drops(void **state)
{
	uint8_t bcast[VSWITCH_MAC_LEN];

	(void)state;
	memset(bcast, 0xff, sizeof(bcast));
	got[1].full = true;
	send(0, bcast, ports[0].mac);
	send(0, ports[1].mac, ports[0].mac);
	assert_frames(0, 0, 1);
	assert_int_equal(ports[1].dropped, 2);
	assert_int_equal(ports[1].received, 0);
	assert_int_equal(ports[2].received, 1);
	assert_int_equal(ports[2].dropped, 0);
}

static void test_oldest_learnt_entry_replaced(void **state)
{
	uint8_t x[VSWITCH_MAC_LEN], probe[VSWITCH_MAC_LEN];

	(void)state;
	mac_of(probe, 0x03, 0); /* a group source, so that probing learns nothing */
	for (unsigned i = 0; i <= VSWITCH_TABLE; i++) {
		mac_of(x, 0x06, i);
		send(0, ports[1].mac, x);
	}
	assert_frames(0, VSWITCH_TABLE + 1, 0);
	mac_of(x, 0x06, VSWITCH_TABLE); /* the newest: known */
	send(1, x, probe);
	assert_frames(1, VSWITCH_TABLE + 1, 0);
	mac_of(x, 0x06, 1); /* the second oldest survived */
	send(1, x, probe);
	assert_frames(2, VSWITCH_TABLE + 1, 0);
	mac_of(x, 0x06, 0); /* the oldest gave way: flooded */
	send(1, x, probe);
	assert_frames(3, VSWITCH_TABLE + 1, 1);
}

static void test_frames_out_of_size_not_forwarded(void **state)
{
	(void)state;
	memcpy(frame, ports[1].mac, VSWITCH_MAC_LEN);
	vswitch_send(&ports[0], frame, VSWITCH_FRAME_MIN - 1);
	vswitch_send(&ports[0], frame, VSWITCH_FRAME_MAX + 1);
	vswitch_send(&ports[0], frame, 0);
	assert_frames(0, 0, 0);
	assert_int_equal(ports[0].sent, 0);
	vswitch_send(&ports[0], frame, VSWITCH_FRAME_MIN);
	vswitch_send(&ports[0], frame, VSWITCH_FRAME_MAX);
	assert_frames(0, 2, 0);
	assert_int_equal(got[1].last_len, VSWITCH_FRAME_MAX);
}

static void test_full_switch_refuses_ports(void **state)
{
	static struct vswitch_port more[VSWITCH_MAX_PORTS];
	struct virtio_mmio t;
	struct virtio_net n;
	uint64_t features = 0;

	(void)state;
	for (unsigned i = PORTS; i < VSWITCH_MAX_PORTS; i++) {
		more[i] = (struct vswitch_port){.deliver = record, .arg = &got[0]};
		assert_int_equal(vswitch_attach(&more[i]), (int)i);
	}
	assert_int_equal(vswitch_attach(&more[0]), -1);
	assert_int_equal(virtio_net_setup(&n, &t, ports[0].mac, "full", &features), -1);
}

static void test_reset_forgets_ports_and_macs(void **state)
{
	uint8_t x[VSWITCH_MAC_LEN];

	(void)state;
	mac_of(x, 0x06, 9);
	send(2, ports[0].mac, x);
	vswitch_reset();
	assert_int_equal(vswitch_attach(&ports[0]), 0);
	assert_int_equal(vswitch_attach(&ports[1]), 1);
	send(1, x, ports[1].mac); /* x unknown again, port 2 gone */
	assert_frames(2, 0, 0);
}

#define switch_test(f) cmocka_unit_test_setup(f, switch_setup)

int main(void)
{
	const struct CMUnitTest tests[] = {
	    switch_test(test_owned_mac_needs_no_learning),
	    switch_test(test_learnt_mac_follows_its_last_port),
	    switch_test(test_no_echo_to_sender),
	    switch_test(test_group_source_never_learnt),
	    switch_test(test_other_ports_mac_refused),
	    switch_test(test_uplink_sends_from_any_mac_no_port_was_given),
	    switch_test(test_port_without_room_counts_its_drops),
	    switch_test(test_oldest_learnt_entry_replaced),
	    switch_test(test_frames_out_of_size_not_forwarded),
	    switch_test(test_full_switch_refuses_ports),
	    switch_test(test_reset_forgets_ports_and_macs),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
