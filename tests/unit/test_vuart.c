/*
 * Unit tests for the virtual 16550A UART (core/vuart.c), through its MMIO
 * callbacks as a guest's trapped loads and stores reach it. Register values
 * are the 16550A datasheet's; the driver tests replay the accesses Linux's
 * 8250 driver (probe, startup, interrupts, console, earlycon) and U-Boot's
 * ns16550 driver make and check each answer a driver acts on. The irq
 * callback fails the test if it is ever called without a change of level.
 */
#include <pthread.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "vuart.h"

/* Offsets; with LCR.DLAB set, 0 and 1 are the divisor latch. */
#define RBR 0
#define THR 0
#define DLL 0
#define IER 1
#define DLM 1
#define IIR 2
#define FCR 2
#define LCR 3
#define MCR 4
#define LSR 5
#define MSR 6
#define SCR 7

#define IER_RDI	 0x01
#define IER_THRI 0x02
#define IER_RLSI 0x04
#define IER_MSI	 0x08

#define IIR_NO_INT  0x01
#define IIR_MSI	    0x00
#define IIR_THRI    0x02
#define IIR_RDI	    0x04
#define IIR_RLSI    0x06
#define IIR_TIMEOUT 0x0c
#define IIR_FIFOS   0xc0

#define FCR_ENABLE   0x01
#define FCR_CLEAR_RX 0x02
#define FCR_CLEAR_TX 0x04

#define LCR_8N1	 0x03
#define LCR_SBC	 0x40
#define LCR_DLAB 0x80

#define MCR_DTR	 0x01
#define MCR_RTS	 0x02
#define MCR_OUT1 0x04
#define MCR_OUT2 0x08
#define MCR_LOOP 0x10

#define LSR_DR	 0x01
#define LSR_OE	 0x02
#define LSR_THRE 0x20
#define LSR_TEMT 0x40
#define LSR_IDLE (LSR_THRE | LSR_TEMT)

#define MSR_DCTS 0x01
#define MSR_DDSR 0x02
#define MSR_TERI 0x04
#define MSR_DDCD 0x08
#define MSR_CTS	 0x10
#define MSR_DSR	 0x20
#define MSR_RI	 0x40
#define MSR_DCD	 0x80

#define DIVISOR_115200 2 /* from the 3686400 Hz clock-frequency of the guest's DTB */

static struct vuart u;
static char tx_log[4096];
static size_t tx_len;	/* bytes given to tx(); only the first sizeof(tx_log) are kept */
static bool level;	/* the interrupt line as irq() last set it */
static bool levels[64]; /* every level irq() was given, in order */
static unsigned irq_calls;

static void on_tx(void *arg, char c)
{
	assert_ptr_equal(arg, tx_log);
	if (tx_len < sizeof(tx_log))
		tx_log[tx_len] = c;
	tx_len++;
}

static void on_irq(void *arg, bool l)
{
	assert_ptr_equal(arg, &level);
	assert_true(l != level); /* called on changes only */
	level = l;
	if (irq_calls < ARRAY_SIZE(levels))
		levels[irq_calls] = l;
	irq_calls++;
}

static int setup(void **state)
{
	(void)state;
	tx_len = 0;
	level = false;
	irq_calls = 0;
	vuart_init(&u, on_tx, tx_log, on_irq, &level);
	return 0;
}

static unsigned rd(unsigned offset)
{
	uint64_t v = ~0ULL;

	assert_int_equal(vuart_mmio_ops.read(&u, offset, 1, &v), 0);
	assert_true(v <= 0xff);
	return (unsigned)v;
}

static void wr(unsigned offset, uint64_t v)
{
	assert_int_equal(vuart_mmio_ops.write(&u, offset, 1, v), 0);
}

static void rx(const char *s)
{
	for (; *s; s++)
		assert_int_equal(vuart_receive(&u, *s), 0);
}

static void expect_tx(const char *s)
{
	assert_int_equal(tx_len, strlen(s));
	assert_memory_equal(tx_log, s, tx_len);
}

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

