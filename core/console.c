/*
 * Line-atomic console. A message is formatted into a buffer on the caller's
 * stack first, so the lock is held only while characters go out, and with
 * local interrupts off so a timer handler that logs cannot deadlock its hart.
 */
#include "console.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "arch_hooks.h"
#include "spinlock.h"

static spinlock_t console_lock = SPINLOCK_INIT;

static void console_early_putc(void *ctx, char c)
{
	(void)ctx;
	arch_early_putchar(c);
}

static console_putc_fn console_putc = console_early_putc;
static void *console_ctx;

void console_set_output(console_putc_fn putc, void *ctx)
{
	unsigned long irq = arch_irq_save();

	spin_lock(&console_lock);
	console_putc = putc;
	console_ctx = ctx;
	spin_unlock(&console_lock);
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

	spin_lock(&console_lock);
	console_emit(prefix, strlen(prefix));
	console_emit(text, len);
	console_putc(console_ctx, '\n');
	spin_unlock(&console_lock);
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
