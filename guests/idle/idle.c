/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * An idle guest: it sleeps in WFI between timer interrupts, 20 of them
 * 100 ms apart, then reports how long that took and shuts down. Under Erg
 * each WFI blocks the vCPU (not the hart's time), so the run takes 2 s and
 * costs about one WFI exit per wake-up.
 */
#include <stdint.h>
#include <stdio.h>

#include "guest.h"
#include "guest_sleep.h"
#include "guest_time.h"

#define IDLE_WAKEUPS   20
#define IDLE_PERIOD_US 100000

int main(unsigned long hartid, const void *dtb)
{
	uint64_t start;
	unsigned wakeups = 0;

	time_init(dtb);
	sleep_init(hartid);
	start = time_now();
	printf("idle: sleeping through %u timer interrupts\n", IDLE_WAKEUPS);
	for (unsigned i = 1; i <= IDLE_WAKEUPS; i++, wakeups++)
		sleep_until(start + i * time_us_to_ticks(IDLE_PERIOD_US));
	printf("idle: %u wake-ups in %lu ms\n", wakeups,
	       (unsigned long)((time_now() - start) / time_us_to_ticks(1000)));
	return 0;
}
