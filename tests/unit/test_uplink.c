/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The switch's uplink (core/virtio/uplink.c) on the network device's
 * stand-in, beside two plain guest ports: frames in and out, the bounds per
 * interrupt and per tick (and the masking between ticks), drops when the
 * device has no transmit buffer, and the MAC rules: no guest MAC from
 * outside, no other guest's MAC from a guest, any other source for the
 * stations outside.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "host_net_fake.h"
#include "lib/erg_bounds.h"
#include "lib/hart.h"
#include "virtio/uplink.h"
#include "virtio/vswitch.h"

#define GUESTS 2

static const uint8_t nic_mac[VSWITCH_MAC_LEN] = {0x52, 0x54, 0x00, 0x12, 0x34, 0x56};
static const uint8_t gateway[VSWITCH_MAC_LEN] = {0x52, 0x55, 0x0a, 0x00, 0x02, 0x02};
static struct vswitch_port guests[GUESTS];
static unsigned got[GUESTS];
static uint8_t frame[60];

static bool record(void *arg, const uint8_t *f, size_t len)
{
	(void)f;
	(void)len;
	(*(unsigned *)arg)++;
	return true;
}

static int uplink_setup(void **state)
{
	(void)state;
	hart_set_self(0);
	vswitch_reset();
	uplink_reset();
	memset(got, 0, sizeof(got));
	for (unsigned i = 0; i < GUESTS; i++) {
		guests[i] = (struct vswitch_port){.deliver = record, .arg = &got[i], .name = "g"};
		memcpy(guests[i].mac, (uint8_t[]){0x52, 0x54, 0x00, 0x45, (uint8_t)i, 1}, 6);
		assert_int_equal(vswitch_attach(&guests[i]), (int)i);
	}
	host_net_fake_reset(true, nic_mac, 0);
	uplink_start();
	return 0;
}

static const uint8_t *make_frame(const uint8_t *dst, const uint8_t *src)
{
	memcpy(frame, dst, VSWITCH_MAC_LEN);
	memcpy(frame + VSWITCH_MAC_LEN, src, VSWITCH_MAC_LEN);
	frame[12] = 0x88;
	frame[13] = 0xb5;
	return frame;
}

static void test_frames_cross_both_ways(void **state)
{
	size_t len;

	(void)state;
	assert_true(uplink_on_hart(0));
	assert_false(uplink_on_hart(1));
	assert_true(host_net_fake_arrive(make_frame(guests[1].mac, gateway), 60, 3));
	uplink_serve();
	assert_int_equal(got[1], 3);
	assert_int_equal(got[0], 0);
	/* The gateway was learnt behind the uplink: the answer goes out alone. */
	vswitch_send(&guests[1], make_frame(gateway, guests[1].mac), 60);
	assert_int_equal(host_net_fake_sent(), 1);
	assert_int_equal(got[0], 0);
	assert_memory_equal(host_net_fake_last_sent(&len), frame, 60);
	assert_int_equal(len, 60);
}

static void test_one_interrupt_takes_a_bounded_pass(void **state)
{
	(void)state;
	assert_true(host_net_fake_arrive(make_frame(guests[0].mac, gateway), 60, 100));
	uplink_serve();
	assert_int_equal(got[0], UPLINK_RX_PER_PASS);
	assert_int_equal(host_net_fake_waiting(), 100 - UPLINK_RX_PER_PASS);
	assert_false(uplink_stats().masked);
}

static void test_a_flood_is_held_back_until_the_next_tick(void **state)
{
	unsigned flood = 3 * UPLINK_RX_PER_TICK;

	(void)state;
	assert_true(host_net_fake_arrive(make_frame(guests[0].mac, gateway), 60, flood));
	for (unsigned i = 0; i < 2 * UPLINK_RX_PER_TICK / UPLINK_RX_PER_PASS; i++)
		uplink_serve();
	assert_int_equal(got[0], UPLINK_RX_PER_TICK);
	assert_true(uplink_stats().masked);
	assert_int_equal(uplink_stats().held_back, 1);
	/* The tick brings a new budget and takes one pass's worth at once. */
	uplink_tick();
	assert_false(uplink_stats().masked);
	assert_int_equal(got[0], UPLINK_RX_PER_TICK + UPLINK_RX_PER_PASS);
	assert_int_equal(host_net_fake_waiting(), flood - UPLINK_RX_PER_TICK - UPLINK_RX_PER_PASS);
}

static void test_no_transmit_buffer_drops_and_counts(void **state)
{
	uint8_t bcast[VSWITCH_MAC_LEN];

	(void)state;
	memset(bcast, 0xff, sizeof(bcast));
	host_net_fake_tx_free(1);
	vswitch_send(&guests[0], make_frame(bcast, guests[0].mac), 60);
	vswitch_send(&guests[0], make_frame(bcast, guests[0].mac), 60);
	assert_int_equal(host_net_fake_sent(), 1);
	assert_int_equal(uplink_port()->received, 1);
	assert_int_equal(uplink_port()->dropped, 1);
	assert_int_equal(got[1], 2); /* the neighbour had room for both */
	assert_int_equal(guests[1].dropped, 0);
}

static void test_no_guest_mac_from_outside(void **state)
{
	(void)state;
	assert_true(host_net_fake_arrive(make_frame(guests[1].mac, guests[0].mac), 60, 5));
	uplink_serve();
	assert_int_equal(got[0] + got[1], 0);
	assert_int_equal(uplink_port()->refused, 5);
	/* The device's own MAC is the uplink's: a guest may not send from it either. */
	vswitch_send(&guests[0], make_frame(gateway, nic_mac), 60);
	assert_int_equal(guests[0].refused, 1);
	assert_int_equal(host_net_fake_sent(), 0);
}

static void test_no_other_guest_mac_to_outside(void **state)
{
	(void)state;
	vswitch_send(&guests[0], make_frame(gateway, guests[1].mac), 60);
	assert_int_equal(host_net_fake_sent(), 0);
	assert_int_equal(guests[0].refused, 1);
	assert_int_equal(guests[0].sent, 0);
}

static void test_without_a_device_the_switch_stays_inside(void **state)
{
	uint8_t bcast[VSWITCH_MAC_LEN];

	(void)state;
	memset(bcast, 0xff, sizeof(bcast));
	vswitch_reset();
	uplink_reset();
	for (unsigned i = 0; i < GUESTS; i++)
		assert_int_equal(vswitch_attach(&guests[i]), (int)i);
	host_net_fake_reset(false, NULL, 0);
	uplink_start();
	assert_false(uplink_on_hart(0));
	uplink_tick();
	vswitch_send(&guests[0], make_frame(bcast, guests[0].mac), 60);
	assert_int_equal(got[1], 1);
	assert_int_equal(host_net_fake_sent(), 0);
}

#define uplink_test(f) cmocka_unit_test_setup(f, uplink_setup)

int main(void)
{
	const struct CMUnitTest tests[] = {
	    uplink_test(test_frames_cross_both_ways),
	    uplink_test(test_one_interrupt_takes_a_bounded_pass),
	    uplink_test(test_a_flood_is_held_back_until_the_next_tick),
	    uplink_test(test_no_transmit_buffer_drops_and_counts),
	    uplink_test(test_no_guest_mac_from_outside),
	    uplink_test(test_no_other_guest_mac_to_outside),
	    uplink_test(test_without_a_device_the_switch_stays_inside),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
