/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Line-atomic console. A message is formatted into a buffer on the caller's
 * stack first, so the lock is held only while characters go out, and with
 * local interrupts off so a timer handler that logs cannot deadlock its hart.
 * The lock word holds its owner's hart id plus one: a hart that traps while
 * it writes (its panic dump) writes on without waiting for itself, and a
 * stuck console shows in memory whose it is.
 */
#include "console/console.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "lib/hart.h"
#include "ports/arch_hooks.h"

static uint64_t console_lock; /* 0: free; else the owner's hart id + 1 */

static void console_early_putc(void *ctx, char c)
{
	(void)ctx;
	arch_early_putchar(c);
}

static console_putc_fn console_putc = console_early_putc;
static void *console_ctx;

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

void console_set_output(console_putc_fn putc, void *ctx)
{
	unsigned long irq = arch_irq_save();
	bool taken = console_take();

	console_putc = putc;
	console_ctx = ctx;
	console_give(taken);
	arch_irq_restore(irq);
}

static void console_emit(const char *s, size_t len)
{
	for (size_t i = 0; i < len; i++)
		console_putc(console_ctx, s[i]);
}

void console_write_line(const char *prefix, const char *text, size_t len)
{
	unsigned long irq = arch_irq_save();
	bool taken = console_take();

	console_emit(prefix, strlen(prefix));
	console_emit(text, len);
	console_putc(console_ctx, '\n');
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
