/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * irqtest's main and its reporting. The checks that need a quiet machine
 * (claims that must find nothing, the threshold) run before "ready": the
 * test types on the console only after that line, so no UART interrupt can
 * get in their way. Then it waits for the typed word and prints the tally.
 */
#include <stdio.h>

#include "guest.h"
#include "guest_time.h"
#include "irqtest.h"

#define IRQTEST_HEX_ABOVE 0xffff /* larger numbers print in hex */

static unsigned irqtest_passed, irqtest_failed;

static void irqtest_print_number(long n)
{
	if (n > IRQTEST_HEX_ABOVE || n < -IRQTEST_HEX_ABOVE)
		printf("0x%lx", (unsigned long)n);
	else
		printf("%ld", n);
}

void irqtest_check(const char *name, long got, long want)
{
	if (got == want) {
		irqtest_passed++;
		printf("irqtest: PASS %s\n", name);
		return;
	}
	irqtest_failed++;
	printf("irqtest: FAIL %s: got ", name);
	irqtest_print_number(got);
	printf(" want ");
	irqtest_print_number(want);
	printf("\n");
}

bool irqtest_wait(volatile unsigned long *counter, unsigned long seen, uint64_t us)
{
	uint64_t deadline = time_now() + time_us_to_ticks(us);

	while (*counter == seen)
		if ((int64_t)(time_now() - deadline) >= 0)
			return *counter != seen;
	return true;
}

int main(unsigned long hartid, const void *dtb)
{
	time_init(dtb);
	printf("irqtest: hart %lu, PLIC context %lu\n", hartid, hartid);
	irqtest_setup(hartid);

	irqtest_bad_accesses();
	irqtest_rtc();
	irqtest_threshold_masks();
	printf("irqtest: ready\n");
	irqtest_uart();

	irqtest_check("irq.no_spurious", (long)irqtest_events.spurious, 0);
	irqtest_check("irq.no_other", (long)irqtest_events.other, 0);
	printf("irqtest: %u passed, %u failed\n", irqtest_passed, irqtest_failed);
	return irqtest_failed ? 1 : 0;
}
