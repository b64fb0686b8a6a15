/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Cyclic window tables (ARINC-653 style): a hart's time is cut into major
 * frames, each made of the same windows in the same order, and a window
 * belongs to one guest or to nobody. Checking a table and finding the window
 * in force are pure arithmetic on timebase ticks.
 */
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>

#include "sched/sched.h"

/* Write the reason into why and return -1. */
static int __attribute__((format(printf, 3, 4))) fail(char *why, size_t len, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(why, len, fmt, ap);
	va_end(ap);
	return -1;
}

int sched_table_check(const struct sched_table *t, char *why, size_t len)
{
	uint64_t sum = 0;

	if (!t->count)
		return fail(why, len, "no windows");
	if (t->count > SCHED_MAX_WINDOWS)
		return fail(why, len, "more than %d windows", SCHED_MAX_WINDOWS);
	for (size_t i = 0; i < t->count; i++) {
		const struct sched_window *w = &t->windows[i];

		if (!w->length)
			return fail(why, len, "window %zu has length 0", i);
		if (w->owner < SCHED_IDLE)
			return fail(why, len, "window %zu has owner %d", i, w->owner);
		if (w->length > UINT64_MAX - sum)
			return fail(why, len, "windows sum past 2^64, not the frame %" PRIu64,
				    t->frame);
		sum += w->length;
	}
	if (sum != t->frame)
		return fail(why, len, "windows sum to %" PRIu64 ", not the frame %" PRIu64, sum,
			    t->frame);
	return 0;
}

/* Where now falls in its frame, for frames laid end to end from start both ways. */
static uint64_t frame_offset(uint64_t frame, uint64_t start, uint64_t now)
{
	uint64_t back;

	if (now >= start)
		return (now - start) % frame;
	back = (start - now) % frame;
	return back ? frame - back : 0;
}

const struct sched_window *sched_table_at(const struct sched_table *t, uint64_t start, uint64_t now,
					  uint64_t *end)
{
	uint64_t into; /* ticks from the start of window i to now */
	size_t count = t->count < SCHED_MAX_WINDOWS ? t->count : SCHED_MAX_WINDOWS;

	if (!t->frame || !count)
		return NULL;
	into = frame_offset(t->frame, start, now);
	for (size_t i = 0; i < count; i++) {
		uint64_t left;

		if (into >= t->windows[i].length) {
			into -= t->windows[i].length;
			continue;
		}
		left = t->windows[i].length - into;
		if (end)
			*end = left > UINT64_MAX - now ? UINT64_MAX : now + left;
		return &t->windows[i];
	}
	return NULL; /* the windows fall short of the frame: not a checked table */
}
