/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Puts Erg's console on the physical UART the firmware DTB names; every
 * compatible the platform parser accepts (16550, DesignWare APB) fits ns16550. Terminals
 * want "\r\n", so the newline is expanded here, at the wire.
 */
#include "ports/uart_console.h"

#include "console/console.h"
#include "lib/hart.h"
#include "ns16550.h"

static struct ns16550 uart_console_dev;
static bool uart_console_attached;
static uint64_t uart_console_hart;

static void uart_console_putc(void *ctx, char c)
{
	if (c == '\n')
		ns16550_putc(ctx, '\r');
	ns16550_putc(ctx, c);
}

bool uart_console_attach(const struct platform_uart *uart)
{
	ns16550_init(&uart_console_dev, (uintptr_t)uart->base, uart->reg_shift, uart->reg_io_width);
	console_set_output(uart_console_putc, &uart_console_dev);
	uart_console_hart = hart_self();
	uart_console_attached = true;
	return true;
}

bool uart_console_enable_rx_irq(void)
{
	if (uart_console_attached)
		ns16550_enable_rx_irq(&uart_console_dev);
	return uart_console_attached;
}

int uart_console_getc(void)
{
	return uart_console_attached ? ns16550_getc(&uart_console_dev) : -1;
}

bool uart_console_is_input_hart(uint64_t hartid)
{
	return uart_console_attached && hartid == uart_console_hart;
}
