/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * SiFive UART (FU540-C000 manual, "Universal Asynchronous Receiver/
 * Transmitter"): txdata's bit 31 says the transmit FIFO is full, rxdata's
 * that the receive FIFO is empty; rxctrl enables the receiver and sets the
 * watermark, ie enables its interrupt. Erg keeps the firmware's divisor.
 */
#include "sifive_uart.h"

#include "arch/mmio.h"

#define SIFIVE_UART_TXDATA 0x00
#define SIFIVE_UART_RXDATA 0x04
#define SIFIVE_UART_RXCTRL 0x0c
#define SIFIVE_UART_IE	   0x10

#define SIFIVE_UART_FULL  (1u << 31) /* txdata: no room */
#define SIFIVE_UART_EMPTY (1u << 31) /* rxdata: nothing received */
#define SIFIVE_UART_RXEN  1u	     /* rxctrl: receiver on, watermark 0 */
#define SIFIVE_UART_RXWM  (1u << 1)  /* ie: more than watermark bytes waiting */

/* As ns16550.c: a FIFO that never drains must not hang Erg, which writes holding the console lock.
 */
#define SIFIVE_UART_POLLS	 (1u << 20)
#define SIFIVE_UART_POLLS_WEDGED 64u

void sifive_uart_init(struct sifive_uart *uart, uintptr_t base)
{
	uart->base = base;
	uart->wedged = false;
	mmio_write32(base + SIFIVE_UART_IE, 0);
	mmio_write32(base + SIFIVE_UART_RXCTRL, SIFIVE_UART_RXEN);
}

void sifive_uart_putc(struct sifive_uart *uart, char c)
{
	unsigned limit = uart->wedged ? SIFIVE_UART_POLLS_WEDGED : SIFIVE_UART_POLLS;

	for (unsigned polls = 0; mmio_read32(uart->base + SIFIVE_UART_TXDATA) & SIFIVE_UART_FULL;
	     polls++) {
		if (polls == limit) {
			uart->wedged = true;
			return;
		}
	}
	uart->wedged = false;
	mmio_write32(uart->base + SIFIVE_UART_TXDATA, (uint8_t)c);
}

void sifive_uart_enable_rx_irq(struct sifive_uart *uart)
{
	mmio_write32(uart->base + SIFIVE_UART_IE, SIFIVE_UART_RXWM);
}

int sifive_uart_getc(struct sifive_uart *uart)
{
	uint32_t rx = mmio_read32(uart->base + SIFIVE_UART_RXDATA);

	return rx & SIFIVE_UART_EMPTY ? -1 : (int)(rx & 0xff);
}
