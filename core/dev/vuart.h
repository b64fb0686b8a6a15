/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * A guest's virtual 16550A UART: the datasheet's eight byte-wide registers
 * (reg-shift 0, reg-io-width 1), a 16-byte receive FIFO, the four interrupt
 * sources in IIR priority order, loopback and the divisor latch, so that
 * Linux's 8250 driver and U-Boot's ns16550 driver run on it unmodified.
 * Transmission is instant: a byte written to THR goes straight to the tx
 * callback, and THR and the shift register always read empty.
 */
#ifndef CORE_DEV_VUART_H
#define CORE_DEV_VUART_H

#include "dev/mmio_map.h"
#include "lib/spinlock.h"
#include "lib/types.h"

#define VUART_SIZE	0x100 /* QEMU virt's serial window; registers at 0..7, the rest undefined */
#define VUART_FIFO_SIZE 16

struct vuart {
	spinlock_t lock; /* everything below but the callbacks */
	void (*tx)(void *arg, char c);
	void *tx_arg;
	void (*irq)(void *arg, bool level);
	void *irq_arg;
	uint8_t ier, lcr, mcr, scr, dll, dlm;
	uint8_t fcr; /* FIFO enable, DMA mode and trigger bits as last programmed */
	uint8_t msr; /* modem inputs (bits 7:4) and their deltas (bits 3:0) */
	uint8_t rbr; /* the byte last read: what RBR shows while the receiver is empty */
	uint8_t rx[VUART_FIFO_SIZE];
	uint8_t rx_head, rx_count;
	bool overrun;	   /* LSR.OE, until LSR is read */
	bool thre_pending; /* the THR-empty interrupt, until IIR reports it or THR is written */
	bool irq_level;	   /* the level last given to irq() */
	bool irq_busy;	   /* a caller is delivering level changes; the others leave theirs to it */
	bool rx_closed;	   /* vuart_receive would refuse a byte; read without the lock */
};

/*
 * Reset u to the 16550A's master-reset state: interrupts off, FIFOs off,
 * 8250 mode, line idle, modem lines connected (CTS, DSR, DCD). tx(tx_arg, c)
 * gets each byte the guest transmits; irq(irq_arg, level) gets the interrupt
 * output each time it changes, starting from low (it is not called for the
 * reset itself). Both are called with u's lock released, one level change at
 * a time and in order, so irq may take other locks (the vPLIC's); neither
 * may call back into u. Either may be NULL.
 */
void vuart_init(struct vuart *u, void (*tx)(void *arg, char c), void *tx_arg,
		void (*irq)(void *arg, bool level), void *irq_arg);

/*
 * Register accesses, dev = struct vuart *. Only 1-byte accesses at offsets
 * 0..7 are defined; any other width or offset returns -1 and changes nothing.
 */
extern const struct mmio_ops vuart_mmio_ops;

/*
 * A byte from the host's side of the line for the guest's receiver. Returns
 * 0 when stored; -1 when refused: the receiver is full (the guest then sees
 * an overrun, LSR.OE) or looped back to the transmitter (MCR.LOOP cuts the
 * line off). A caller that must not lose input checks vuart_rx_full first
 * and keeps the byte until the guest has read.
 */
int vuart_receive(struct vuart *u, char c);

/* Whether vuart_receive would refuse a byte now; a hint, as the guest reads concurrently. */
bool vuart_rx_full(const struct vuart *u);

#endif
