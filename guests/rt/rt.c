/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * A small real-time guest: a periodic task every 10 ms, woken by its own
 * timer from WFI. Every 200 periods (2 s) it reports its release jitter (how
 * late each activation started after its deadline), the worst and the
 * average, in microseconds. It runs until the machine stops. The bootargs
 * rt.report=N (report every N periods) and rt.period=US (the period) suit
 * tests that want more figures in less time, or a finer-grained task.
 */
#include <libfdt.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "guest.h"
#include "guest_sleep.h"
#include "guest_time.h"

#define RT_PERIOD_US 10000 /* unless the bootargs say otherwise */
#define RT_REPORT    200   /* periods per report, likewise */

/* name=N from /chosen/bootargs when N > 0, else fallback. */
static unsigned rt_bootarg(const void *dtb, const char *name, unsigned fallback)
{
	int chosen = fdt_path_offset(dtb, "/chosen");
	const char *args = chosen >= 0 ? fdt_getprop(dtb, chosen, "bootargs", NULL) : NULL;
	const char *arg = args ? strstr(args, name) : NULL;
	unsigned n = 0;

	/* By hand: picolibc's strtol sets errno, thread-local data a test guest may not have. */
	for (arg = arg ? arg + strlen(name) : ""; *arg >= '0' && *arg <= '9'; arg++)
		n = n * 10 + (unsigned)(*arg - '0');
	return n ? n : fallback;
}

int main(unsigned long hartid, const void *dtb)
{
	uint64_t deadline, worst = 0, sum = 0, per_us;
	unsigned report = rt_bootarg(dtb, "rt.report=", RT_REPORT);
	unsigned period = rt_bootarg(dtb, "rt.period=", RT_PERIOD_US);

	time_init(dtb);
	per_us = time_us_to_ticks(1);
	sleep_init(hartid);
	printf("rt: periodic task every %u us\n", period);
	deadline = time_now();
	for (unsigned n = 1;; n++) {
		deadline += time_us_to_ticks(period);
		uint64_t late = sleep_until(deadline) - deadline;

		worst = late > worst ? late : worst;
		sum += late;
		if (n % report == 0) {
			printf("rt: %u periods, jitter max %lu us, average %lu us\n", report,
			       (unsigned long)(worst / per_us),
			       (unsigned long)(sum / report / per_us));
			worst = sum = 0;
		}
	}
	return 0;
}
