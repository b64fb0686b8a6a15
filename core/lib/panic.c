/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Panic: one line that says which hart and why, then this hart stops.
 */
#include "lib/panic.h"

#include <stdarg.h>
#include <stdio.h>

#include "console/console.h"
#include "lib/hart.h"
#include "ports/arch_hooks.h"

void panic(const char *fmt, ...)
{
	char why[CONSOLE_LINE_MAX];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(why, sizeof(why), fmt, ap);
	va_end(ap);
	console_log("panic on hart %llu: %s", (unsigned long long)hart_self(), why);
	console_log("hart %llu halted", (unsigned long long)hart_self());
	console_flush(); /* no later pass may come on this hart */
	arch_hart_halt();
}
