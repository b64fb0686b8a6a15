/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The hook that moves Erg's console onto the physical UART, defined by the
 * UART driver in drivers/ (and by a host stand-in for unit tests).
 */
#ifndef CORE_PORTS_UART_CONSOLE_H
#define CORE_PORTS_UART_CONSOLE_H

#include "platform/platform.h"

/* Drive uart and route the console to it; false when the UART is not supported. */
bool uart_console_attach(const struct platform_uart *uart);

/* Have the UART interrupt on received data; false when there is no UART. */
bool uart_console_enable_rx_irq(void);

/* The next byte typed on the console, or -1. */
int uart_console_getc(void);

/* True on the hart that reads console input (the one that attached the UART). */
bool uart_console_is_input_hart(uint64_t hartid);

#endif
