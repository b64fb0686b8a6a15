/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Shared fixture for the virtual 16550A UART tests (test_vuart_*.c): register
 * offsets and bits from the 16550A datasheet, one UART whose tx and irq
 * callbacks record what it did, and byte-wide MMIO accessors as a guest's
 * trapped loads and stores reach it. The irq callback fails the test if it is
 * ever called without a change of level.
 *
 * Header-only on purpose: every test_*.c is its own binary and includes this
 * once, so the static state below belongs to that binary alone and the
 * Makefile needs no extra objects.
 */
#ifndef TESTS_UNIT_VUART_FIXTURE_H
#define TESTS_UNIT_VUART_FIXTURE_H

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "dev/vuart.h"

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

static inline void on_tx(void *arg, char c)
{
	assert_ptr_equal(arg, tx_log);
	if (tx_len < sizeof(tx_log))
		tx_log[tx_len] = c;
	tx_len++;
}

static inline void on_irq(void *arg, bool l)
{
	assert_ptr_equal(arg, &level);
	assert_true(l != level); /* called on changes only */
	level = l;
	if (irq_calls < ARRAY_SIZE(levels))
		levels[irq_calls] = l;
	irq_calls++;
}

static inline int setup(void **state)
{
	(void)state;
	tx_len = 0;
	level = false;
	irq_calls = 0;
	vuart_init(&u, on_tx, tx_log, on_irq, &level);
	return 0;
}

static inline unsigned rd(unsigned offset)
{
	uint64_t v = ~0ULL;

	assert_int_equal(vuart_mmio_ops.read(&u, offset, 1, &v), 0);
	assert_true(v <= 0xff);
	return (unsigned)v;
}

static inline void wr(unsigned offset, uint64_t v)
{
	assert_int_equal(vuart_mmio_ops.write(&u, offset, 1, v), 0);
}

static inline void rx(const char *s)
{
	for (; *s; s++)
		assert_int_equal(vuart_receive(&u, *s), 0);
}

static inline void expect_tx(const char *s)
{
	assert_int_equal(tx_len, strlen(s));
	assert_memory_equal(tx_log, s, tx_len);
}

#endif
