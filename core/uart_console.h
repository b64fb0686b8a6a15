/*
 * The hook that moves Erg's console onto the physical UART, defined by the
 * UART driver in drivers/ (and by a host stand-in for unit tests).
 */
#ifndef CORE_UART_CONSOLE_H
#define CORE_UART_CONSOLE_H

#include "platform.h"

/* Drive uart and route the console to it; false when the UART is not supported. */
bool uart_console_attach(const struct platform_uart *uart);

#endif
