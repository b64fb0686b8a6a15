/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * irqtest: a guest that takes external interrupts through Erg's emulated
 * PLIC from two sources, the emulated 16550A UART (source 10) and QEMU's
 * goldfish RTC passed through (source 11), and checks the PLIC's and the
 * UART's answers to accesses they do not define. It prints
 *
 *	irqtest: PASS <name>
 *	irqtest: FAIL <name>: got <x> want <y>
 *
 * per check, the interrupts it handles as they come, "irqtest: ready" once
 * it waits for the console input "ping\r", and finally
 * "irqtest: <passed> passed, <failed> failed"; then it shuts down.
 */
#ifndef GUESTS_IRQTEST_IRQTEST_H
#define GUESTS_IRQTEST_IRQTEST_H

#include <stdbool.h>
#include <stdint.h>

#include "guest_virt.h"

/* PLIC settings of these tests (the register maps are in guest_virt.h). */
#define PLIC_PRIORITY_RTC    1
#define PLIC_PRIORITY_UART   1
#define PLIC_THRESHOLD_NONE  0
#define PLIC_THRESHOLD_MASK1 1 /* keeps priority-1 sources out */

/* The emulated 16550A: byte registers, reg-shift 0. */
#define UART_BASE	0x10000000UL
#define UART_RBR	(UART_BASE + 0)
#define UART_IER	(UART_BASE + 1)
#define UART_IIR	(UART_BASE + 2) /* read; FCR on write */
#define UART_FCR	(UART_BASE + 2)
#define UART_LSR	(UART_BASE + 5)
#define UART_IER_RX	0x01
#define UART_FCR_SETUP	0x07 /* FIFOs on and cleared, receive trigger at 1 byte */
#define UART_IIR_ID	0x0f
#define UART_IIR_NONE	0x01
#define UART_IIR_RX	0x04
#define UART_IIR_RX_TMO 0x0c /* character timeout: data below the trigger level */
#define UART_LSR_DR	0x01
#define UART_LSR_EMPTY	0x60 /* THRE | TEMT: what an idle transmitter shows */

#define IRQTEST_RX_SIZE 64 /* a power of two */

/* What the interrupt handler saw; the main flow reads it and prints. */
struct irqtest_events {
	unsigned long rtc;	      /* RTC interrupts served (source 11 claimed) */
	unsigned long uart;	      /* UART interrupts served (source 10 claimed) */
	unsigned long spurious;	      /* external interrupts whose first claim was 0 */
	unsigned long other;	      /* other sources claimed, other interrupt kinds */
	unsigned long uart_bad_iir;   /* IIR not "received data" on a UART interrupt */
	unsigned long uart_iir_stuck; /* IIR not "none" once the FIFO was drained */
	unsigned first_claim;	      /* the first claim of the last external interrupt */
	unsigned rtc_next_claim;      /* the claim right after completing source 11 */
	uint64_t rtc_at;	      /* RTC time when the last RTC interrupt was served */
	unsigned long rx_count;	      /* bytes received so far; rx holds the last ones */
	char rx[IRQTEST_RX_SIZE];
};

extern volatile struct irqtest_events irqtest_events;

/* Reports got against want as one PASS or FAIL line. */
void irqtest_check(const char *name, long got, long want);

/* Waits up to us microseconds for *counter to leave seen; true when it did. */
bool irqtest_wait(volatile unsigned long *counter, unsigned long seen, uint64_t us);

/* The PLIC context of this vCPU (set by irqtest_setup), and access to it. */
void irqtest_set_threshold(unsigned threshold);
uint32_t irqtest_threshold(void);
uint32_t irqtest_enables(void); /* sources 0..31 */
unsigned irqtest_claim(void);
void irqtest_complete(unsigned source);

/* The RTC: its time in ns, and its alarm armed us microseconds from now. */
uint64_t irqtest_rtc_now(void);
uint64_t irqtest_rtc_arm(uint64_t us);

/*
 * Installs the interrupt handler on this hart, programs the PLIC (both
 * sources priority 1, enabled for this context, threshold 0), the UART
 * (FIFOs, RX interrupt) and the RTC (interrupt enabled, nothing armed),
 * and turns on supervisor external interrupts.
 */
void irqtest_setup(unsigned long hartid);

/* The groups of checks, in the order main runs them. */
void irqtest_bad_accesses(void);
void irqtest_rtc(void);
void irqtest_threshold_masks(void);
void irqtest_uart(void);

#endif
