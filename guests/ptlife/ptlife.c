/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * A passthrough device across a guest's lives. ptlife owns QEMU virt's
 * goldfish RTC (source 11) and, in each life, arms its alarm and polls its
 * PLIC context until source 11 is claimed, then keeps the claim: the RTC's
 * line stays raised and the source stays in service. It then waits for a
 * command on its UART: "r" reboots it (SBI SRST) with that claim held, "s"
 * arms one more alarm that fires after it has shut down. A new life only
 * gets its interrupt if Erg completed the old life's claim; a neighbour on
 * the same hart only runs on if Erg masked the source of the stopped guest.
 * Its prompt is a partial line when it reboots: the new life's first line
 * must not join it.
 */
#include <stdint.h>
#include <stdio.h>

#include "guest.h"
#include "guest_mmio.h"
#include "guest_sbi.h"
#include "guest_time.h"
#include "guest_virt.h"

#define UART_RBR    0x10000000UL
#define UART_LSR    0x10000005UL
#define UART_LSR_DR 0x01

#define PTLIFE_ALARM_US	  2000
#define PTLIFE_LATE_US	  50000 /* the alarm that fires once the guest has stopped */
#define PTLIFE_TIMEOUT_US 2000000

static void ptlife_rtc_arm(uint64_t us)
{
	uint32_t low = mmio_read32(RTC_TIME_LOW);
	uint64_t alarm = ((uint64_t)mmio_read32(RTC_TIME_HIGH) << 32 | low) + us * 1000;

	mmio_write32(RTC_IRQ_ENABLED, 1);
	mmio_write32(RTC_ALARM_HIGH, (uint32_t)(alarm >> 32));
	mmio_write32(RTC_ALARM_LOW, (uint32_t)alarm);
}

/* The first claim of source 11 in context ctx within the timeout, or 0. */
static unsigned ptlife_wait_claim(unsigned long ctx)
{
	uint64_t deadline = time_now() + time_us_to_ticks(PTLIFE_TIMEOUT_US);
	unsigned claim;

	do
		claim = mmio_read32(PLIC_CLAIM(ctx));
	while (claim != PLIC_SOURCE_RTC && (int64_t)(time_now() - deadline) < 0);
	return claim;
}

static char ptlife_getc(void)
{
	while (!(mmio_read8(UART_LSR) & UART_LSR_DR))
		;
	return (char)mmio_read8(UART_RBR);
}

int main(unsigned long hartid, const void *dtb)
{
	time_init(dtb);
	/* A line the old life left raised is not this life's interrupt. */
	mmio_write32(RTC_CLEAR_INTERRUPT, 1);
	mmio_write32(PLIC_PRIORITY(PLIC_SOURCE_RTC), 1);
	mmio_write32(PLIC_THRESHOLD(hartid), 0);
	mmio_write32(PLIC_ENABLE(hartid), 1u << PLIC_SOURCE_RTC);
	ptlife_rtc_arm(PTLIFE_ALARM_US);
	printf("ptlife: life begins, claim %u\n", ptlife_wait_claim(hartid));
	printf("ptlife: holding the claim; r reboots, s stops\n");
	printf("ptlife> "); /* a prompt: the line a reboot cuts short */
	for (;;) {
		char c = ptlife_getc();

		if (c == 'r') {
			sbi_system_reset(SBI_SRST_COLD_REBOOT, 0);
		} else if (c == 's') {
			mmio_write32(PLIC_CLAIM(hartid), PLIC_SOURCE_RTC); /* complete */
			mmio_write32(RTC_CLEAR_INTERRUPT, 1);
			ptlife_rtc_arm(PTLIFE_LATE_US);
			sbi_system_reset(SBI_SRST_SHUTDOWN, 0);
		}
	}
	return 0;
}