static void test_bad_accesses_change_nothing(void **state)
{
	static const unsigned widths[] = {0, 2, 3, 4, 8, 16};
	static const uint64_t offsets[] = {8,	 9,	0x0f,	0x10,	    0x80,
					   0xff, 0x100, 0x1000, 1ULL << 32, ~0ULL};
	struct vuart before;
	size_t tx_before;
	unsigned calls_before;
	uint64_t v;

	(void)state;
	wr(FCR, FCR_ENABLE);
	rx("ab");
	assert_int_equal(vuart_receive(&u, 0), 0);
	wr(IER, 0x0f);
	wr(SCR, 0x5a);
	wr(MCR, MCR_RTS | MCR_OUT2);
	tx_before = tx_len;
	calls_before = irq_calls;
	memcpy(&before, &u, sizeof(u));
	for (unsigned off = 0; off < 8; off++) {
		for (size_t w = 0; w < ARRAY_SIZE(widths); w++) {
			v = 0x1234;
			assert_int_equal(vuart_mmio_ops.read(&u, off, widths[w], &v), -1);
			assert_int_equal(v, 0x1234);
			assert_int_equal(vuart_mmio_ops.write(&u, off, widths[w], 'X'), -1);
		}
	}
	for (size_t i = 0; i < ARRAY_SIZE(offsets); i++) {
		for (unsigned w = 1; w <= 8; w *= 2) {
			v = 0x1234;
			assert_int_equal(vuart_mmio_ops.read(&u, offsets[i], w, &v), -1);
			assert_int_equal(v, 0x1234);
			assert_int_equal(vuart_mmio_ops.write(&u, offsets[i], w, 'X'), -1);
		}
	}
	assert_memory_equal(&u, &before, sizeof(u));
	assert_int_equal(tx_len, tx_before);
	assert_int_equal(irq_calls, calls_before);
}

static uint64_t rng_state = 0x9e3779b97f4a7c15ULL;

static uint64_t rng(void)
{
	rng_state ^= rng_state << 13;
	rng_state ^= rng_state >> 7;
	rng_state ^= rng_state << 17;
	return rng_state;
}

static void test_hostile_bytes(void **state)
{
	(void)state;
	/* Every byte value out and back, none sign-extended. */
	for (unsigned c = 0; c < 256; c++)
		wr(THR, c);
	assert_int_equal(tx_len, 256);
	for (unsigned c = 0; c < 256; c++)
		assert_int_equal((unsigned char)tx_log[c], c);
	wr(FCR, FCR_ENABLE);
	for (unsigned c = 0; c < 256; c++) {
		assert_int_equal(vuart_receive(&u, (char)c), 0);
		assert_int_equal(rd(RBR), c);
	}
	/* Bits above the byte are dropped; reserved register bits read zero. */
	wr(THR, 0xffffffffffffff41ULL);
	assert_int_equal((unsigned char)tx_log[256], 'A');
	wr(IER, ~0ULL);
	assert_int_equal(rd(IER), 0x0f);
	wr(IER, 0x100);
	assert_int_equal(rd(IER), 0);
	wr(FCR, 0x3f); /* reserved bits 5:4 and the clears */
	assert_int_equal(rd(IIR) & 0x30, 0);
	wr(LSR, 0xff); /* read-only */
	wr(MSR, 0xff);
	assert_int_equal(rd(LSR), LSR_IDLE);
	assert_int_equal(rd(MSR), MSR_CTS | MSR_DSR | MSR_DCD);
	/* Random accesses: the invariants every driver relies on hold throughout. */
	for (unsigned i = 0; i < 200000; i++) {
		uint64_t r = rng();
		unsigned off = (unsigned)(r >> 8) & 7, v = (unsigned)(r >> 16) & 0xff, got;

		switch (r & 7) {
		case 0:
		case 1:
		case 2:
			if (off == MCR && (r >> 40) % 8)
				v &= ~(unsigned)
					 MCR_LOOP; /* loopback now and then, not half the time */
			wr(off, v);
			break;
		case 3:
			vuart_receive(&u, (char)v);
			break;
		default: {
			bool before = level;

			got = rd(off);
			if (off == IIR) {
				assert_int_equal(got & 0x30, 0);
				assert_int_equal(!(got & IIR_NO_INT), before);
			}
			if (off == LSR) {
				assert_int_equal(got & LSR_IDLE, LSR_IDLE);
				assert_int_equal(got & 0x9c, 0);
			}
		}
		}
	}
}

