/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The virtio-net device model (core/virtio/virtio_net.c) on Erg's switch
 * (core/virtio/vswitch.c): three guests, each with its own RAM, transport and
 * driver, exchange frames as their drivers would, transmit buffers with a
 * 12-byte header in front and receive buffers posted in advance. The
 * fixture's RAM and register window are those of the guest the test is
 * acting as (net_use); every guest's device reaches its own RAM whatever
 * the fixture points at, as frames cross from one to another.
 */
#include "virtio/virtio_net.h"
#include "virtio_device_fixture.h"

#define GUESTS	 3
#define RX	 VIRTIO_NET_RX
#define TX	 VIRTIO_NET_TX
#define HDR	 12
#define F_MAC	 (1ULL << 5)
#define F_STATUS (1ULL << 16)

#define RX_GPA(head) (BUF_GPA + (head)*0x800) /* receive buffers 0 .. 3 */
#define TX_GPA	     (BUF_GPA + 0x4000)

struct net_guest {
	uint8_t *ram;
	struct mmio_map map;
	struct virtio_mmio t;
	struct virtio_net n;
	bool line;
	uint16_t posted; /* receive buffers offered so far */
};

static struct net_guest guests[GUESTS];
static struct net_guest *const a = &guests[0], *const b = &guests[1], *const c = &guests[2];
static const uint8_t macs[GUESTS][6] = {
    {0x52, 0x54, 0x00, 0x45, 0x00, 0x0a},
    {0x52, 0x54, 0x00, 0x45, 0x01, 0x0b},
    {0x52, 0x54, 0x00, 0x45, 0x02, 0x0c},
};
static const uint8_t broadcast[6] = {0xff, 0xff, 0xff, 0xff, 0xff, 0xff};
static const uint8_t multicast[6] = {0x01, 0x00, 0x5e, 0x00, 0x00, 0xfb};
static const uint8_t stranger[6] = {0x02, 0x00, 0x00, 0x00, 0x00, 0x99}; /* no port's own */

static void *net_map(void *ctx, uint64_t gpa, uint64_t len)
{
	struct net_guest *g = ctx;

	if (gpa < RAM_GPA || len > RAM_SIZE || gpa - RAM_GPA > RAM_SIZE - len)
		return NULL;
	return g->ram + (gpa - RAM_GPA);
}

static void net_irq(void *arg, bool level)
{
	*(bool *)arg = level;
}

/* Act as guest g's driver: the fixture's RAM and register window become g's. */
static void net_use(struct net_guest *g)
{
	ram = g->ram;
	map = g->map;
}

static int net_setup(void **state)
{
	(void)state;
	vswitch_reset();
	for (unsigned i = 0; i < GUESTS; i++) {
		struct net_guest *g = &guests[i];
		const struct virtq_mem mem = {net_map, g};
		uint64_t features;

		memset(g, 0, sizeof(*g));
		g->ram = calloc(1, RAM_SIZE);
		assert_non_null(g->ram);
		assert_int_equal(virtio_net_setup(&g->n, &g->t, macs[i], "g", &features), 0);
		virtio_mmio_init(&g->t, &virtio_net_ops, &g->n, features, "net", &mem, net_irq,
				 &g->line);
		assert_int_equal(
		    mmio_map_add(&g->map, BASE, VIRTIO_MMIO_SIZE, &virtio_mmio_ops, &g->t, "net"),
		    0);
		net_use(g);
		device_start(&g->t);
	}
	host_console_reset();
	return 0;
}

static int net_teardown(void **state)
{
	(void)state;
	for (unsigned i = 0; i < GUESTS; i++)
		free(guests[i].ram);
	ram = NULL;
	return 0;
}

/* Guest g posts receive buffer `posted` (one descriptor of len bytes). */
static void post_rx(struct net_guest *g, uint32_t len)
{
	const struct buf rx = {RX_GPA(g->posted % 4), len, true};

	net_use(g);
	offer_chain(RX, (uint16_t)(g->posted++ % QSIZE), &rx, 1);
}

