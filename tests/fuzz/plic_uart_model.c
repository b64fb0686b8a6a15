/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The 16550A as its datasheet describes it, for the vPLIC/vUART fuzz harness:
 * what each register read must return and how writes and arriving bytes change
 * the receiver, compared with core/dev/vuart.c after every step.
 */
#include <assert.h>
#include <string.h>

#include "plic_uart.h"
#include "vm/guest_layout.h"

static void model_push(uint8_t byte)
{
	unsigned cap = model.fifo ? VUART_FIFO_SIZE : 1;

	if (model.count == cap) {
		model.overrun = true;
		return;
	}
	model.rx[(model.head + model.count++) % VUART_FIFO_SIZE] = byte;
}

void check_uart(void)
{
	unsigned cap = model.fifo ? VUART_FIFO_SIZE : 1;

	assert(!uart.lock.locked && !uart.irq_busy);
	assert(uart.rx_count == model.count && uart.overrun == model.overrun);
	assert(vuart_rx_full(&uart) == (model.loop || model.count == cap));
	assert(uart.irq_level == uart_level);
	assert(plic.sources <= GUEST_UART_IRQ || (plic.level >> GUEST_UART_IRQ & 1) == uart_level);
}

/* The value a register read must give, by the model; -1 when any value will do (IIR, MSR). */
static int uart_expect_read(unsigned reg)
{
	bool dlab = model.lcr & UART_LCR_DLAB;
	uint8_t v;

	switch (reg) {
	case UART_RBR:
		if (dlab)
			return model.dll;
		if (model.count) {
			model.rbr = model.rx[model.head];
			model.head = (model.head + 1) % VUART_FIFO_SIZE;
			model.count--;
		}
		return model.rbr;
	case UART_IER:
		return dlab ? model.dlm : model.ier;
	case UART_LCR:
		return model.lcr;
	case UART_MCR:
		return model.mcr;
	case UART_LSR:
		v = UART_LSR_IDLE | (model.count ? UART_LSR_DR : 0) |
		    (model.overrun ? UART_LSR_OE : 0);
		model.overrun = false;
		return v;
	case UART_SCR:
		return model.scr;
	default:
		return -1;
	}
}

static void check_iir(uint8_t iir, bool level)
{
	uint8_t id = iir & ~(UART_IIR_FIFOS | UART_IIR_ZERO);

	assert(!(iir & UART_IIR_ZERO) &&
	       (iir & UART_IIR_FIFOS) == (model.fifo ? UART_IIR_FIFOS : 0));
	assert((id == UART_IIR_NONE) == !level);
	assert(id != UART_IIR_LINE || (model.ier & UART_IER_LINE && model.overrun));
	assert((id != UART_IIR_DATA && id != UART_IIR_TIMEOUT) ||
	       (model.ier & UART_IER_DATA && model.count));
	assert(id != UART_IIR_THRE || model.ier & UART_IER_THRE);
	assert(id != UART_IIR_MODEM || model.ier & UART_IER_MODEM);
}

static void check_msr(uint8_t msr)
{
	uint8_t m = model.mcr, lines = UART_MSR_CTS | UART_MSR_DSR | UART_MSR_DCD; /* connected */

	if (model.loop) /* the outputs wired back as the datasheet draws it */
		lines =
		    (m & UART_MCR_RTS ? UART_MSR_CTS : 0) | (m & UART_MCR_DTR ? UART_MSR_DSR : 0) |
		    (m & UART_MCR_OUT1 ? UART_MSR_RI : 0) | (m & UART_MCR_OUT2 ? UART_MSR_DCD : 0);
	assert((msr & UART_MSR_INPUTS) == lines);
}

void uart_read(uint64_t off, unsigned width)
{
	struct vuart before;
	bool defined = width == 1 && off < UART_REGS, level = uart_level;
	uint64_t value = ~0ULL;
	enum mmio_result r;
	int want;

	memcpy(&before, &uart, sizeof(uart));
	r = mmio_access(&map, GUEST_UART_BASE + off, width, false, &value);
	if (!defined) {
		assert(r != MMIO_DONE && (r == MMIO_NO_DEVICE || !value));
		assert(!memcmp(&before, &uart, sizeof(uart)));
		return;
	}
	assert(r == MMIO_DONE && value <= 0xff);
	want = uart_expect_read((unsigned)off);
	assert(want < 0 || value == (unsigned)want);
	if (off == UART_IIR)
		check_iir((uint8_t)value, level);
	if (off == UART_MSR)
		check_msr((uint8_t)value);
}

/* The model's side of a register write; THR is the sent byte, or in loopback a received one. */
static void model_write(unsigned reg, uint8_t v)
{
	bool dlab = model.lcr & UART_LCR_DLAB;

	switch (reg) {
	case UART_RBR:
		if (dlab)
			model.dll = v;
		else if (model.loop)
			model_push(v);
		break;
	case UART_IER:
		if (dlab)
			model.dlm = v;
		else
			model.ier = v & UART_IER_MASK;
		break;
	case UART_IIR: /* FCR: turning the FIFO on or off, or CLEAR_RX with it on, empties it */
		if ((v & UART_FCR_ON) != model.fifo || (v & UART_FCR_ON && v & UART_FCR_CLEAR))
			model.head = model.count = 0;
		model.fifo = v & UART_FCR_ON;
		break;
	case UART_LCR:
		model.lcr = v;
		break;
	case UART_MCR:
		model.mcr = v & UART_MCR_MASK;
		model.loop = v & UART_MCR_LOOP;
		break;
	case UART_SCR:
		model.scr = v;
		break;
	default: /* LSR and MSR are read-only */
		break;
	}
}

void uart_write(uint64_t off, unsigned width, uint8_t v)
{
	struct vuart before;
	bool sends = off == UART_RBR && !(model.lcr & UART_LCR_DLAB) && !model.loop;
	unsigned calls = tx_calls;
	uint64_t value = v;
	enum mmio_result r;

	memcpy(&before, &uart, sizeof(uart));
	r = mmio_access(&map, GUEST_UART_BASE + off, width, true, &value);
	if (width != 1 || off >= UART_REGS) {
		assert(r != MMIO_DONE && !memcmp(&before, &uart, sizeof(uart)));
		return;
	}
	assert(r == MMIO_DONE);
	assert(tx_calls == calls + sends && (!sends || tx_byte == v));
	model_write((unsigned)off, v);
}

void uart_receive(uint8_t byte)
{
	unsigned cap = model.fifo ? VUART_FIFO_SIZE : 1;
	bool stored = !model.loop && model.count < cap;

	assert(vuart_receive(&uart, (char)byte) == (stored ? 0 : -1));
	if (!model.loop)
		model_push(byte);
}