/* Two host threads and the guest at once: input in order, output in order, levels in order. */
#define MT_IN  20000
#define MT_OUT 20000

static unsigned mt_out_len, mt_bad_out, mt_calls, mt_repeats, mt_refused;
static bool mt_level;

static void mt_tx(void *arg, char c)
{
	(void)arg;
	if ((unsigned char)c != (mt_out_len & 0xff))
		mt_bad_out++;
	mt_out_len++;
}

static void mt_irq(void *arg, bool l)
{
	(void)arg;
	if (l == mt_level)
		mt_repeats++;
	mt_level = l;
	mt_calls++;
}

static void *mt_producer(void *arg)
{
	(void)arg;
	for (unsigned i = 0; i < MT_IN; i++) {
		while (vuart_rx_full(&u))
			;
		if (vuart_receive(&u, (char)i))
			mt_refused++;
	}
	return NULL;
}

static void *mt_writer(void *arg)
{
	uint64_t v;

	(void)arg;
	for (unsigned i = 0; i < MT_OUT; i++) {
		vuart_mmio_ops.write(&u, THR, 1, i & 0xff);
		if (i % 3 == 0)
			vuart_mmio_ops.write(&u, IER, 1, i % 2 ? IER_RDI | IER_THRI : IER_RDI);
		if (i % 5 == 0)
			vuart_mmio_ops.read(&u, IIR, 1, &v);
	}
	return NULL;
}

static void test_concurrent_access(void **state)
{
	pthread_t producer, writer;
	unsigned got = 0;

	(void)state;
	mt_out_len = mt_bad_out = mt_calls = mt_repeats = mt_refused = 0;
	mt_level = false;
	vuart_init(&u, mt_tx, NULL, mt_irq, NULL);
	wr(FCR, FCR_ENABLE | 0x80);
	wr(IER, IER_RDI);
	assert_int_equal(pthread_create(&producer, NULL, mt_producer, NULL), 0);
	assert_int_equal(pthread_create(&writer, NULL, mt_writer, NULL), 0);
	while (got < MT_IN) {
		if (rd(LSR) & LSR_DR) {
			assert_int_equal(rd(RBR), got & 0xff);
			got++;
		}
	}
	assert_int_equal(pthread_join(producer, NULL), 0);
	assert_int_equal(pthread_join(writer, NULL), 0);
	assert_int_equal(mt_refused, 0);
	assert_int_equal(mt_out_len, MT_OUT);
	assert_int_equal(mt_bad_out, 0);
	assert_int_equal(mt_repeats, 0);
	assert_true(mt_calls > 0);
	/* The line ends where the state says it should be. */
	assert_int_equal(!(rd(IIR) & IIR_NO_INT), mt_level);
	assert_false(vuart_rx_full(&u));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup(test_reset_values, setup),
	    cmocka_unit_test_setup(test_tx_reaches_tx, setup),
	    cmocka_unit_test_setup(test_rx_order_and_dr, setup),
	    cmocka_unit_test_setup(test_rx_overrun, setup),
	    cmocka_unit_test_setup(test_rx_trigger_levels, setup),
	    cmocka_unit_test_setup(test_fcr_clearing, setup),
	    cmocka_unit_test_setup(test_iir_priorities, setup),
	    cmocka_unit_test_setup(test_thre_interrupt, setup),
	    cmocka_unit_test_setup(test_irq_only_on_changes, setup),
	    cmocka_unit_test_setup(test_divisor_latch, setup),
	    cmocka_unit_test_setup(test_loopback, setup),
	    cmocka_unit_test_setup(test_scratch, setup),
	    cmocka_unit_test_setup(test_linux_8250_autoconfig, setup),
	    cmocka_unit_test_setup(test_linux_8250_startup_and_use, setup),
	    cmocka_unit_test_setup(test_linux_earlycon, setup),
	    cmocka_unit_test_setup(test_uboot_ns16550, setup),
	    cmocka_unit_test_setup(test_bad_accesses_change_nothing, setup),
	    cmocka_unit_test_setup(test_hostile_bytes, setup),
	    cmocka_unit_test_setup(test_concurrent_access, setup),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
