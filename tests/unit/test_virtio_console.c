/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The virtio-console device model (core/virtio/virtio_console.c) driven as a guest
 * driver drives it: bytes put on the transmit queue reach the output
 * callback in order, whatever the chain's shape; input fills one posted
 * receive buffer per call and waits when the driver has posted none.
 */
#include <stdio.h>

#include "virtio/virtio_console.h"
#include "virtio_device_fixture.h"

#define RX VIRTIO_CONSOLE_RX
#define TX VIRTIO_CONSOLE_TX

static struct virtio_console con;
static char out[8192]; /* what the tx callback was given */
static size_t out_len;
static unsigned rx_ready_calls;
static const char *input; /* what getc hands out, NUL-terminated */
static unsigned getc_calls;

static void con_tx(void *arg, char ch)
{
	assert_ptr_equal(arg, &con);
	assert_true(out_len < sizeof(out));
	out[out_len++] = ch;
}

static void con_rx_ready(void *arg)
{
	assert_ptr_equal(arg, &con);
	rx_ready_calls++;
}

static int con_getc(void *arg)
{
	assert_ptr_equal(arg, &input);
	getc_calls++;
	return *input ? (unsigned char)*input++ : -1;
}

static int con_setup(void **state)
{
	(void)state;
	out_len = 0;
	rx_ready_calls = getc_calls = 0;
	input = "";
	device_attach(&virtio_console_ops, &con,
		      virtio_console_setup(&con, con_tx, con_rx_ready, &con));
	return 0;
}

/* Write text into guest RAM at gpa; its length. */
static uint32_t put_text(uint64_t gpa, const char *text)
{
	memcpy(gpa_ptr(gpa), text, strlen(text));
	return (uint32_t)strlen(text);
}

static void test_tx_bytes_in_order_across_buffers(void **state)
{
	char big[150];
	struct buf b[3];
	char expect[200];

	(void)state;
	device_start(&t);
	memset(big, 'x', sizeof(big) - 1);
	big[sizeof(big) - 1] = '\0';
	big[0] = '<', big[sizeof(big) - 2] = '>';
	b[0] = (struct buf){BUF_GPA, put_text(BUF_GPA, "hello, "), false};
	b[1] = (struct buf){BUF_GPA + 0x400, put_text(BUF_GPA + 0x400, big), false};
	b[2] = (struct buf){BUF_GPA + 0x200, put_text(BUF_GPA + 0x200, " world\n"), false};
	offer_chain(TX, 0, b, 3);
	snprintf(expect, sizeof(expect), "hello, %s world\n", big);
	assert_int_equal(out_len, strlen(expect));
	assert_memory_equal(out, expect, out_len);
	assert_int_equal(con.tx_bytes, out_len);
	assert_int_equal(used(TX)->idx, 1);
	assert_int_equal(used_len(TX, 0), 0);
	assert_int_equal(rd(INTERRUPT_STATUS), VIRTIO_INT_USED);
	assert_true(line);
}

static void test_tx_chains_in_order(void **state)
{
	const struct buf first = {BUF_GPA, 3, false}, second = {BUF_GPA + 0x100, 4, false};
	struct ring_avail *av;

	(void)state;
	device_start(&t);
	memcpy(gpa_ptr(BUF_GPA), "one", 3);
	memcpy(gpa_ptr(BUF_GPA + 0x100), " two", 4);
	/* Both made available before the one notify. */
	put_desc(TX, 0, first.gpa, first.len, 0, 0);
	put_desc(TX, 1, second.gpa, second.len, 0, 0);
	av = avail(TX);
	av->ring[0] = 0;
	av->ring[1] = 1;
	av->idx = 2;
	wr(QUEUE_NOTIFY, TX);
	assert_int_equal(out_len, 7);
	assert_memory_equal(out, "one two", 7);
	assert_int_equal(used(TX)->idx, 2);
}

static void test_tx_ignores_writable_buffers(void **state)
{
	const struct buf b[] = {{BUF_GPA, 2, false}, {BUF_GPA + 0x100, 16, true}};

	(void)state;
	device_start(&t);
	memcpy(gpa_ptr(BUF_GPA), "ok", 2);
	memset(gpa_ptr(BUF_GPA + 0x100), 'z', 16);
	offer_chain(TX, 0, b, 2);
	assert_int_equal(out_len, 2);
	assert_memory_equal(out, "ok", 2);
	assert_int_equal(used_len(TX, 0), 0);
}

static void test_rx_fills_posted_buffer(void **state)
{
	const struct buf small = {BUF_GPA, 8, true}, rest = {BUF_GPA + 0x100, 64, true};

	(void)state;
	device_start(&t);
	input = "hello world";
	memset(gpa_ptr(BUF_GPA), '.', 0x200);
	offer_chain(RX, 0, &small, 1);
	assert_int_equal(rx_ready_calls, 1); /* the driver's notify says buffers are there */
	assert_true(virtio_console_receive(&t, con_getc, &input));
	assert_int_equal(used(RX)->idx, 1);
	assert_int_equal(used_len(RX, 0), 8);
	assert_memory_equal(gpa_ptr(BUF_GPA), "hello wo.", 9);
	assert_string_equal(input, "rld"); /* no more taken than fits */
	assert_true(line);
	offer_chain(RX, 1, &rest, 1);
	assert_true(virtio_console_receive(&t, con_getc, &input));
	assert_int_equal(used_len(RX, 1), 3);
	assert_memory_equal(gpa_ptr(BUF_GPA + 0x100), "rld.", 4);
	assert_int_equal(con.rx_bytes, 11);
}