/* An Ethernet frame of len bytes to dst from src, its payload a pattern keyed by src. */
static void make_frame(uint8_t *f, size_t len, const uint8_t *dst, const uint8_t *src)
{
	memcpy(f, dst, 6);
	memcpy(f + 6, src, 6);
	for (size_t i = 12; i < len; i++)
		f[i] = (uint8_t)(i + src[5]);
}

/* Guest g transmits frame[0 .. len) behind a zero header, in one buffer; checks it came back. */
static void transmit(struct net_guest *g, const uint8_t *frame, size_t len)
{
	const struct buf tx = {TX_GPA, (uint32_t)(HDR + len), false};
	uint16_t before;

	net_use(g);
	before = used(TX)->idx;
	memset(gpa_ptr(TX_GPA), 0, HDR);
	memcpy(gpa_ptr(TX_GPA + HDR), frame, len);
	offer_chain(TX, 0, &tx, 1);
	assert_int_equal(used(TX)->idx, (uint16_t)(before + 1));
	assert_int_equal(used_len(TX, before), 0);
}

/* Frames guest g has been given (used entries on its receive queue). */
static uint16_t received(struct net_guest *g)
{
	net_use(g);
	return used(RX)->idx;
}

/* Guest g's n-th receive buffer (from 0) holds frame behind a header with num_buffers 1. */
static void assert_received(struct net_guest *g, uint16_t n, const uint8_t *frame, size_t len)
{
	static const uint8_t hdr[HDR] = {[10] = 1};

	net_use(g);
	assert_int_equal(used_len(RX, n), HDR + len);
	assert_int_equal(used(RX)->ring[n % QSIZE].id, n % QSIZE);
	assert_memory_equal(gpa_ptr(RX_GPA(n % 4)), hdr, HDR);
	assert_memory_equal(gpa_ptr(RX_GPA(n % 4) + HDR), frame, len);
}

static void test_unicast_to_owned_port(void **state)
{
	uint8_t f[60];

	(void)state;
	post_rx(b, 0x800);
	post_rx(c, 0x800);
	make_frame(f, sizeof(f), macs[1], macs[0]);
	transmit(a, f, sizeof(f));
	assert_int_equal(received(b), 1);
	assert_received(b, 0, f, sizeof(f));
	assert_true(b->line);
	net_use(b);
	assert_int_equal(rd(INTERRUPT_STATUS), VIRTIO_INT_USED);
	assert_int_equal(received(c), 0);
	assert_false(c->line);
	assert_int_equal(a->n.port.sent, 1);
	assert_int_equal(b->n.port.received, 1);
}

static void test_exchange_after_learning(void **state)
{
	uint8_t f[64], reply[64];

	(void)state;
	post_rx(a, 0x800);
	post_rx(b, 0x800);
	post_rx(c, 0x800);
	/* A speaks for an address nobody was given: everyone else hears it once. */
	make_frame(f, sizeof(f), broadcast, stranger);
	transmit(a, f, sizeof(f));
	assert_int_equal(received(b), 1);
	assert_int_equal(received(c), 1);
	/* B answers that address: now only A gets it. */
	make_frame(reply, sizeof(reply), stranger, macs[1]);
	transmit(b, reply, sizeof(reply));
	assert_int_equal(received(a), 1);
	assert_received(a, 0, reply, sizeof(reply));
	assert_int_equal(received(c), 1);
}

static void test_group_frames_reach_all_but_sender(void **state)
{
	uint8_t f[100];

	(void)state;
	for (unsigned i = 0; i < GUESTS; i++) {
		post_rx(&guests[i], 0x800);
		post_rx(&guests[i], 0x800);
	}
	make_frame(f, sizeof(f), broadcast, macs[0]);
	transmit(a, f, sizeof(f));
	make_frame(f, sizeof(f), multicast, macs[0]);
	transmit(a, f, sizeof(f));
	assert_int_equal(received(a), 0);
	assert_int_equal(received(b), 2);
	assert_int_equal(received(c), 2);
	assert_received(c, 1, f, sizeof(f));
}

