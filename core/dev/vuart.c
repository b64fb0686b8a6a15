/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The virtual 16550A UART. State changes happen under the UART's lock; the
 * tx and irq callbacks run after it is released. The interrupt output is a
 * level recomputed after every access from the IIR's view of the sources,
 * so the interrupt rules live in one place: vuart_iir_id.
 */
#include "dev/vuart.h"

/* Register offsets (reg-shift 0). With LCR.DLAB set, 0 and 1 are the divisor latch. */
#define UART_RBR  0 /* read: receive buffer; write: THR */
#define UART_IER  1
#define UART_IIR  2 /* read: interrupt identification; write: FCR */
#define UART_LCR  3
#define UART_MCR  4
#define UART_LSR  5
#define UART_MSR  6
#define UART_SCR  7
#define UART_REGS 8

#define IER_ERBFI 0x01 /* received data available */
#define IER_ETBEI 0x02 /* transmitter holding register empty */
#define IER_ELSI  0x04 /* receiver line status */
#define IER_EDSSI 0x08 /* modem status */
#define IER_MASK  0x0f /* bits 7:4 read zero on a 16550A */

/* IIR bits 3:0, the pending source of highest priority. */
#define IIR_NONE    0x01
#define IIR_LINE    0x06
#define IIR_DATA    0x04
#define IIR_TIMEOUT 0x0c
#define IIR_THRE    0x02
#define IIR_MODEM   0x00
#define IIR_FIFOS   0xc0 /* bits 7:6 with the FIFOs enabled; bits 5:4 always zero */

#define FCR_ENABLE	  0x01
#define FCR_CLEAR_RX	  0x02
#define FCR_CLEAR_TX	  0x04
#define FCR_KEPT	  0xc9 /* trigger (7:6), DMA mode (3), enable (0); 5:4 are reserved */
#define FCR_TRIGGER_SHIFT 6

#define LCR_DLAB 0x80

#define MCR_DTR	 0x01
#define MCR_RTS	 0x02
#define MCR_OUT1 0x04
#define MCR_OUT2 0x08
#define MCR_LOOP 0x10
#define MCR_MASK 0x1f /* bits 7:5 read zero on a 16550A */

#define LSR_DR	 0x01
#define LSR_OE	 0x02
#define LSR_THRE 0x20
#define LSR_TEMT 0x40

#define MSR_DCTS   0x01
#define MSR_DDSR   0x02
#define MSR_TERI   0x04
#define MSR_DDCD   0x08
#define MSR_DELTAS 0x0f
#define MSR_CTS	   0x10
#define MSR_DSR	   0x20
#define MSR_RI	   0x40
#define MSR_DCD	   0x80
#define MSR_LINE   (MSR_CTS | MSR_DSR | MSR_DCD) /* a connected line outside loopback */

/*
 * The datasheet leaves the divisor undefined after reset. Not zero: U-Boot's
 * debug UART takes a zero divisor for "nobody set this UART up" and stays mute.
 */
#define VUART_RESET_DIVISOR 1

void vuart_init(struct vuart *u, void (*tx)(void *arg, char c), void *tx_arg,
		void (*irq)(void *arg, bool level), void *irq_arg)
{
	*u = (struct vuart){.tx = tx,
			    .tx_arg = tx_arg,
			    .irq = irq,
			    .irq_arg = irq_arg,
			    .dll = VUART_RESET_DIVISOR,
			    .msr = MSR_LINE};
}

static bool vuart_fifo_enabled(const struct vuart *u)
{
	return u->fcr & FCR_ENABLE;
}

/* 16 bytes with the FIFO, the one-byte holding register without (8250 mode). */
static unsigned vuart_rx_capacity(const struct vuart *u)
{
	return vuart_fifo_enabled(u) ? VUART_FIFO_SIZE : 1;
}

static unsigned vuart_rx_trigger(const struct vuart *u)
{
	static const uint8_t levels[4] = {1, 4, 8, 14};

	return levels[u->fcr >> FCR_TRIGGER_SHIFT];
}

static bool vuart_rx_refuses(const struct vuart *u)
{
	return (u->mcr & MCR_LOOP) || u->rx_count == vuart_rx_capacity(u);
}

/* Store a received byte; with no room, the byte is lost and LSR.OE says so. */
static bool vuart_rx_push(struct vuart *u, uint8_t c)
{
	if (u->rx_count == vuart_rx_capacity(u)) {
		u->overrun = true;
		return false;
	}
	u->rx[(u->rx_head + u->rx_count) % VUART_FIFO_SIZE] = c;
	u->rx_count++;
	return true;
}

static uint8_t vuart_rx_pop(struct vuart *u)
{
	if (u->rx_count) {
		u->rbr = u->rx[u->rx_head];
		u->rx_head = (u->rx_head + 1) % VUART_FIFO_SIZE;
		u->rx_count--;
	}
	return u->rbr;
}

