/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Virtual 16550A UART (core/dev/vuart.c) against real drivers: the accesses
 * Linux's 8250 driver makes (autoconfig probe, startup, interrupt handler,
 * console, shutdown), Linux's earlycon, and U-Boot's ns16550 driver, each
 * replayed in order, checking every answer the driver acts on.
 */
#include <string.h>

#include "vuart_fixture.h"

static void linux_clear_fifos(void)
{
	wr(FCR, FCR_ENABLE);
	wr(FCR, FCR_ENABLE | FCR_CLEAR_RX | FCR_CLEAR_TX);
	wr(FCR, 0);
}

/* The 8250 driver's FIFO sizing: 256 bytes looped back at once, then count what arrived. */
static unsigned linux_size_fifo(void)
{
	unsigned old_lcr, old_fcr, old_mcr, old_dl, count;

	old_lcr = rd(LCR);
	wr(LCR, 0);
	old_fcr = rd(FCR); /* it reads IIR and later writes that back as FCR */
	old_mcr = rd(MCR);
	wr(FCR, FCR_ENABLE | FCR_CLEAR_RX | FCR_CLEAR_TX);
	wr(MCR, MCR_LOOP);
	wr(LCR, LCR_DLAB);
	old_dl = rd(DLL) | rd(DLM) << 8;
	wr(DLL, 1);
	wr(DLM, 0);
	wr(LCR, LCR_8N1);
	for (count = 0; count < 256; count++)
		wr(THR, count);
	for (count = 0; (rd(LSR) & LSR_DR) && count < 256; count++)
		assert_int_equal(rd(RBR), count);
	wr(FCR, old_fcr);
	wr(MCR, old_mcr);
	wr(LCR, LCR_DLAB);
	wr(DLL, old_dl & 0xff);
	wr(DLM, old_dl >> 8);
	wr(LCR, old_lcr);
	return count;
}

/*
 * Linux's autoconfig with the 16550A variant probes (SERIAL_8250_16550A_VARIANTS
 * defaults on outside x86). A DT port with compatible "ns16550a" skips it
 * (UPF_FIXED_TYPE), a platform or "ns16550" port may not.
 */
static void test_linux_8250_autoconfig(void **state)
{
	unsigned save_ier, save_mcr, save_lcr, status1, status2, divisor;

	(void)state;
	/* Existence: IER bits 3:0 hold what is written. */
	save_ier = rd(IER);
	wr(IER, 0);
	assert_int_equal(rd(IER) & 0x0f, 0);
	wr(IER, 0x0f);
	assert_int_equal(rd(IER) & 0x0f, 0x0f);
	wr(IER, save_ier);
	/* Loopback: RTS and OUT2 come back as CTS and DCD. */
	save_mcr = rd(MCR);
	save_lcr = rd(LCR);
	wr(MCR, MCR_LOOP | MCR_RTS | MCR_OUT2);
	assert_int_equal(rd(MSR) & 0xf0, MSR_CTS | MSR_DCD);
	wr(MCR, save_mcr);
	/* EFR zeroed under LCR 0xbf (an FCR write here), then FIFO bits say 16550A. */
	wr(LCR, 0xbf);
	wr(2, 0);
	wr(LCR, 0);
	wr(FCR, FCR_ENABLE);
	assert_int_equal(rd(IIR) >> 6, 3);
	/* No EFR at offset 2 under LCR 0x80 or 0xbf: not a 16650 or 16C752. */
	wr(LCR, 0x80);
	assert_int_not_equal(rd(2), 0);
	wr(LCR, 0xbf);
	assert_int_not_equal(rd(2), 0);
	/* Not a National SuperIO: offset 2 under LCR 0xe0 does not echo MCR.LOOP. */
	wr(LCR, 0);
	status1 = rd(MCR);
	wr(LCR, 0xe0);
	status2 = rd(2);
	assert_false((status1 ^ status2) & MCR_LOOP);
	wr(LCR, 0);
	wr(MCR, status1 ^ MCR_LOOP);
	wr(LCR, 0xe0);
	status2 = rd(2);
	wr(LCR, 0);
	wr(MCR, status1);
	assert_false((status1 ^ status2) & MCR_LOOP);
	/* Not a TI16750: IIR bit 5 stays clear when FCR bit 5 is set, with or without DLAB. */
	wr(FCR, FCR_ENABLE | 0x20);
	status1 = rd(IIR) >> 5;
	wr(FCR, FCR_ENABLE);
	wr(LCR, LCR_DLAB);
	wr(FCR, FCR_ENABLE | 0x20);
	status2 = rd(IIR) >> 5;
	wr(FCR, FCR_ENABLE);
	wr(LCR, 0);
	assert_int_equal(status1, 6);
	assert_int_equal(status2, 6);
	/* Not an XScale: IER bit 6 does not stick. */
	save_ier = rd(IER);
	wr(IER, save_ier & ~0x40u);
	assert_false(rd(IER) & 0x40);
	wr(IER, save_ier | 0x40);
	assert_false(rd(IER) & 0x40);
	wr(IER, save_ier);
	/* 16 bytes of FIFO: a 16550A, not a 64-byte U6. */
	assert_int_equal(linux_size_fifo(), 16);
	/* Restore and reset. */
	wr(LCR, save_lcr);
	wr(MCR, save_mcr);
	linux_clear_fifos();
	rd(RBR);
	wr(IER, 0);
	/* Nothing reached the line; the probe left the UART as it found it. */
	assert_int_equal(tx_len, 0);
	assert_int_equal(rd(IER), 0);
	assert_int_equal(rd(LCR), 0);
	assert_int_equal(rd(MCR), 0);
	assert_int_equal(rd(LSR), LSR_IDLE);
	assert_int_equal(rd(IIR), IIR_NO_INT);
	wr(LCR, LCR_DLAB);
	divisor = rd(DLL) | rd(DLM) << 8;
	wr(LCR, 0);
	assert_int_equal(divisor, 1); /* as at reset */
	assert_false(level);
}

