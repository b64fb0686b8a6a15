/*
 * A small real-time guest: a periodic task every 10 ms, woken by its own
 * timer from WFI. Every 200 periods (2 s) it reports its release jitter (how
 * late each activation started after its deadline), the worst and the
 * average, in microseconds. It runs until the machine stops. The bootarg
 * rt.report=N reports every N periods instead, for tests that want more
 * figures in less time.
 */
#include <libfdt.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "guest.h"
#include "guest_sleep.h"
#include "guest_time.h"

#define RT_PERIOD_US  10000
#define RT_REPORT     200 /* periods per report, unless the bootargs say otherwise */
#define RT_REPORT_ARG "rt.report="

/* Periods per report: rt.report=N from /chosen/bootargs when N > 0, else RT_REPORT. */
static unsigned rt_report_periods(const void *dtb)
{
	int chosen = fdt_path_offset(dtb, "/chosen");
	const char *args = chosen >= 0 ? fdt_getprop(dtb, chosen, "bootargs", NULL) : NULL;
	const char *arg = args ? strstr(args, RT_REPORT_ARG) : NULL;
	unsigned n = 0;

	/* By hand: picolibc's strtol sets errno, thread-local data a test guest may not have. */
	for (arg = arg ? arg + strlen(RT_REPORT_ARG) : ""; *arg >= '0' && *arg <= '9'; arg++)
		n = n * 10 + (unsigned)(*arg - '0');
	return n ? n : RT_REPORT;
}

int main(unsigned long hartid, const void *dtb)
{
	uint64_t deadline, worst = 0, sum = 0, per_us;
	unsigned report = rt_report_periods(dtb);

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
		if (n % report == 0) {
			printf("rt: %u periods, jitter max %lu us, average %lu us\n", report,
			       (unsigned long)(worst / per_us),
			       (unsigned long)(sum / report / per_us));
			worst = sum = 0;
		}
	}
	return 0;
}