static void vuart_rx_clear(struct vuart *u)
{
	u->rx_head = 0;
	u->rx_count = 0;
}

/*
 * The highest-priority pending source, as IIR bits 3:0. Data below the
 * trigger level counts as a character timeout at once: Erg has no
 * four-character timer, and a guest waiting for its timeout gets its bytes
 * sooner this way.
 */
static uint8_t vuart_iir_id(const struct vuart *u)
{
	if ((u->ier & IER_ELSI) && u->overrun)
		return IIR_LINE;
	if ((u->ier & IER_ERBFI) && u->rx_count) {
		if (!vuart_fifo_enabled(u) || u->rx_count >= vuart_rx_trigger(u))
			return IIR_DATA;
		return IIR_TIMEOUT;
	}
	if ((u->ier & IER_ETBEI) && u->thre_pending)
		return IIR_THRE;
	if ((u->ier & IER_EDSSI) && (u->msr & MSR_DELTAS))
		return IIR_MODEM;
	return IIR_NONE;
}

/* The modem inputs: in loopback MCR's outputs, wired as the datasheet says. */
static uint8_t vuart_modem_inputs(const struct vuart *u)
{
	uint8_t m = u->mcr;

	if (!(m & MCR_LOOP))
		return MSR_LINE;
	return (m & MCR_RTS ? MSR_CTS : 0) | (m & MCR_DTR ? MSR_DSR : 0) |
	       (m & MCR_OUT1 ? MSR_RI : 0) | (m & MCR_OUT2 ? MSR_DCD : 0);
}

/* Follow the modem inputs, latching a delta for each change (for RI: its trailing edge). */
static void vuart_msr_update(struct vuart *u)
{
	uint8_t now = vuart_modem_inputs(u), was = u->msr & ~MSR_DELTAS;
	uint8_t changed = now ^ was, deltas = u->msr & MSR_DELTAS;

	if (changed & MSR_CTS)
		deltas |= MSR_DCTS;
	if (changed & MSR_DSR)
		deltas |= MSR_DDSR;
	if ((was & MSR_RI) && !(now & MSR_RI))
		deltas |= MSR_TERI;
	if (changed & MSR_DCD)
		deltas |= MSR_DDCD;
	u->msr = now | deltas;
}

static uint8_t vuart_lsr_read(struct vuart *u)
{
	uint8_t lsr = LSR_THRE | LSR_TEMT;

	if (u->rx_count)
		lsr |= LSR_DR;
	if (u->overrun)
		lsr |= LSR_OE;
	u->overrun = false;
	return lsr;
}

/* Reading IIR acknowledges the THR-empty interrupt when that is what it reports. */
static uint8_t vuart_iir_read(struct vuart *u)
{
	uint8_t id = vuart_iir_id(u);

	if (id == IIR_THRE)
		u->thre_pending = false;
	return id | (vuart_fifo_enabled(u) ? IIR_FIFOS : 0);
}

static uint8_t vuart_read_reg(struct vuart *u, unsigned reg)
{
	uint8_t msr;
	bool dlab = u->lcr & LCR_DLAB;

	switch (reg) {
	case UART_RBR:
		return dlab ? u->dll : vuart_rx_pop(u);
	case UART_IER:
		return dlab ? u->dlm : u->ier;
	case UART_IIR:
		return vuart_iir_read(u);
	case UART_LCR:
		return u->lcr;
	case UART_MCR:
		return u->mcr;
	case UART_LSR:
		return vuart_lsr_read(u);
	case UART_MSR:
		msr = u->msr;
		u->msr &= ~MSR_DELTAS;
		return msr;
	default:
		return u->scr;
	}
}

/* THR: the byte leaves at once, to the line (returned) or, in loopback, to the receiver. */
static int vuart_thr_write(struct vuart *u, uint8_t c)
{
	int out = -1;

	if (u->mcr & MCR_LOOP)
		vuart_rx_push(u, c);
	else
		out = c;
	u->thre_pending = true; /* written, sent, empty again: the interrupt is re-raised */
	return out;
}

/* Enabling the THR-empty interrupt raises it, THR being always empty. */
static void vuart_ier_write(struct vuart *u, uint8_t v)
{
	v &= IER_MASK;
	if ((v & IER_ETBEI) && !(u->ier & IER_ETBEI))
		u->thre_pending = true;
	if (!(v & IER_ETBEI))
		u->thre_pending = false;
	u->ier = v;
}

/*
 * Turning the FIFOs on or off empties them. The other bits are programmed
 * only along with the enable bit, as on the 16550A. The transmitter has no
 * FIFO to clear.
 */
static void vuart_fcr_write(struct vuart *u, uint8_t v)
{
	if ((v ^ u->fcr) & FCR_ENABLE)
		vuart_rx_clear(u);
	if (!(v & FCR_ENABLE)) {
		u->fcr &= ~FCR_ENABLE;
		return;
	}
	u->fcr = v & FCR_KEPT;
	if (v & FCR_CLEAR_RX)
		vuart_rx_clear(u);
}

