/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Driver for the SiFive UART ("sifive,uart0", the FU540's and FU740's) as
 * Erg's console: polled output, non-blocking input, an interrupt on
 * received data. Its registers are 32-bit words; the firmware has set the
 * divisor and enabled the transmitter.
 */
#ifndef DRIVERS_SIFIVE_UART_H
#define DRIVERS_SIFIVE_UART_H

#include <stdbool.h>
#include <stdint.h>

struct sifive_uart {
	uintptr_t base;
};

void sifive_uart_init(struct sifive_uart *uart, uintptr_t base);
/* Send c if the FIFO has room for it now. */
bool sifive_uart_try_putc(struct sifive_uart *uart, char c);
void sifive_uart_enable_rx_irq(struct sifive_uart *uart);

/* The next received byte, or -1 when none is waiting. */
int sifive_uart_getc(struct sifive_uart *uart);

#endif
