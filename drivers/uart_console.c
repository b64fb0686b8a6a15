/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Puts Erg's console on the physical UART the firmware DTB names, through
 * the driver for its compatible: ns16550.c for the 16550 family (the
 * DesignWare APB UART included), sifive_uart.c for the SiFive UART.
 * Terminals want "\r\n", so the newline is expanded here, at the wire.
 */
#include "ports/uart_console.h"

#include <string.h>

#include "console/console.h"
#include "lib/hart.h"
#include "ns16550.h"
#include "sifive_uart.h"

struct uart_console_driver {
	bool (*try_putc)(char c);
	int (*getc)(void);
	void (*enable_rx_irq)(void);
};

static struct ns16550 uart_console_ns16550;
static struct sifive_uart uart_console_sifive;

static bool uart_console_ns16550_putc(char c)
{
	return ns16550_try_putc(&uart_console_ns16550, c);
}

static int uart_console_ns16550_getc(void)
{
	return ns16550_getc(&uart_console_ns16550);
}

static void uart_console_ns16550_rx_irq(void)
{
	ns16550_enable_rx_irq(&uart_console_ns16550);
}

static bool uart_console_sifive_putc(char c)
{
	return sifive_uart_try_putc(&uart_console_sifive, c);
}

static int uart_console_sifive_getc(void)
{
	return sifive_uart_getc(&uart_console_sifive);
}

static void uart_console_sifive_rx_irq(void)
{
	sifive_uart_enable_rx_irq(&uart_console_sifive);
}

static const struct uart_console_driver uart_console_drivers[] = {
    {uart_console_ns16550_putc, uart_console_ns16550_getc, uart_console_ns16550_rx_irq},
    {uart_console_sifive_putc, uart_console_sifive_getc, uart_console_sifive_rx_irq},
};

static const struct uart_console_driver *uart_console;
static uint64_t uart_console_hart;
static bool uart_console_cr_sent; /* the '\r' of a newline went out, its '\n' not yet */

/* One byte for the console queue; a newline takes two passes if the UART has room for one. */
static bool uart_console_putc(void *ctx, char c)
{
	(void)ctx;
	if (c == '\n' && !uart_console_cr_sent) {
		if (!uart_console->try_putc('\r'))
			return false;
		uart_console_cr_sent = true;
	}
	if (!uart_console->try_putc(c))
		return false;
	uart_console_cr_sent = false;
	return true;
}

bool uart_console_attach(const struct platform_uart *uart)
{
	if (strcmp(uart->compatible, "sifive,uart0") == 0) {
		sifive_uart_init(&uart_console_sifive, (uintptr_t)uart->base);
		uart_console = &uart_console_drivers[1];
	} else {
		ns16550_init(&uart_console_ns16550, (uintptr_t)uart->base, uart->reg_shift,
			     uart->reg_io_width);
		uart_console = &uart_console_drivers[0];
	}
	console_set_output(uart_console_putc, NULL);
	uart_console_hart = hart_self();
	return true;
}

bool uart_console_enable_rx_irq(void)
{
	if (uart_console)
		uart_console->enable_rx_irq();
	return uart_console;
}

int uart_console_getc(void)
{
	return uart_console ? uart_console->getc() : -1;
}

bool uart_console_is_input_hart(uint64_t hartid)
{
	return uart_console && hartid == uart_console_hart;
}
