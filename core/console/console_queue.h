/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The lines waiting for the console's wire, in the order they were written.
 * A writer never waits for the device: its line is queued and goes out as
 * the device takes bytes, from the writer's own pass or a later one (the
 * console hart's tick). Each guest may have CONSOLE_GUEST_QUOTA bytes
 * waiting, so a guest that floods its console slows only itself; the rest of
 * the queue is Erg's own. The caller holds the console lock (console.c).
 */
#ifndef CORE_CONSOLE_CONSOLE_QUEUE_H
#define CORE_CONSOLE_CONSOLE_QUEUE_H

#include "config/config.h"
#include "console/console.h"

#define CONSOLE_ERG	    CONFIG_MAX_GUESTS /* sources 0 .. CONFIG_MAX_GUESTS - 1 are guests */
#define CONSOLE_SOURCES	    (CONFIG_MAX_GUESTS + 1)
#define CONSOLE_QUEUE_SIZE  (1u << 16)
#define CONSOLE_GUEST_QUOTA 4096
/* Bytes one pass hands the device at most (when it takes that many). */
#define CONSOLE_PASS_BYTES 1024

_Static_assert(CONSOLE_QUEUE_SIZE >= 2 * CONFIG_MAX_GUESTS * CONSOLE_GUEST_QUOTA,
	       "guests' quotas leave Erg half of the queue");

/* Queue "<prefix><text>\n" for source (CONSOLE_ERG or a guest's index); false: no room. */
bool console_queue_put(unsigned source, const char *prefix, const char *text, size_t len);

/* Hand the device what it takes now, up to CONSOLE_PASS_BYTES; how many it took. */
size_t console_queue_pass(console_putc_fn putc, void *ctx);

/* Without the lock: whether a guest's line of need bytes would likely find room now. */
bool console_queue_room_hint(unsigned source, size_t need);

/* Nothing waits for the device. */
bool console_queue_empty(void);

/* Forget everything queued (unit tests). */
void console_queue_reset(void);

#endif
