/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Line-atomic console. A message is formatted into a buffer on the caller's
 * stack first, then queued whole (console_queue.c) under the lock, with
 * local interrupts off so a timer handler that logs cannot deadlock its
 * hart; the device then takes what it has room for, and never makes a
 * writer wait. The lock word holds its owner's hart id plus one: a hart that
 * traps while it writes (its panic dump) writes on without waiting for
 * itself, and a stuck console shows in memory whose it is.
 */
#include "console/console.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "console/console_queue.h"
#include "lib/hart.h"
#include "ports/arch_hooks.h"

static uint64_t console_lock; /* 0: free; else the owner's hart id + 1 */

static bool console_early_putc(void *ctx, char c)
{
	(void)ctx;
	arch_early_putchar(c);
	return true;
}

static console_putc_fn console_putc = console_early_putc;
static void *console_ctx;

/*
 * A device that takes nothing for this many passes in a row (wedged, or a
 * host that stopped reading) is given up on where Erg would wait for it.
 */
#define CONSOLE_STALL_PASSES (1u << 20)

/* Take the lock; false when this hart holds it already (it trapped while writing). */
static bool console_take(void)
{
	uint64_t me = hart_self() + 1;

	if (__atomic_load_n(&console_lock, __ATOMIC_RELAXED) == me)
		return false;
	for (;;) {
		uint64_t free = 0;

		if (__atomic_compare_exchange_n(&console_lock, &free, me, false, __ATOMIC_ACQUIRE,
						__ATOMIC_RELAXED))
			return true;
		while (__atomic_load_n(&console_lock, __ATOMIC_RELAXED))
			;
	}
}

static void console_give(bool taken)
{
	if (taken)
		__atomic_store_n(&console_lock, 0, __ATOMIC_RELEASE);
}

/* Pass until the queue is empty or the device stalls. The caller holds the lock. */
static void console_drain(void)
{
	unsigned stalled = 0;

	while (!console_queue_empty() && stalled < CONSOLE_STALL_PASSES)
		stalled = console_queue_pass(console_putc, console_ctx) ? 0 : stalled + 1;
}

void console_set_output(console_putc_fn putc, void *ctx)
{
	unsigned long irq = arch_irq_save();
	bool taken = console_take();

	console_drain(); /* what the old device still owed goes out there first */
	console_putc = putc;
	console_ctx = ctx;
	console_give(taken);
	arch_irq_restore(irq);
}

/* Queue one line and start it on its way; false when source has no room. */
static bool console_put(unsigned source, const char *prefix, const char *text, size_t len)
{
	unsigned long irq = arch_irq_save();
	bool taken = console_take();
	bool queued = console_queue_put(source, prefix, text, len);

	/* Erg's own lines wait for room rather than be lost, unless the device stalls. */
	if (!queued && source == CONSOLE_ERG) {
		console_drain();
		queued = console_queue_put(source, prefix, text, len);
	}
	console_queue_pass(console_putc, console_ctx);
	console_give(taken);
	arch_irq_restore(irq);
	return queued;
}

void console_write_line(const char *prefix, const char *text, size_t len)
{
	console_put(CONSOLE_ERG, prefix, text, len);
}

bool console_write_guest_line(unsigned guest, const char *prefix, const char *text, size_t len)
{
	return guest < CONSOLE_ERG && console_put(guest, prefix, text, len);
}

bool console_guest_may_have_room(unsigned guest, size_t need)
{
	return guest < CONSOLE_ERG && console_queue_room_hint(guest, need);
}

void console_pump(void)
{
	unsigned long irq = arch_irq_save();
	bool taken = console_take();

	console_queue_pass(console_putc, console_ctx);
	console_give(taken);
	arch_irq_restore(irq);
}

void console_flush(void)
{
	unsigned long irq = arch_irq_save();
	bool taken = console_take();

	console_drain();
	console_give(taken);
	arch_irq_restore(irq);
}

void console_log(const char *fmt, ...)
{
	char line[CONSOLE_LINE_MAX];
	va_list ap;

	va_start(ap, fmt);
	int n = vsnprintf(line, sizeof(line), fmt, ap);
	va_end(ap);
	if (n < 0)
		n = 0;
	if ((size_t)n >= sizeof(line))
		n = sizeof(line) - 1;
	console_write_line("[erg] ", line, (size_t)n);
}
