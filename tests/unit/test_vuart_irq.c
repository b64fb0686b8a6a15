/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Virtual 16550A UART (core/dev/vuart.c): the interrupt line. IIR's priority
 * order and what acknowledges each source, the THR-empty interrupt raised on
 * enable and cleared by an IIR read, and the irq callback called only when
 * the level changes.
 */
#include "vuart_fixture.h"

static void test_iir_priorities(void **state)
{
	(void)state;
	wr(FCR, FCR_ENABLE | 0xc0); /* trigger 14 */
	/* Every source at once: overrun, a full FIFO, THR empty, modem deltas. */
	for (int i = 0; i < 16; i++)
		assert_int_equal(vuart_receive(&u, (char)i), 0);
	assert_int_equal(vuart_receive(&u, 'x'), -1);
	wr(IER, IER_RDI | IER_THRI | IER_RLSI | IER_MSI);
	wr(MCR, MCR_LOOP); /* CTS, DSR and DCD drop: three deltas */
	assert_true(level);
	assert_int_equal(rd(IIR), IIR_FIFOS | IIR_RLSI);
	assert_int_equal(rd(IIR), IIR_FIFOS | IIR_RLSI); /* only LSR clears it */
	assert_int_equal(rd(LSR), LSR_IDLE | LSR_DR | LSR_OE);
	assert_int_equal(rd(IIR), IIR_FIFOS | IIR_RDI);
	for (int i = 0; i < 3; i++)
		rd(RBR);
	assert_int_equal(rd(IIR), IIR_FIFOS | IIR_TIMEOUT); /* 13 bytes, below 14 */
	for (int i = 0; i < 13; i++)
		rd(RBR);
	assert_int_equal(rd(IIR), IIR_FIFOS | IIR_THRI); /* reading it acknowledges it */
	assert_int_equal(rd(IIR), IIR_FIFOS | IIR_MSI);
	assert_true(level);
	assert_int_equal(rd(MSR), MSR_DCTS | MSR_DDSR | MSR_DDCD);
	assert_int_equal(rd(IIR), IIR_FIFOS | IIR_NO_INT);
	assert_false(level);
	/* Without FIFOs IIR bits 7:6 read zero. */
	wr(FCR, 0);
	wr(IER, IER_RDI);
	wr(THR, 'z'); /* loopback: into the holding register */
	assert_int_equal(rd(IIR), IIR_RDI);
	/* Sources whose enable is off are not reported. */
	wr(IER, 0);
	wr(THR, 'z');
	assert_int_equal(rd(LSR), LSR_IDLE | LSR_DR | LSR_OE);
	assert_int_equal(rd(IIR), IIR_NO_INT);
	assert_false(level);
}

static void test_thre_interrupt(void **state)
{
	(void)state;
	wr(IER, IER_THRI); /* enabling it raises it: THR is empty */
	assert_true(level);
	assert_int_equal(rd(LSR), LSR_IDLE); /* LSR does not acknowledge it */
	assert_true(level);
	assert_int_equal(rd(IIR), IIR_THRI);
	assert_false(level);
	assert_int_equal(rd(IIR), IIR_NO_INT);
	wr(THR, 'a'); /* sent at once: empty again, raised again */
	assert_true(level);
	wr(THR, 'b'); /* cleared by the write and raised again: no glitch */
	assert_true(level);
	assert_int_equal(irq_calls, 3);
	assert_int_equal(rd(IIR), IIR_THRI);
	wr(IER, IER_THRI); /* still enabled: no new interrupt */
	assert_false(level);
	wr(IER, 0);
	wr(IER, IER_THRI | IER_RDI);
	assert_true(level);
	wr(IER, IER_RDI); /* disabling it drops it */
	assert_false(level);
	wr(THR, 'c');
	assert_false(level);
	/* A DLM write through offset 1 leaves IER alone. */
	wr(LCR, LCR_DLAB);
	wr(DLM, IER_THRI);
	assert_false(level);
	wr(LCR, 0);
	assert_int_equal(rd(IER), IER_RDI);
	expect_tx("abc");
}

static void test_irq_only_on_changes(void **state)
{
	static const bool want[] = {true, false, true, false, true, false};

	(void)state;
	wr(IER, IER_RDI);
	rx("a");
	rd(RBR);
	wr(IER, IER_RDI | IER_THRI);
	wr(IER, IER_RDI | IER_THRI | IER_RLSI);
	rd(IIR);
	wr(FCR, FCR_ENABLE);
	rx("cd");
	wr(FCR, FCR_ENABLE | FCR_CLEAR_RX);
	rd(IIR);
	wr(IER, 0);
	assert_int_equal(irq_calls, ARRAY_SIZE(want));
	assert_memory_equal(levels, want, sizeof(want));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup(test_iir_priorities, setup),
	    cmocka_unit_test_setup(test_thre_interrupt, setup),
	    cmocka_unit_test_setup(test_irq_only_on_changes, setup),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