/* The 8250 interrupt handler's loop, as the guest runs it while the line is high. */
static unsigned linux_8250_isr(const char *out, size_t *sent, char *in, size_t *got)
{
	unsigned handled = 0, lsr;
	size_t len = strlen(out);

	while (level && !(rd(IIR) & IIR_NO_INT)) {
		handled++;
		lsr = rd(LSR);
		for (int n = 0; (lsr & LSR_DR) && n < 256; n++) {
			in[(*got)++] = (char)rd(RBR);
			lsr = rd(LSR);
		}
		rd(MSR);
		if ((lsr & LSR_THRE) && (rd(IER) & IER_THRI)) {
			for (int n = 0; n < 16 && *sent < len; n++)
				wr(THR, (unsigned char)out[(*sent)++]);
			if (*sent == len) /* __stop_tx */
				wr(IER, rd(IER) & ~IER_THRI);
		}
	}
	return handled;
}

static void test_linux_8250_startup_and_use(void **state)
{
	unsigned iir1, iir, lsr, ier;
	char in[16] = {0};
	size_t sent = 0, got = 0;
	const char msg[] = "a line longer than sixteen bytes\r\n";

	(void)state;
	/* serial8250_do_startup: clear FIFOs and interrupts, the LSR sanity check. */
	linux_clear_fifos();
	rd(LSR);
	rd(RBR);
	rd(IIR);
	rd(MSR);
	assert_int_not_equal(rd(LSR), 0xff);
	/* THRE re-assertion test: both IIR reads must show an interrupt (no UART_BUG_THRE). */
	while (!(rd(LSR) & LSR_THRE))
		;
	wr(IER, IER_THRI);
	iir1 = rd(IIR);
	wr(IER, 0);
	wr(IER, IER_THRI);
	iir = rd(IIR);
	wr(IER, 0);
	assert_false(iir1 & IIR_NO_INT);
	assert_false(iir & IIR_NO_INT);
	wr(LCR, LCR_8N1);
	wr(MCR, MCR_OUT2 | MCR_DTR | MCR_RTS);
	/* TX-enable test: an interrupt right after enabling THRI (no UART_BUG_TXEN). */
	wr(IER, IER_THRI);
	lsr = rd(LSR);
	iir = rd(IIR);
	wr(IER, 0);
	assert_true(lsr & LSR_TEMT);
	assert_false(iir & IIR_NO_INT);
	rd(LSR);
	rd(RBR);
	rd(IIR);
	rd(MSR);
	/* set_termios: 115200 8N1, FIFOs with trigger 8, RX and line-status interrupts. */
	wr(IER, IER_RLSI | IER_RDI);
	wr(LCR, LCR_DLAB | LCR_8N1);
	wr(DLL, DIVISOR_115200);
	wr(DLM, 0);
	wr(LCR, LCR_8N1);
	wr(FCR, FCR_ENABLE);
	wr(FCR, FCR_ENABLE | 0x80);
	assert_false(level);
	/* Typing: three bytes, below the trigger, interrupt at once as a timeout. */
	rx("ls\r");
	assert_true(level);
	assert_int_equal(linux_8250_isr("", &sent, in, &got), 1);
	assert_string_equal(in, "ls\r");
	assert_false(level);
	/* Writing: start_tx sets THRI; each interrupt loads 16 bytes; stop_tx at the end. */
	wr(IER, rd(IER) | IER_THRI);
	assert_true(level);
	assert_int_equal(linux_8250_isr(msg, &sent, in, &got), 3);
	expect_tx(msg);
	assert_false(level);
	/* Console write: IER off, poll THRE per byte, wait for both empty, IER back. */
	tx_len = 0;
	ier = rd(IER);
	wr(IER, 0);
	for (const char *c = "console\n"; *c; c++) {
		while (!(rd(LSR) & LSR_THRE))
			;
		wr(THR, (unsigned char)*c);
	}
	while ((rd(LSR) & LSR_IDLE) != LSR_IDLE)
		;
	wr(IER, ier);
	expect_tx("console\n");
	assert_false(level);
	/* Shutdown: interrupts off, break off, FIFOs cleared, RX drained. */
	wr(IER, 0);
	wr(LCR, rd(LCR) & ~LCR_SBC);
	linux_clear_fifos();
	rd(RBR);
	assert_int_equal(rd(IIR), IIR_NO_INT);
	assert_false(level);
}

