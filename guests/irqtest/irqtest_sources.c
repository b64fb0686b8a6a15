/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The interrupt-driven checks: the RTC alarm through the PLIC (claim 11,
 * nothing left to claim after completing it, one interrupt per alarm), the
 * threshold holding a priority-1 source back until it is lowered, and the
 * UART's receive interrupt delivering the word typed on the console.
 */
#include <stdio.h>
#include <string.h>

#include "guest_mmio.h"
#include "guest_time.h"
#include "irqtest.h"

#define IRQTEST_ALARM_US  1000	   /* alarms 1 ms ahead */
#define IRQTEST_ARRIVE_US 100000   /* an interrupt due now arrives within this */
#define IRQTEST_MASKED_US 5000	   /* a masked alarm stays quiet this long */
#define IRQTEST_SETTLE_US 1000	   /* time for a wrongly raised interrupt to show */
#define IRQTEST_TYPING_US 10000000 /* how long to wait for the typed word */
#define IRQTEST_NO_CLAIM  0xffffffffu
#define IRQTEST_LINE_MAX  16
#define IRQTEST_WORD	  "ping"

static uint32_t irqtest_rtc_pending(void)
{
	return mmio_read32(PLIC_PENDING) >> PLIC_SOURCE_RTC & 1;
}

void irqtest_rtc(void)
{
	unsigned long seen = irqtest_events.rtc;
	uint64_t alarm;
	bool fired;

	irqtest_events.first_claim = IRQTEST_NO_CLAIM;
	irqtest_events.rtc_next_claim = IRQTEST_NO_CLAIM;
	alarm = irqtest_rtc_arm(IRQTEST_ALARM_US);
	fired = irqtest_wait(&irqtest_events.rtc, seen, IRQTEST_ARRIVE_US);
	if (fired) {
		printf("irqtest: rtc interrupt (claim %u)\n", irqtest_events.first_claim);
		printf("irqtest: claim after complete %u\n", irqtest_events.rtc_next_claim);
	}
	irqtest_check("rtc.interrupt", fired, 1);
	irqtest_check("rtc.claim_11", irqtest_events.first_claim, PLIC_SOURCE_RTC);
	irqtest_check("rtc.claim_after_complete_0", irqtest_events.rtc_next_claim, 0);
	irqtest_check("rtc.not_early", irqtest_events.rtc_at >= alarm, 1);
	time_delay_us(IRQTEST_MASKED_US);
	irqtest_check("rtc.once_per_alarm", (long)(irqtest_events.rtc - seen), 1);
	irqtest_check("rtc.not_pending_after", irqtest_rtc_pending(), 0);
}

/*
 * While the threshold is 1 the alarm's request waits in the pending bits;
 * completing source 11 then (it is not in service) must change nothing; once
 * the threshold is back at 0 the interrupt arrives.
 */
void irqtest_threshold_masks(void)
{
	unsigned long seen = irqtest_events.rtc;

	irqtest_set_threshold(PLIC_THRESHOLD_MASK1);
	irqtest_check("plic.threshold_reads_back", irqtest_threshold(), PLIC_THRESHOLD_MASK1);
	irqtest_rtc_arm(IRQTEST_ALARM_US);
	time_delay_us(IRQTEST_MASKED_US);
	irqtest_check("plic.threshold_masks_priority_1", (long)(irqtest_events.rtc - seen), 0);
	irqtest_check("plic.pending_while_masked", irqtest_rtc_pending(), 1);

	irqtest_complete(PLIC_SOURCE_RTC);
	time_delay_us(IRQTEST_SETTLE_US);
	irqtest_check("plic.complete_not_in_service_ignored",
		      irqtest_rtc_pending() && irqtest_events.rtc == seen, 1);

	irqtest_events.first_claim = IRQTEST_NO_CLAIM;
	irqtest_set_threshold(PLIC_THRESHOLD_NONE);
	irqtest_check("plic.threshold_lowered_delivers",
		      irqtest_wait(&irqtest_events.rtc, seen, IRQTEST_ARRIVE_US), 1);
	irqtest_check("plic.threshold_lowered_claim_11", irqtest_events.first_claim,
		      PLIC_SOURCE_RTC);
}

static void irqtest_print_byte(char c)
{
	if (c == '\r')
		printf("irqtest: uart rx '\\r'\n");
	else if (c == '\n')
		printf("irqtest: uart rx '\\n'\n");
	else if (c >= ' ' && c <= '~')
		printf("irqtest: uart rx '%c'\n", c);
	else
		printf("irqtest: uart rx '\\x%02x'\n", (unsigned char)c);
}

/* Bytes the handler received, printed one by one up to the end of a line. */
static bool irqtest_read_line(char *line, size_t size, uint64_t us)
{
	uint64_t deadline = time_now() + time_us_to_ticks(us);
	unsigned long taken = 0;
	size_t len = 0;

	line[0] = '\0';
	while ((int64_t)(time_now() - deadline) < 0) {
		char c;

		if (taken == irqtest_events.rx_count)
			continue;
		c = irqtest_events.rx[taken++ % IRQTEST_RX_SIZE];
		irqtest_print_byte(c);
		if (c == '\r' || c == '\n')
			return true;
		if (len + 1 < size) {
			line[len++] = c;
			line[len] = '\0';
		}
	}
	return false;
}

void irqtest_uart(void)
{
	char line[IRQTEST_LINE_MAX];
	bool ended = irqtest_read_line(line, sizeof(line), IRQTEST_TYPING_US);
	bool ping = strcmp(line, IRQTEST_WORD) == 0;

	if (ping)
		printf("irqtest: got " IRQTEST_WORD "\n");
	irqtest_check("uart.line_ended", ended, 1);
	irqtest_check("uart.got_" IRQTEST_WORD, ping, 1);
	irqtest_check("uart.rx_interrupts", irqtest_events.uart > 0, 1);
	irqtest_check("uart.iir_rx_data", (long)irqtest_events.uart_bad_iir, 0);
	irqtest_check("uart.iir_none_when_drained", (long)irqtest_events.uart_iir_stuck, 0);
}
