/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * A guest whose image is larger than Erg's own may be under fw_jump (32 MiB),
 * so it can only come from the boot archive: its code and a 40 MiB tail the
 * build generates (tail.S). It checks every word of the tail against the same
 * formula, then scribbles over it, so that only a reboot that reloads the
 * image passes the check again, and sleeps.
 */
#include <stdint.h>
#include <stdio.h>

#include "guest.h"
#include "guest_sleep.h"
#include "guest_time.h"

/* Word i of the tail; guests/guests.mk writes the same words. */
#define BIG_TAIL_WORD(i) ((uint32_t)((i)*0x9e3779b1u))

extern uint32_t big_tail[], big_tail_end[];

/* The byte offset in the tail of the first word that is wrong, or -1. */
static long big_check(void)
{
	unsigned long words = (unsigned long)(big_tail_end - big_tail);

	for (unsigned long i = 0; i < words; i++)
		if (big_tail[i] != BIG_TAIL_WORD(i))
			return (long)(i * sizeof(uint32_t));
	return -1;
}

static void big_scribble(void)
{
	unsigned long words = (unsigned long)(big_tail_end - big_tail);

	for (unsigned long i = 0; i < words; i += 4096)
		big_tail[i] = ~BIG_TAIL_WORD(i);
}

int main(unsigned long hartid, const void *dtb)
{
	unsigned long bytes = (unsigned long)(big_tail_end - big_tail) * sizeof(uint32_t);
	long bad = big_check();

	if (bad >= 0) {
		printf("big: image differs at offset 0x%lx of its %lu MiB tail\n",
		       (unsigned long)bad, bytes >> 20);
		return 1;
	}
	printf("big: %lu MiB image verified\n", bytes >> 20);
	big_scribble();
	printf("big: tail scribbled over; sleeping\n");
	time_init(dtb);
	sleep_init(hartid);
	for (;;)
		sleep_until(time_now() + time_us_to_ticks(1000000));
}
