/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Erg's console: whole lines, each written under one lock so that lines from
 * different harts never mix. Output goes to SBI putchar until a UART driver
 * takes over.
 */
#ifndef CORE_CONSOLE_CONSOLE_H
#define CORE_CONSOLE_CONSOLE_H

#include <stddef.h>

/* Longest line Erg writes in one piece; longer messages are cut. */
#define CONSOLE_LINE_MAX 160

typedef void (*console_putc_fn)(void *ctx, char c);

/* Route all console output to putc(ctx, c). */
void console_set_output(console_putc_fn putc, void *ctx);

/* Write "<prefix><text>\n" as one unit. */
void console_write_line(const char *prefix, const char *text, size_t len);

/* printf-style line from Erg itself, prefixed "[erg] ". */
void console_log(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

#endif
