/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * A byte ring of records: a 3-byte header (source, length) then the line.
 * Indices run freely and wrap by masking; what each source has waiting is
 * counted so its quota can be checked before a line is taken.
 */
#include "console/console_queue.h"

#include <string.h>

#define CONSOLE_HEADER 3
#define CONSOLE_MASK   (CONSOLE_QUEUE_SIZE - 1)

static char console_ring[CONSOLE_QUEUE_SIZE];
static uint32_t console_head, console_tail; /* next byte out, next byte in */
static uint32_t console_waiting[CONSOLE_SOURCES];
static uint32_t console_line_left; /* bytes of the line going out now */
static unsigned console_line_source;

static void console_ring_put(const char *s, size_t len)
{
	for (size_t i = 0; i < len; i++)
		console_ring[console_tail++ & CONSOLE_MASK] = s[i];
}

static char console_ring_at(uint32_t index)
{
	return console_ring[index & CONSOLE_MASK];
}

bool console_queue_put(unsigned source, const char *prefix, const char *text, size_t len)
{
	size_t plen = strlen(prefix);
	uint32_t need = (uint32_t)(CONSOLE_HEADER + plen + len + 1);
	uint32_t body = need - CONSOLE_HEADER;
	char header[CONSOLE_HEADER] = {(char)source, (char)(body & 0xff), (char)(body >> 8)};

	if (source >= CONSOLE_SOURCES || body > 0xffff)
		return false;
	if (source != CONSOLE_ERG && console_waiting[source] + need > CONSOLE_GUEST_QUOTA)
		return false;
	if (CONSOLE_QUEUE_SIZE - (console_tail - console_head) < need)
		return false;
	console_ring_put(header, CONSOLE_HEADER);
	console_ring_put(prefix, plen);
	console_ring_put(text, len);
	console_ring_put("\n", 1);
	console_waiting[source] += need;
	return true;
}

/* Start the next line: read its header. */
static void console_queue_next_line(void)
{
	console_line_source = (unsigned char)console_ring_at(console_head);
	console_line_left = (unsigned char)console_ring_at(console_head + 1) |
			    (uint32_t)(unsigned char)console_ring_at(console_head + 2) << 8;
	console_head += CONSOLE_HEADER;
	console_waiting[console_line_source] -= CONSOLE_HEADER;
}

size_t console_queue_pass(console_putc_fn putc, void *ctx)
{
	size_t sent = 0;

	while (sent < CONSOLE_PASS_BYTES) {
		if (!console_line_left) {
			if (console_head == console_tail)
				break;
			console_queue_next_line();
		}
		if (!putc(ctx, console_ring_at(console_head)))
			break;
		console_head++;
		console_line_left--;
		console_waiting[console_line_source]--;
		sent++;
	}
	return sent;
}

bool console_queue_room_hint(unsigned source, size_t need)
{
	return source < CONSOLE_SOURCES &&
	       __atomic_load_n(&console_waiting[source], __ATOMIC_RELAXED) + CONSOLE_HEADER +
		       need <=
		   CONSOLE_GUEST_QUOTA;
}

bool console_queue_empty(void)
{
	return console_head == console_tail && !console_line_left;
}

void console_queue_reset(void)
{
	console_head = console_tail = 0;
	console_line_left = 0;
	memset(console_waiting, 0, sizeof(console_waiting));
}