static void test_rx_without_buffer_returns_false(void **state)
{
	const struct buf b = {BUF_GPA, 8, true};

	(void)state;
	input = "abc";
	assert_false(virtio_console_receive(&t, con_getc, &input)); /* not live yet */
	device_start(&t);
	assert_false(virtio_console_receive(&t, con_getc, &input)); /* live, nothing posted */
	assert_int_equal(getc_calls, 0);
	assert_string_equal(input, "abc");
	assert_int_equal(used(RX)->idx, 0);
	offer_chain(RX, 0, &b, 1);
	assert_true(virtio_console_receive(&t, con_getc, &input));
	assert_memory_equal(gpa_ptr(BUF_GPA), "abc", 3);
	assert_false(virtio_console_receive(&t, con_getc, &input));
}

/*
 * Receive buffers the device cannot write into take no input, so waiting
 * input would stay waiting while they are popped one after another: the
 * first one breaks the device, and no input is taken.
 */
static void test_rx_buffer_without_writable_bytes_needs_reset(void **state)
{
	const struct buf readable = {BUF_GPA, 8, false};

	(void)state;
	device_start(&t);
	input = "abc";
	for (uint16_t head = 0; head < QSIZE; head++)
		offer_chain(RX, head, &readable, 1);
	assert_false(virtio_console_receive(&t, con_getc, &input));
	assert_true(rd(STATUS) & NEEDS_RESET);
	assert_int_equal(getc_calls, 0);
	assert_string_equal(input, "abc");
	assert_false(virtio_console_receive(&t, con_getc, &input)); /* stays broken */
}

/* A transmit chain reaches the console up to VIRTIO_CONSOLE_TX_MAX bytes; the rest is counted. */
static void test_tx_chain_output_is_capped(void **state)
{
	const struct buf b[] = {{BUF_GPA, 0x1000, false}, {BUF_GPA + 0x1000, 0x1000, false}};

	(void)state;
	device_start(&t);
	memset(gpa_ptr(BUF_GPA), 'a', 0x1000);
	memset(gpa_ptr(BUF_GPA + 0x1000), 'b', 0x1000);
	offer_chain(TX, 0, b, 2);
	assert_int_equal(out_len, 4096);
	assert_int_equal(con.tx_bytes, 4096);
	assert_int_equal(con.tx_dropped, 0x1000);
	assert_int_equal(out[4095], 'a');
	assert_int_equal(used(TX)->idx, 1);
}

/* One notify of the transmit queue serves one batch; the rest waits for a resume. */
static void test_tx_notify_serves_a_batch(void **state)
{
	enum { SIZE = 32, CHAINS = 20 };
	struct buf b[CHAINS];

	(void)state;
	device_start_sized(&t, SIZE);
	for (uint16_t i = 0; i < CHAINS; i++) {
		*(char *)gpa_ptr(BUF_GPA + i) = (char)('A' + i);
		b[i] = (struct buf){BUF_GPA + i, 1, false};
	}
	offer_many(TX, SIZE, b, CHAINS);
	wr(QUEUE_NOTIFY, TX);
	assert_int_equal(out_len, VIRTIO_MMIO_BATCH_CHAINS);
	assert_int_equal(used(TX)->idx, VIRTIO_MMIO_BATCH_CHAINS);
	assert_int_equal(t.deferred, 1u << TX);
	assert_true(virtio_mmio_resume(&t));
	assert_int_equal(out_len, CHAINS);
	assert_memory_equal(out, "ABCDEFGHIJKLMNOPQRST", CHAINS);
	assert_int_equal(t.deferred, 0);
}

static void test_live_follows_driver(void **state)
{
	(void)state;
	assert_false(virtio_console_live(&t));
	device_start(&t);
	assert_true(virtio_console_live(&t));
	wr(STATUS, 0);
	assert_false(virtio_console_live(&t));
}

static void test_config_space_reads_zero(void **state)
{
	uint64_t v = ~0ULL;

	(void)state;
	assert_int_equal(rd(DEVICE_ID), VIRTIO_ID_CONSOLE);
	assert_int_equal(reg_access(CONFIG, 8, false, &v), MMIO_DONE);
	assert_int_equal(v, 0);
	v = ~0ULL;
	assert_int_equal(reg_access(CONFIG + 8, 4, false, &v), MMIO_DONE);
	assert_int_equal(v, 0);
	assert_int_equal(reg_access(CONFIG + 12, 1, false, &v), MMIO_IGNORED);
	assert_int_equal(reg_access(CONFIG + 10, 4, false, &v), MMIO_IGNORED);
}

#define con_test(f) cmocka_unit_test_setup_teardown(f, con_setup, device_teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
	    con_test(test_tx_bytes_in_order_across_buffers),
	    con_test(test_tx_chains_in_order),
	    con_test(test_tx_ignores_writable_buffers),
	    con_test(test_rx_fills_posted_buffer),
	    con_test(test_rx_without_buffer_returns_false),
	    con_test(test_live_follows_driver),
	    con_test(test_config_space_reads_zero),
	    con_test(test_rx_buffer_without_writable_bytes_needs_reset),
	    con_test(test_tx_chain_output_is_capped),
	    con_test(test_tx_notify_serves_a_batch),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
