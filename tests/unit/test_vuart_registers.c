/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Virtual 16550A UART (core/dev/vuart.c): the register file as a guest sees it.
 * Reset values, transmit through THR, the divisor latch behind LCR.DLAB, the
 * scratch register, and MCR/MSR with loopback mirroring the modem lines.
 */
#include "vuart_fixture.h"

static void test_reset_values(void **state)
{
	(void)state;
	assert_int_equal(rd(IER), 0);
	assert_int_equal(rd(IIR), IIR_NO_INT);
	assert_int_equal(rd(LCR), 0);
	assert_int_equal(rd(MCR), 0);
	assert_int_equal(rd(LSR), LSR_IDLE);
	assert_int_equal(rd(MSR), MSR_CTS | MSR_DSR | MSR_DCD);
	assert_int_equal(rd(SCR), 0);
	assert_int_equal(rd(RBR), 0);
	/* U-Boot's debug UART (CHECK_ENABLED) stays mute on a zero divisor. */
	wr(LCR, LCR_DLAB | LCR_8N1);
	assert_int_not_equal(rd(DLL) | rd(DLM) << 8, 0);
	wr(LCR, LCR_8N1);
	assert_false(vuart_rx_full(&u));
	assert_int_equal(irq_calls, 0);
	assert_int_equal(tx_len, 0);
}

static void test_tx_reaches_tx(void **state)
{
	const char msg[] = "Hello, guest\r\n";

	(void)state;
	for (size_t i = 0; i < sizeof(msg) - 1; i++) {
		wr(THR, (unsigned char)msg[i]);
		assert_int_equal(rd(LSR), LSR_IDLE);
		assert_int_equal(tx_len, i + 1);
	}
	expect_tx(msg);
	assert_int_equal(irq_calls, 0);
}

static void test_divisor_latch(void **state)
{
	(void)state;
	wr(IER, IER_RLSI);
	rx("q");
	wr(LCR, LCR_DLAB | LCR_8N1);
	assert_int_equal(rd(LCR), LCR_DLAB | LCR_8N1);
	wr(DLL, 0x34); /* not a THR write */
	wr(DLM, 0x12); /* not an IER write */
	assert_int_equal(rd(DLL), 0x34);
	assert_int_equal(rd(DLM), 0x12);
	assert_int_equal(rd(LSR), LSR_IDLE | LSR_DR); /* DLL reads popped nothing */
	assert_int_equal(rd(IIR), IIR_NO_INT);	      /* IIR is there regardless */
	wr(SCR, 0x77);
	wr(LCR, LCR_8N1);
	assert_int_equal(rd(IER), IER_RLSI);
	assert_int_equal(rd(RBR), 'q');
	wr(THR, 'z');
	wr(LCR, LCR_DLAB);
	assert_int_equal(rd(DLL), 0x34);
	assert_int_equal(rd(DLM), 0x12);
	assert_int_equal(rd(SCR), 0x77);
	expect_tx("z");
	assert_int_equal(irq_calls, 0);
}

static void test_loopback(void **state)
{
	static const struct {
		unsigned mcr, msr;
	} mirror[] = {
	    {MCR_LOOP, MSR_DCTS | MSR_DDSR | MSR_DDCD}, /* the connected line drops */
	    {MCR_LOOP | MCR_RTS, MSR_CTS | MSR_DCTS},
	    {MCR_LOOP | MCR_DTR, MSR_DSR | MSR_DCTS | MSR_DDSR},
	    {MCR_LOOP | MCR_OUT1, MSR_RI | MSR_DDSR}, /* RI rising: no TERI */
	    {MCR_LOOP | MCR_OUT2, MSR_DCD | MSR_TERI | MSR_DDCD},
	    {MCR_LOOP | 0x0f, MSR_CTS | MSR_DSR | MSR_RI | MSR_DCD | MSR_DCTS | MSR_DDSR},
	    {0, MSR_CTS | MSR_DSR | MSR_DCD | MSR_TERI}, /* back on the line */
	};

	(void)state;
	for (size_t i = 0; i < ARRAY_SIZE(mirror); i++) {
		wr(MCR, mirror[i].mcr);
		assert_int_equal(rd(MCR), mirror[i].mcr);
		assert_int_equal(rd(MSR), mirror[i].msr);
		assert_int_equal(rd(MSR), mirror[i].msr & 0xf0); /* deltas read-clear */
	}
	/* Transmitted bytes come back to the receiver, not to the line. */
	wr(FCR, FCR_ENABLE);
	wr(MCR, MCR_LOOP);
	rd(MSR);
	wr(THR, 'L');
	wr(THR, 'o');
	assert_int_equal(tx_len, 0);
	assert_int_equal(rd(LSR), LSR_IDLE | LSR_DR);
	/* The line is cut off: host bytes are refused, without an overrun. */
	assert_true(vuart_rx_full(&u));
	assert_int_equal(vuart_receive(&u, 'h'), -1);
	assert_int_equal(rd(RBR), 'L');
	assert_int_equal(rd(RBR), 'o');
	assert_int_equal(rd(LSR), LSR_IDLE);
	for (int i = 0; i < 17; i++)
		wr(THR, (unsigned)i);
	assert_int_equal(rd(LSR), LSR_IDLE | LSR_DR | LSR_OE);
	/* A modem-status interrupt from the deltas. */
	wr(IER, IER_MSI);
	assert_false(level);
	wr(MCR, MCR_LOOP | MCR_DTR);
	assert_true(level);
	assert_int_equal(rd(IIR), IIR_FIFOS | IIR_MSI);
	assert_int_equal(rd(MSR), MSR_DSR | MSR_DDSR);
	assert_false(level);
	/* Off loopback: the line is back and takes host bytes once there is room. */
	wr(MCR, MCR_DTR | MCR_RTS | MCR_OUT2);
	assert_true(level);
	assert_int_equal(rd(MSR), MSR_CTS | MSR_DSR | MSR_DCD | MSR_DCTS | MSR_DDCD);
	assert_true(vuart_rx_full(&u));
	wr(FCR, FCR_ENABLE | FCR_CLEAR_RX);
	assert_false(vuart_rx_full(&u));
	rx("h");
	wr(THR, 'H');
	expect_tx("H");
	assert_int_equal(rd(RBR), 'h');
	/* MCR bits 7:5 read zero. */
	wr(MCR, 0xff);
	assert_int_equal(rd(MCR), 0x1f);
}

static void test_scratch(void **state)
{
	static const unsigned patterns[] = {0x00, 0x55, 0xaa, 0xff, 0x01, 0x80};

	(void)state;
	for (size_t i = 0; i < ARRAY_SIZE(patterns); i++) {
		wr(SCR, patterns[i]);
		assert_int_equal(rd(SCR), patterns[i]);
		wr(LCR, LCR_DLAB);
		assert_int_equal(rd(SCR), patterns[i]);
		wr(LCR, 0);
	}
	assert_int_equal(irq_calls, 0);
	assert_int_equal(tx_len, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup(test_reset_values, setup),
	    cmocka_unit_test_setup(test_tx_reaches_tx, setup),
	    cmocka_unit_test_setup(test_divisor_latch, setup),
	    cmocka_unit_test_setup(test_loopback, setup),
	    cmocka_unit_test_setup(test_scratch, setup),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
