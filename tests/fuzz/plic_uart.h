/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Shared by the vPLIC/vUART fuzz harness (fuzz_plic_uart.c) and its model of
 * the 16550A datasheet (plic_uart_model.c): the devices under test, what the
 * callbacks saw, and the UART register bits the model follows.
 */
#ifndef TESTS_FUZZ_PLIC_UART_H
#define TESTS_FUZZ_PLIC_UART_H

#include <stdbool.h>
#include <stdint.h>

#include "dev/mmio_map.h"
#include "dev/vplic.h"
#include "dev/vuart.h"

/* 16550A registers (reg-shift 0) and the bits the model follows, from the datasheet. */
enum { UART_RBR, UART_IER, UART_IIR, UART_LCR, UART_MCR, UART_LSR, UART_MSR, UART_SCR, UART_REGS };
#define UART_IER_DATA	 0x01
#define UART_IER_THRE	 0x02
#define UART_IER_LINE	 0x04
#define UART_IER_MODEM	 0x08
#define UART_IER_MASK	 0x0f
#define UART_IIR_NONE	 0x01
#define UART_IIR_LINE	 0x06
#define UART_IIR_DATA	 0x04
#define UART_IIR_TIMEOUT 0x0c
#define UART_IIR_THRE	 0x02
#define UART_IIR_MODEM	 0x00
#define UART_IIR_FIFOS	 0xc0
#define UART_IIR_ZERO	 0x30
#define UART_FCR_ON	 0x01
#define UART_FCR_CLEAR	 0x02
#define UART_LCR_DLAB	 0x80
#define UART_MCR_DTR	 0x01
#define UART_MCR_RTS	 0x02
#define UART_MCR_OUT1	 0x04
#define UART_MCR_OUT2	 0x08
#define UART_MCR_LOOP	 0x10
#define UART_MCR_MASK	 0x1f
#define UART_LSR_DR	 0x01
#define UART_LSR_OE	 0x02
#define UART_LSR_IDLE	 0x60 /* THRE | TEMT: transmission is instant */
#define UART_MSR_CTS	 0x10
#define UART_MSR_DSR	 0x20
#define UART_MSR_RI	 0x40
#define UART_MSR_DCD	 0x80
#define UART_MSR_INPUTS	 0xf0

/* The devices, in one MMIO map as core/vm/vm_devices.c wires them. */
extern struct mmio_map map;
extern struct vplic plic;
extern struct vuart uart;
extern bool uart_level; /* the UART's line as its irq calls left it */
extern unsigned tx_calls;
extern uint8_t tx_byte;

/* What the UART must look like from outside, by the datasheet. */
struct uart_model {
	uint8_t rx[VUART_FIFO_SIZE];
	unsigned head, count;
	bool fifo, loop, overrun;
	uint8_t lcr, ier, mcr, scr, dll, dlm, rbr;
};
extern struct uart_model model;

/* A UART access or a byte arriving, each checked against the model. */
void uart_read(uint64_t off, unsigned width);
void uart_write(uint64_t off, unsigned width, uint8_t v);
void uart_receive(uint8_t byte);
/* The UART as a whole against the model. */
void check_uart(void);

#endif
