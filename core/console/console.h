/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Erg's console: whole lines, each queued under one lock so that lines from
 * different harts never mix, and sent as the device takes them, so that no
 * writer waits for the wire. Output goes to SBI putchar until a UART driver
 * takes over.
 */
#ifndef CORE_CONSOLE_CONSOLE_H
#define CORE_CONSOLE_CONSOLE_H

#include <stdbool.h>
#include <stddef.h>

/* Longest line Erg writes in one piece; longer messages are cut. */
#define CONSOLE_LINE_MAX 160

/* Hand c to the device if it has room for it now; false: try again later. */
typedef bool (*console_putc_fn)(void *ctx, char c);

/* Route all console output to putc(ctx, c), once what is queued has gone out. */
void console_set_output(console_putc_fn putc, void *ctx);

/* Write "<prefix><text>\n" from Erg as one unit; never lost. */
void console_write_line(const char *prefix, const char *text, size_t len);

/* The same for guest index guest; false when the guest's share of the queue is full. */
bool console_write_guest_line(unsigned guest, const char *prefix, const char *text, size_t len);

/*
 * Without taking a lock: whether a line of need bytes (prefix and newline
 * included) from guest would likely find room now. A flood of writes that
 * find none then contends for nothing.
 */
bool console_guest_may_have_room(unsigned guest, size_t need);

/* Send what the device takes now of the queued lines (the console hart's tick). */
void console_pump(void);

/* Wait until every queued line has gone out (before a panic stops, before power-off). */
void console_flush(void);

/* printf-style line from Erg itself, prefixed "[erg] ". */
void console_log(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

#endif
