/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Accesses the emulated devices do not define, on a quiet machine: Erg's
 * PLIC defines only aligned 32-bit accesses and its UART only byte
 * accesses; anything else must read 0 and write nothing. Each bad access is
 * paired with a good one showing the register holds something else, so a
 * 0 means the access was refused, not that the register was 0. The PLIC's
 * read-only pending bits and a claim and completions with nothing in
 * service are checked here too.
 */
#include "guest_mmio.h"
#include "guest_time.h"
#include "irqtest.h"

#define IRQTEST_QUIET_US 1000 /* long enough for a wrongly raised interrupt to arrive */
#define IRQTEST_BAD_PRIO 7

static unsigned long irqtest_interrupts(void)
{
	return irqtest_events.rtc + irqtest_events.uart + irqtest_events.spurious +
	       irqtest_events.other;
}

static void irqtest_plic_widths(void)
{
	uintptr_t prio = PLIC_PRIORITY(PLIC_SOURCE_UART);

	irqtest_check("plic.priority_read32", mmio_read32(prio), PLIC_PRIORITY_UART);
	irqtest_check("plic.priority_read16_zero", mmio_read16(prio), 0);
	irqtest_check("plic.priority_read8_zero", mmio_read8(prio), 0);
	/* Bytes 0x29..0x2c: 0, 0, 0 and source 11's priority, were it read bytewise. */
	irqtest_check("plic.unaligned_read32_zero", mmio_read32(prio + 1), 0);
	mmio_write8(prio, IRQTEST_BAD_PRIO);
	irqtest_check("plic.priority_write8_dropped", mmio_read32(prio), PLIC_PRIORITY_UART);
}

static void irqtest_uart_widths(void)
{
	irqtest_check("uart.lsr_read8", mmio_read8(UART_LSR), UART_LSR_EMPTY);
	irqtest_check("uart.lsr_read32_zero", mmio_read32(UART_LSR), 0);
}

static void irqtest_plic_idle(void)
{
	unsigned long seen = irqtest_interrupts();

	mmio_write32(PLIC_PENDING, 1u << PLIC_SOURCE_UART | 1u << PLIC_SOURCE_RTC);
	irqtest_check("plic.pending_write_ignored", mmio_read32(PLIC_PENDING), 0);
	time_delay_us(IRQTEST_QUIET_US);
	irqtest_check("plic.pending_write_raises_nothing", (long)(irqtest_interrupts() - seen), 0);
	irqtest_check("plic.claim_idle_zero", irqtest_claim(), 0);

	irqtest_complete(PLIC_SOURCE_UART);
	irqtest_complete(PLIC_SOURCE_RTC);
	time_delay_us(IRQTEST_QUIET_US);
	irqtest_check("plic.complete_idle_raises_nothing", (long)(irqtest_interrupts() - seen), 0);
	irqtest_check("plic.complete_idle_claim_zero", irqtest_claim(), 0);
	irqtest_check("plic.complete_idle_enables_kept", irqtest_enables(),
		      1u << PLIC_SOURCE_UART | 1u << PLIC_SOURCE_RTC);
}

void irqtest_bad_accesses(void)
{
	irqtest_plic_widths();
	irqtest_uart_widths();
	irqtest_plic_idle();
}
