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

void sifive_uart_init(struct sifive_uart *uart, uintptr_t base)
{
	uart->base = base;
	mmio_write32(base + SIFIVE_UART_IE, 0);
	mmio_write32(base + SIFIVE_UART_RXCTRL, SIFIVE_UART_RXEN);
}

/* Never waits: the console queues what the FIFO has no room for (console_queue.c). */
bool sifive_uart_try_putc(struct sifive_uart *uart, char c)
{
	if (mmio_read32(uart->base + SIFIVE_UART_TXDATA) & SIFIVE_UART_FULL)
		return false;
	mmio_write32(uart->base + SIFIVE_UART_TXDATA, (uint8_t)c);
	return true;
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
