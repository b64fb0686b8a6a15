/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The emulated 16550A under attack. Erg's UART has eight byte registers in a
 * 256-byte window: offsets past them, and any access wider than a byte, read
 * as 0 and write nothing. The loopback mode (MCR bit 4) turns the UART on
 * itself, so the guest can see whether a refused store would have sent a
 * byte: it would arrive in its own receiver.
 */
#include "guest_mmio.h"
#include "hostile.h"

#define UART_BASE     0x10000000UL
#define UART_SIZE     0x100UL
#define UART_THR      (UART_BASE + 0)
#define UART_LSR      (UART_BASE + 5)
#define UART_MCR      (UART_BASE + 4)
#define UART_SCR      (UART_BASE + 7)
#define UART_LSR_DR   0x01
#define UART_MCR_LOOP 0x10
#define SCR_MARK      0x5a
#define RX_DRAIN_MAX  64 /* more than the FIFO holds */

static void hostile_uart_drain(void)
{
	for (unsigned i = 0; i < RX_DRAIN_MAX && (mmio_read8(UART_LSR) & UART_LSR_DR); i++)
		mmio_read8(UART_THR);
}

/* Offsets that would alias the scratch register were the offset cut to 3 bits. */
static void hostile_uart_past_registers(struct hostile_result *r)
{
	static const unsigned long offsets[] = {0x08, 0x0f, 0x17, 0x80, 0xff};

	mmio_write8(UART_SCR, SCR_MARK);
	for (unsigned i = 0; i < sizeof(offsets) / sizeof(offsets[0]); i++) {
		uint8_t got;

		mmio_write8(UART_BASE + offsets[i], ~SCR_MARK);
		got = mmio_read8(UART_BASE + offsets[i]);
		if (got) {
			hostile_escaped(r, "offset 0x%lx reads 0x%x", offsets[i], got);
			return;
		}
	}
	if (mmio_read8(UART_SCR) != SCR_MARK)
		hostile_escaped(r, "the scratch register changed to 0x%x", mmio_read8(UART_SCR));
	else
		hostile_contained(r, "read 0, writes dropped, scratch untouched");
}

static void hostile_uart_word_thr(struct hostile_result *r)
{
	uint8_t lsr_word, lsr_byte, rbr;

	hostile_uart_drain();
	mmio_write8(UART_MCR, UART_MCR_LOOP);
	mmio_write32(UART_THR, 'W');
	lsr_word = mmio_read8(UART_LSR);
	mmio_write8(UART_THR, 'B'); /* the byte store that does send, to show the path works */
	lsr_byte = mmio_read8(UART_LSR);
	rbr = mmio_read8(UART_THR);
	hostile_uart_drain();
	mmio_write8(UART_MCR, 0);
	if (lsr_word & UART_LSR_DR)
		hostile_escaped(r, "the word store sent a byte");
	else if (!(lsr_byte & UART_LSR_DR) || rbr != 'B')
		hostile_escaped(r, "loopback did not work: LSR 0x%x RBR 0x%x", lsr_byte, rbr);
	else
		hostile_contained(r, "nothing sent; a byte store loops back");
}

static void hostile_uart_wide_load(struct hostile_result *r)
{
	uint64_t last = mmio_read64(UART_BASE + UART_SIZE - 8);
	uint32_t lsr = mmio_read32(UART_BASE + 3); /* LCR, MCR, LSR and MSR at once */

	if (last || lsr)
		hostile_escaped(r, "wide loads gave 0x%lx and 0x%x", (unsigned long)last, lsr);
	else
		hostile_contained(r, "8-byte and misaligned 4-byte loads read 0");
}

static const struct hostile_attack hostile_uart_attacks[] = {
    {"UART offsets past its 8 registers", hostile_uart_past_registers},
    {"UART word store to THR in loopback", hostile_uart_word_thr},
    {"UART 8-byte and misaligned 4-byte loads", hostile_uart_wide_load},
};

const struct hostile_group hostile_uart_group = {
    hostile_uart_attacks,
    sizeof(hostile_uart_attacks) / sizeof(hostile_uart_attacks[0]),
};