/* Write one register; returns the byte to transmit, or -1. */
static int vuart_write_reg(struct vuart *u, unsigned reg, uint8_t v)
{
	bool dlab = u->lcr & LCR_DLAB;

	switch (reg) {
	case UART_RBR:
		if (!dlab)
			return vuart_thr_write(u, v);
		u->dll = v;
		break;
	case UART_IER:
		if (dlab)
			u->dlm = v;
		else
			vuart_ier_write(u, v);
		break;
	case UART_IIR:
		vuart_fcr_write(u, v);
		break;
	case UART_LCR:
		u->lcr = v;
		break;
	case UART_MCR:
		u->mcr = v & MCR_MASK;
		vuart_msr_update(u);
		break;
	case UART_SCR:
		u->scr = v;
		break;
	default: /* LSR and MSR are read-only; the datasheet reserves their writes for testing */
		break;
	}
	return -1;
}

/*
 * Leave the lock held by the caller: publish the receiver's state, send a
 * byte (out >= 0), then bring the interrupt output up to date. One caller at
 * a time delivers levels and looks again after each call, so racing vCPUs
 * cannot leave the PLIC holding a stale level; the others leave their change
 * to it. The byte goes out before the interrupt that may make the guest
 * write the next one.
 */
static void vuart_release(struct vuart *u, int out)
{
	bool level;

	__atomic_store_n(&u->rx_closed, vuart_rx_refuses(u), __ATOMIC_RELAXED);
	if (out >= 0) {
		spin_unlock(&u->lock);
		if (u->tx)
			u->tx(u->tx_arg, (char)out);
		spin_lock(&u->lock);
	}
	if (u->irq_busy) {
		spin_unlock(&u->lock);
		return;
	}
	u->irq_busy = true;
	while ((level = vuart_iir_id(u) != IIR_NONE) != u->irq_level) {
		u->irq_level = level;
		spin_unlock(&u->lock);
		if (u->irq)
			u->irq(u->irq_arg, level);
		spin_lock(&u->lock);
	}
	u->irq_busy = false;
	spin_unlock(&u->lock);
}

/* Whether reading reg changes the UART's state (and so, maybe, its interrupt output). */
static bool vuart_read_changes(const struct vuart *u, unsigned reg)
{
	switch (reg) {
	case UART_RBR:
		return !(u->lcr & LCR_DLAB);
	case UART_IIR:
		return true;
	case UART_LSR:
		return u->overrun;
	case UART_MSR:
		return u->msr & MSR_DELTAS;
	default:
		return false;
	}
}

/* A read that changes nothing (LSR polled by a driver, the commonest) leaves the output alone. */
static int vuart_mmio_read(void *dev, uint64_t offset, unsigned width, uint64_t *value)
{
	struct vuart *u = dev;
	bool changes;

	if (width != 1 || offset >= UART_REGS)
		return -1;
	spin_lock(&u->lock);
	changes = vuart_read_changes(u, (unsigned)offset);
	*value = vuart_read_reg(u, (unsigned)offset);
	if (changes)
		vuart_release(u, -1);
	else
		spin_unlock(&u->lock);
	return 0;
}

/* Whether writing reg can send a byte or move what the interrupt output depends on. */
static bool vuart_write_changes(const struct vuart *u, unsigned reg)
{
	switch (reg) {
	case UART_RBR:
	case UART_IER:
		return !(u->lcr & LCR_DLAB); /* THR and IER; with DLAB, the divisor latch */
	case UART_IIR:
	case UART_MCR:
		return true;
	default: /* LCR, SCR, and the read-only LSR and MSR */
		return false;
	}
}

static int vuart_mmio_write(void *dev, uint64_t offset, unsigned width, uint64_t value)
{
	struct vuart *u = dev;
	bool changes;
	int out;

	if (width != 1 || offset >= UART_REGS)
		return -1;
	spin_lock(&u->lock);
	changes = vuart_write_changes(u, (unsigned)offset);
	out = vuart_write_reg(u, (unsigned)offset, (uint8_t)value);
	if (changes)
		vuart_release(u, out);
	else
		spin_unlock(&u->lock);
	return 0;
}

const struct mmio_ops vuart_mmio_ops = {vuart_mmio_read, vuart_mmio_write};

int vuart_receive(struct vuart *u, char c)
{
	bool stored = false;

	spin_lock(&u->lock);
	if (!(u->mcr & MCR_LOOP))
		stored = vuart_rx_push(u, (uint8_t)c);
	vuart_release(u, -1);
	return stored ? 0 : -1;
}

bool vuart_rx_full(const struct vuart *u)
{
	return __atomic_load_n(&u->rx_closed, __ATOMIC_RELAXED);
}
