/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * 16550 UART. The firmware has already set the line up (baud, 8N1), so Erg
 * only masks the UART's interrupts (until it asks for the receive one) and
 * keeps the FIFOs on; it never changes the baud rate under the firmware's feet.
 * Nor does it write LCR, so the DesignWare APB UART's busy-detect quirk (an
 * LCR write refused while the UART is busy, as its USR register tells; the
 * VisionFive 2's console) never bites.
 */
#include "ns16550.h"

#include "arch/mmio.h"

#define UART_RBR 0 /* receive buffer (read) */
#define UART_THR 0 /* transmit holding (write) */
#define UART_IER 1
#define UART_FCR 2
#define UART_MCR 4
#define UART_LSR 5

#define UART_FCR_ENABLE_FIFO 0x01
#define UART_IER_RDI	     0x01 /* received data available */
#define UART_MCR_OUT2	     0x08
#define UART_LSR_DR	     0x01 /* data ready */
#define UART_LSR_THRE	     0x20 /* transmit holding register empty */

static uint8_t ns16550_read(const struct ns16550 *uart, unsigned reg)
{
	uintptr_t addr = uart->base + ((uintptr_t)reg << uart->reg_shift);

	return uart->reg_io_width == 4 ? (uint8_t)mmio_read32(addr) : mmio_read8(addr);
}

static void ns16550_write(const struct ns16550 *uart, unsigned reg, uint8_t value)
{
	uintptr_t addr = uart->base + ((uintptr_t)reg << uart->reg_shift);

	if (uart->reg_io_width == 4)
		mmio_write32(addr, value);
	else
		mmio_write8(addr, value);
}

void ns16550_init(struct ns16550 *uart, uintptr_t base, unsigned reg_shift, unsigned io_width)
{
	uart->base = base;
	uart->reg_shift = reg_shift;
	uart->reg_io_width = io_width;
	ns16550_write(uart, UART_IER, 0);
	ns16550_write(uart, UART_FCR, UART_FCR_ENABLE_FIFO);
}

/* Never waits: the console queues what the transmitter has no room for (console_queue.c). */
bool ns16550_try_putc(struct ns16550 *uart, char c)
{
	if (!(ns16550_read(uart, UART_LSR) & UART_LSR_THRE))
		return false;
	ns16550_write(uart, UART_THR, (uint8_t)c);
	return true;
}

void ns16550_enable_rx_irq(struct ns16550 *uart)
{
	ns16550_write(uart, UART_IER, UART_IER_RDI);
	/* OUT2 gates the interrupt line on PC-style 16550 wiring; harmless elsewhere. */
	ns16550_write(uart, UART_MCR, ns16550_read(uart, UART_MCR) | UART_MCR_OUT2);
}

int ns16550_getc(struct ns16550 *uart)
{
	if (!(ns16550_read(uart, UART_LSR) & UART_LSR_DR))
		return -1;
	return ns16550_read(uart, UART_RBR);
}
