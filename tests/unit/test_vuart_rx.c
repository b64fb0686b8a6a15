/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Virtual 16550A UART (core/dev/vuart.c): the receive path. Byte order and LSR.DR,
 * the 8250 one-byte holding register and the 16-byte FIFO, overrun (LSR.OE),
 * the four FCR trigger levels with the timeout interrupt below them, and
 * what FCR writes clear.
 */
#include "vuart_fixture.h"

static void test_rx_order_and_dr(void **state)
{
	(void)state;
	wr(FCR, FCR_ENABLE);
	rx("abc");
	assert_int_equal(rd(LSR), LSR_IDLE | LSR_DR);
	assert_int_equal(rd(RBR), 'a');
	assert_int_equal(rd(RBR), 'b');
	assert_int_equal(rd(LSR), LSR_IDLE | LSR_DR);
	assert_int_equal(rd(RBR), 'c');
	assert_int_equal(rd(LSR), LSR_IDLE);
	assert_int_equal(rd(RBR), 'c'); /* empty: RBR still shows the last byte */
	assert_int_equal(rd(LSR), LSR_IDLE);
	/* 8250 mode: a one-byte holding register. */
	wr(FCR, 0);
	rx("x");
	assert_true(vuart_rx_full(&u));
	assert_int_equal(vuart_receive(&u, 'y'), -1);
	assert_int_equal(rd(LSR), LSR_IDLE | LSR_DR | LSR_OE);
	assert_int_equal(rd(LSR), LSR_IDLE | LSR_DR);
	assert_int_equal(rd(RBR), 'x');
	assert_false(vuart_rx_full(&u));
	assert_int_equal(rd(LSR), LSR_IDLE);
}

static void test_rx_overrun(void **state)
{
	(void)state;
	wr(FCR, FCR_ENABLE);
	for (int i = 0; i < 16; i++) {
		assert_false(vuart_rx_full(&u));
		assert_int_equal(vuart_receive(&u, (char)('A' + i)), 0);
	}
	assert_true(vuart_rx_full(&u));
	assert_int_equal(vuart_receive(&u, '!'), -1);
	assert_int_equal(rd(RBR), 'A');
	assert_false(vuart_rx_full(&u));
	/* OE stays until LSR is read, whatever else is read first. */
	assert_int_equal(rd(IIR), IIR_FIFOS | IIR_NO_INT);
	assert_int_equal(rd(LSR), LSR_IDLE | LSR_DR | LSR_OE);
	assert_int_equal(rd(LSR), LSR_IDLE | LSR_DR);
	for (int i = 1; i < 16; i++)
		assert_int_equal(rd(RBR), 'A' + i); /* the overrun byte is the one lost */
	assert_int_equal(rd(LSR), LSR_IDLE);
}

static void test_rx_trigger_levels(void **state)
{
	static const unsigned triggers[4] = {1, 4, 8, 14};

	for (unsigned t = 0; t < 4; t++) {
		setup(state);
		wr(FCR, FCR_ENABLE | t << 6);
		wr(IER, IER_RDI);
		assert_false(level);
		for (unsigned n = 1; n <= 16; n++) {
			assert_int_equal(vuart_receive(&u, (char)n), 0);
			assert_true(level);
			assert_int_equal(rd(IIR),
					 IIR_FIFOS | (n >= triggers[t] ? IIR_RDI : IIR_TIMEOUT));
		}
		for (unsigned n = 16; n > 0; n--) {
			assert_int_equal(rd(RBR), 17 - n);
			if (n - 1 == 0)
				assert_int_equal(rd(IIR), IIR_FIFOS | IIR_NO_INT);
			else
				assert_int_equal(
				    rd(IIR),
				    IIR_FIFOS | (n - 1 >= triggers[t] ? IIR_RDI : IIR_TIMEOUT));
		}
		assert_false(level);
		assert_int_equal(irq_calls, 2);
	}
}

static void test_fcr_clearing(void **state)
{
	(void)state;
	wr(FCR, FCR_ENABLE);
	rx("abc");
	wr(FCR, FCR_ENABLE | FCR_CLEAR_TX); /* no transmit FIFO to clear; RX untouched */
	assert_int_equal(rd(LSR), LSR_IDLE | LSR_DR);
	wr(FCR, FCR_ENABLE | FCR_CLEAR_RX);
	assert_int_equal(rd(LSR), LSR_IDLE);
	assert_int_equal(rd(IIR), IIR_FIFOS | IIR_NO_INT);
	/* Turning the FIFOs off, or on, empties them. */
	rx("abc");
	wr(FCR, 0);
	assert_int_equal(rd(LSR), LSR_IDLE);
	assert_int_equal(rd(IIR), IIR_NO_INT);
	rx("d");
	wr(FCR, FCR_ENABLE);
	assert_int_equal(rd(LSR), LSR_IDLE);
	/* Rewriting the same enable keeps the data. */
	rx("e");
	wr(FCR, FCR_ENABLE | 0xc0);
	assert_int_equal(rd(LSR), LSR_IDLE | LSR_DR);
	assert_int_equal(rd(RBR), 'e');
	/* Without the enable bit the other bits are not programmed. */
	wr(FCR, 0);
	rx("f");
	wr(FCR, FCR_CLEAR_RX);
	assert_int_equal(rd(LSR), LSR_IDLE | LSR_DR);
	assert_int_equal(rd(IIR), IIR_NO_INT);
	/* Overrun is not cleared by clearing the FIFO. */
	assert_int_equal(vuart_receive(&u, 'g'), -1);
	wr(FCR, FCR_ENABLE | FCR_CLEAR_RX);
	assert_int_equal(rd(LSR), LSR_IDLE | LSR_OE);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup(test_rx_order_and_dr, setup),
	    cmocka_unit_test_setup(test_rx_overrun, setup),
	    cmocka_unit_test_setup(test_rx_trigger_levels, setup),
	    cmocka_unit_test_setup(test_fcr_clearing, setup),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
