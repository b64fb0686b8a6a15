/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * A guest that sleeps in WFI and wakes on its own timer every 20 ms, and
 * measures how late each wake-up is: the time from its deadline to the
 * first instruction of its timer handler. After 50 wake-ups it reports the
 * worst and the average lateness in microseconds and shuts down.
 */
#include <stdint.h>
#include <stdio.h>

#include "guest.h"
#include "guest_sleep.h"
#include "guest_time.h"

#define SLEEPER_WAKEUPS	  50
#define SLEEPER_PERIOD_US 20000

int main(unsigned long hartid, const void *dtb)
{
	uint64_t worst = 0, sum = 0, deadline;

	time_init(dtb);
	sleep_init(hartid);
	deadline = time_now();
	for (unsigned i = 1; i <= SLEEPER_WAKEUPS; i++) {
		deadline += time_us_to_ticks(SLEEPER_PERIOD_US);
		uint64_t late = sleep_until(deadline) - deadline;

		worst = late > worst ? late : worst;
		sum += late;
	}
	printf("sleeper: %u wake-ups, latency max %lu us, average %lu us\n", SLEEPER_WAKEUPS,
	       (unsigned long)(worst / time_us_to_ticks(1)),
	       (unsigned long)(sum / SLEEPER_WAKEUPS / time_us_to_ticks(1)));
	return 0;
}
