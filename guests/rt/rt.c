/*
 * A small real-time guest: a periodic task every 10 ms, woken by its own
 * timer from WFI. Every 2 s it reports its release jitter (how late each
 * activation started after its deadline), the worst and the average, in
 * microseconds. It runs until the machine stops.
 */
#include <stdint.h>
#include <stdio.h>

#include "guest.h"
#include "guest_sleep.h"
#include "guest_time.h"

#define RT_PERIOD_US 10000
#define RT_REPORT    200 /* periods per report */

int main(unsigned long hartid, const void *dtb)
{
	uint64_t deadline, worst = 0, sum = 0, per_us;

	time_init(dtb);
	per_us = time_us_to_ticks(1);
	sleep_init(hartid);
	printf("rt: periodic task every %u us\n", RT_PERIOD_US);
	deadline = time_now();
	for (unsigned n = 1;; n++) {
		deadline += time_us_to_ticks(RT_PERIOD_US);
		uint64_t late = sleep_until(deadline) - deadline;

		worst = late > worst ? late : worst;
		sum += late;
		if (n % RT_REPORT == 0) {
			printf("rt: %u periods, jitter max %lu us, average %lu us\n", RT_REPORT,
			       (unsigned long)(worst / per_us),
			       (unsigned long)(sum / RT_REPORT / per_us));
			worst = sum = 0;
		}
	}
	return 0;
}