static void test_unknown_destination_floods(void **state)
{
	uint8_t f[60];

	(void)state;
	for (unsigned i = 0; i < GUESTS; i++)
		post_rx(&guests[i], 0x800);
	make_frame(f, sizeof(f), stranger, macs[2]);
	transmit(c, f, sizeof(f));
	assert_int_equal(received(a), 1);
	assert_int_equal(received(b), 1);
	assert_int_equal(received(c), 0);
	assert_received(a, 0, f, sizeof(f));
}

static void test_spoofed_source_does_not_steal(void **state)
{
	uint8_t f[60];

	(void)state;
	for (unsigned i = 0; i < GUESTS; i++) {
		post_rx(&guests[i], 0x800);
		post_rx(&guests[i], 0x800);
	}
	/* C claims A's address as its source: the switch refuses the frame... */
	make_frame(f, sizeof(f), broadcast, macs[0]);
	transmit(c, f, sizeof(f));
	assert_int_equal(received(a), 0);
	assert_int_equal(received(b), 0);
	assert_int_equal(c->n.port.refused, 1);
	/* ...and frames for A still go to A alone. */
	make_frame(f, sizeof(f), macs[0], macs[1]);
	transmit(b, f, sizeof(f));
	assert_int_equal(received(a), 1);
	assert_received(a, 0, f, sizeof(f));
	assert_int_equal(received(c), 0);
	assert_int_equal(c->n.port.received, 0);
}

static void test_frames_out_of_size_refused(void **state)
{
	static uint8_t f[VSWITCH_FRAME_MAX + 1];
	const struct buf header_only = {TX_GPA, HDR - 2, false};

	(void)state;
	post_rx(b, 0x800);
	post_rx(b, 0x800);
	make_frame(f, sizeof(f), macs[1], macs[0]);
	transmit(a, f, VSWITCH_FRAME_MIN - 1);
	transmit(a, f, VSWITCH_FRAME_MAX + 1);
	net_use(a);
	offer_chain(TX, 0, &header_only, 1);
	assert_int_equal(used(TX)->idx, 3);
	assert_int_equal(a->n.refused, 3);
	assert_int_equal(a->n.port.sent, 0);
	assert_int_equal(received(b), 0);
	/* The limits themselves pass. */
	transmit(a, f, VSWITCH_FRAME_MIN);
	transmit(a, f, VSWITCH_FRAME_MAX);
	assert_int_equal(received(b), 2);
	assert_received(b, 0, f, VSWITCH_FRAME_MIN);
	assert_received(b, 1, f, VSWITCH_FRAME_MAX);
	assert_int_equal(a->n.refused, 3);
}

static void test_header_and_frame_in_separate_buffers(void **state)
{
	const struct buf tx[] = {
	    {TX_GPA, HDR, false}, {TX_GPA + 0x100, 20, false}, {TX_GPA + 0x200, 40, false}};
	/* The receive side split too: the header alone, then the frame. */
	const struct buf rx[] = {{RX_GPA(0), HDR, true}, {RX_GPA(1), 0x700, true}};
	uint8_t f[60];

	(void)state;
	make_frame(f, sizeof(f), macs[1], macs[0]);
	net_use(b);
	offer_chain(RX, 0, rx, 2);
	net_use(a);
	memset(gpa_ptr(TX_GPA), 0, HDR);
	memcpy(gpa_ptr(TX_GPA + 0x100), f, 20);
	memcpy(gpa_ptr(TX_GPA + 0x200), f + 20, 40);
	offer_chain(TX, 0, tx, 3);
	assert_int_equal(received(b), 1);
	assert_int_equal(used_len(RX, 0), HDR + sizeof(f));
	assert_int_equal(((uint8_t *)gpa_ptr(RX_GPA(0)))[10], 1);
	assert_memory_equal(gpa_ptr(RX_GPA(1)), f, sizeof(f));
}

