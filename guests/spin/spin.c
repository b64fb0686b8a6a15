/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * A CPU-bound guest for scheduler tests. It counts as fast as it can and
 * watches the time: a jump of more than SPIN_GAP_US between two reads means
 * it was not running. It reports its counter every SPIN_REPORT_MS and each
 * stretch of time it ran ("ran FROM..TO" in timebase ticks), so a test can
 * measure its share of the hart and check when it ran.
 */
#include <stdint.h>
#include <stdio.h>

#include "guest.h"
#include "guest_time.h"

#define SPIN_GAP_US    200
#define SPIN_REPORT_MS 500
#define SPIN_STRETCHES 64 /* stretches reported, then only the counter */

int main(unsigned long hartid, const void *dtb)
{
	uint64_t gap, report, next_report, start, last, count = 0;
	unsigned stretches = 0;

	(void)hartid;
	time_init(dtb);
	gap = time_us_to_ticks(SPIN_GAP_US);
	report = time_us_to_ticks(SPIN_REPORT_MS * 1000);
	start = last = time_now();
	next_report = start + report;
	printf("spin: start at %lu\n", (unsigned long)start);
	for (;;) {
		uint64_t now = time_now();

		count++;
		if (now - last > gap && stretches < SPIN_STRETCHES) {
			printf("spin: ran %lu..%lu\n", (unsigned long)start, (unsigned long)last);
			stretches++;
			now = time_now(); /* printing is not a gap */
			start = now;
		}
		last = now;
		if (now >= next_report) {
			printf("spin: count %lu at %lu\n", (unsigned long)count,
			       (unsigned long)now);
			next_report += report;
			start = last = time_now(); /* printing is not a gap */
		}
	}
	return 0;
}
