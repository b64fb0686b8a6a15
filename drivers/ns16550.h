/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Driver for the physical 16550-compatible UART Erg uses as its console:
 * polled output, non-blocking input. Register stride and access width come
 * from the DTB (reg-shift, reg-io-width).
 */
#ifndef DRIVERS_NS16550_H
#define DRIVERS_NS16550_H

#include <stdbool.h>
#include <stdint.h>

struct ns16550 {
	uintptr_t base;
	unsigned reg_shift;
	unsigned reg_io_width; /* 1 or 4 bytes */
};

void ns16550_init(struct ns16550 *uart, uintptr_t base, unsigned reg_shift, unsigned io_width);
/* Send c if the transmitter has room for it now. */
bool ns16550_try_putc(struct ns16550 *uart, char c);

/* Interrupt on received data (the only interrupt Erg takes from its UART). */
void ns16550_enable_rx_irq(struct ns16550 *uart);

/* The next received byte, or -1 when none is waiting. */
int ns16550_getc(struct ns16550 *uart);

#endif