static void test_no_receive_buffer_drops(void **state)
{
	uint8_t f[60];

	(void)state;
	make_frame(f, sizeof(f), macs[1], macs[0]);
	transmit(a, f, sizeof(f));
	assert_int_equal(b->n.dropped, 1);
	assert_int_equal(b->n.port.received, 0);
	assert_int_equal(b->n.port.dropped, 1);
	/* A buffer posted afterwards stays empty: the frame is gone. */
	post_rx(b, 0x800);
	assert_int_equal(received(b), 0);
	assert_false(b->line);
	transmit(a, f, sizeof(f));
	assert_int_equal(received(b), 1);
	assert_int_equal(b->n.dropped, 1);
}

static void test_small_receive_buffer_drops_and_returns_it(void **state)
{
	uint8_t f[60];

	(void)state;
	post_rx(b, HDR + sizeof(f) - 1);
	post_rx(b, HDR + sizeof(f));
	net_use(b);
	memset(gpa_ptr(RX_GPA(0)), 0xa5, 0x800);
	make_frame(f, sizeof(f), macs[1], macs[0]);
	transmit(a, f, sizeof(f));
	assert_int_equal(received(b), 1);
	assert_int_equal(used_len(RX, 0), 0);
	assert_int_equal(b->n.dropped, 1);
	for (size_t i = 0; i < 0x800; i++)
		assert_int_equal(((uint8_t *)gpa_ptr(RX_GPA(0)))[i], 0xa5);
	/* The next frame fits the next buffer exactly. */
	transmit(a, f, sizeof(f));
	assert_int_equal(received(b), 2);
	assert_received(b, 1, f, sizeof(f));
	assert_int_equal(b->n.dropped, 1);
}

static void test_not_live_device_drops(void **state)
{
	uint8_t f[60];

	(void)state;
	post_rx(b, 0x800);
	net_use(b);
	wr(STATUS, 0); /* B's driver resets its device */
	make_frame(f, sizeof(f), macs[1], macs[0]);
	transmit(a, f, sizeof(f));
	assert_int_equal(b->n.dropped, 1);
	assert_int_equal(received(b), 0);
}

static void test_config_space_mac_and_link(void **state)
{
	uint64_t v;

	(void)state;
	net_use(b);
	assert_int_equal(device_features() & (F_MAC | F_STATUS), F_MAC | F_STATUS);
	for (unsigned i = 0; i < 6; i++) {
		assert_int_equal(reg_access(CONFIG + i, 1, false, &v), MMIO_DONE);
		assert_int_equal(v, macs[1][i]);
	}
	assert_int_equal(reg_access(CONFIG + 6, 2, false, &v), MMIO_DONE);
	assert_int_equal(v, 1); /* VIRTIO_NET_S_LINK_UP */
	assert_int_equal(reg_access(CONFIG + 8, 2, false, &v), MMIO_DONE);
	assert_int_equal(v, 1); /* max_virtqueue_pairs */
	assert_int_equal(rd(CONFIG), 0x45005452);
	assert_int_equal(reg_access(CONFIG + 10, 1, false, &v), MMIO_IGNORED);
}

#define net_test(f) cmocka_unit_test_setup_teardown(f, net_setup, net_teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
	    net_test(test_unicast_to_owned_port),
	    net_test(test_exchange_after_learning),
	    net_test(test_group_frames_reach_all_but_sender),
	    net_test(test_unknown_destination_floods),
	    net_test(test_spoofed_source_does_not_steal),
	    net_test(test_frames_out_of_size_refused),
	    net_test(test_header_and_frame_in_separate_buffers),
	    net_test(test_no_receive_buffer_drops),
	    net_test(test_small_receive_buffer_drops_and_returns_it),
	    net_test(test_not_live_device_drops),
	    net_test(test_config_space_mac_and_link),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
