/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * A neighbour for isolation tests: fills 1 MiB with a pattern, then every
 * 100 ms prints a numbered heartbeat with the buffer's checksum, recomputed
 * each time. A stalled guest stops beating; memory another guest (or Erg)
 * scribbled on changes the checksum and is reported. It never exits.
 */
#include <stdint.h>
#include <stdio.h>

#include "guest.h"
#include "guest_time.h"

#define HEARTBEAT_WORDS	      ((1u << 20) / sizeof(uint64_t))
#define HEARTBEAT_PERIOD_US   100000u
#define HEARTBEAT_GOLDEN_STEP 0x9e3779b97f4a7c15ull

static uint64_t heartbeat_buf[HEARTBEAT_WORDS];

static void heartbeat_fill(void)
{
	for (unsigned long i = 0; i < HEARTBEAT_WORDS; i++)
		heartbeat_buf[i] = (i + 1) * HEARTBEAT_GOLDEN_STEP;
}

/* Order-sensitive, so swapped or shifted words change it too. */
static uint64_t heartbeat_checksum(void)
{
	uint64_t sum = 0;

	for (unsigned long i = 0; i < HEARTBEAT_WORDS; i++)
		sum = (sum << 7 | sum >> 57) ^ heartbeat_buf[i];
	return sum;
}

int main(unsigned long hartid, const void *dtb)
{
	time_init(dtb);
	heartbeat_fill();
	uint64_t expected = heartbeat_checksum();
	uint64_t deadline = time_now();

	printf("heartbeat: hart %lu, checksum 0x%lx\n", hartid, (unsigned long)expected);
	for (unsigned long n = 1;; n++) {
		deadline += time_us_to_ticks(HEARTBEAT_PERIOD_US);
		time_wait_until(deadline);
		uint64_t sum = heartbeat_checksum();

		printf("heartbeat %lu checksum 0x%lx\n", n, (unsigned long)sum);
		if (sum != expected)
			printf("heartbeat: MEMORY CORRUPTED\n");
	}
}