/* Linux's earlycon ("earlycon=uart8250,mmio,0x10000000"): init_port, then polled putc. */
static void test_linux_earlycon(void **state)
{
	unsigned ier, lcr;

	(void)state;
	wr(LCR, LCR_8N1);
	ier = rd(IER);
	wr(IER, ier & 0x40);
	wr(FCR, 0);
	wr(MCR, MCR_DTR | MCR_RTS);
	lcr = rd(LCR);
	wr(LCR, lcr | LCR_DLAB);
	wr(DLL, DIVISOR_115200);
	wr(DLM, 0);
	wr(LCR, lcr & ~LCR_DLAB);
	for (const char *c = "earlycon\n"; *c; c++) {
		while ((rd(LSR) & LSR_IDLE) != LSR_IDLE)
			;
		wr(THR, (unsigned char)*c);
	}
	expect_tx("earlycon\n");
	assert_int_equal(irq_calls, 0);
}

/* U-Boot's ns16550 driver model: probe's ns16550_init, setbrg, putc, pending, getc. */
static void test_uboot_ns16550(void **state)
{
	unsigned lcr, divisor;

	(void)state;
	while (!(rd(LSR) & LSR_TEMT))
		;
	wr(IER, 0);
	wr(MCR, MCR_DTR | MCR_RTS);
	wr(FCR, FCR_ENABLE | FCR_CLEAR_RX | FCR_CLEAR_TX);
	wr(LCR, LCR_8N1);
	/* setbrg keeps the line format around the divisor (BKSE is DLAB). */
	lcr = rd(LCR) & ~LCR_DLAB;
	wr(LCR, LCR_DLAB | lcr);
	wr(DLL, DIVISOR_115200);
	wr(DLM, 0);
	wr(LCR, lcr);
	/* The debug UART's divisor read-back. */
	wr(LCR, LCR_DLAB | LCR_8N1);
	divisor = rd(DLL) | rd(DLM) << 8;
	wr(LCR, LCR_8N1);
	assert_int_equal(divisor, DIVISOR_115200);
	/* putc returns -EAGAIN unless THRE; pending(output) is "THRE clear". */
	for (const char *c = "U-Boot\n"; *c; c++) {
		assert_true(rd(LSR) & LSR_THRE);
		wr(THR, (unsigned char)*c);
		assert_true(rd(LSR) & LSR_THRE);
	}
	expect_tx("U-Boot\n");
	/* getc returns -EAGAIN unless DR; tstc and pending(input) read DR. */
	assert_false(rd(LSR) & LSR_DR);
	rx("ok");
	assert_true(rd(LSR) & LSR_DR);
	assert_int_equal(rd(RBR), 'o');
	assert_true(rd(LSR) & LSR_DR);
	assert_int_equal(rd(RBR), 'k');
	assert_false(rd(LSR) & LSR_DR);
	assert_int_equal(rd(LCR), LCR_8N1);
	assert_int_equal(rd(MCR), MCR_DTR | MCR_RTS);
	assert_int_equal(rd(IIR), IIR_FIFOS | IIR_NO_INT);
	assert_int_equal(irq_calls, 0); /* U-Boot polls */
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup(test_linux_8250_autoconfig, setup),
	    cmocka_unit_test_setup(test_linux_8250_startup_and_use, setup),
	    cmocka_unit_test_setup(test_linux_earlycon, setup),
	    cmocka_unit_test_setup(test_uboot_ns16550, setup),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
