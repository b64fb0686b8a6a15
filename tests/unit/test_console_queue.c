/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Unit tests for core/console/console_queue.c: lines wait whole and in order
 * while the device has no room, and go out as it takes bytes, however few
 * at a time; a guest's lines beyond its quota are refused while other
 * guests' and Erg's are still taken; a pass hands over no more than
 * CONSOLE_PASS_BYTES.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <string.h>

#include <cmocka.h>

#include "console/console_queue.h"

/* A device that takes `room` bytes, then none until given more. */
struct wire {
	char text[4096];
	size_t len, room;
};

static bool wire_putc(void *ctx, char c)
{
	struct wire *w = ctx;

	if (!w->room || w->len + 1 >= sizeof(w->text))
		return false;
	w->room--;
	w->text[w->len++] = c;
	w->text[w->len] = '\0';
	return true;
}

static int reset(void **state)
{
	(void)state;
	console_queue_reset();
	return 0;
}

static void test_lines_wait_for_a_busy_device_and_keep_their_order(void **state)
{
	struct wire w = {.room = 0};

	(void)state;
	assert_true(console_queue_put(0, "[a] ", "one", 3));
	assert_true(console_queue_put(CONSOLE_ERG, "[erg] ", "two", 3));
	assert_int_equal(console_queue_pass(wire_putc, &w), 0);
	assert_false(console_queue_empty());
	/* A byte at a time: nothing mixes, nothing is lost. */
	while (!console_queue_empty()) {
		w.room = 1;
		console_queue_pass(wire_putc, &w);
	}
	assert_string_equal(w.text, "[a] one\n[erg] two\n");
}

static void test_a_flooding_guest_is_refused_alone(void **state)
{
	struct wire w = {.room = 0};
	char line[200];
	unsigned taken = 0;

	(void)state;
	memset(line, 'x', sizeof(line));
	while (console_queue_put(1, "[flood] ", line, sizeof(line)))
		taken++;
	assert_true(taken * (3 + 8 + sizeof(line) + 1) <= CONSOLE_GUEST_QUOTA);
	assert_true((taken + 1) * (3 + 8 + sizeof(line) + 1) > CONSOLE_GUEST_QUOTA);
	/* The others still get their lines in, the device busy all along. */
	assert_true(console_queue_put(2, "[rt] ", "report", 6));
	for (unsigned i = 0; i < 100; i++)
		assert_true(console_queue_put(CONSOLE_ERG, "[erg] ", "busy", 4));
	/* Once the device took the flood's first line, the flooder has room for one more. */
	w.room = 3 + 8 + sizeof(line) + 1;
	console_queue_pass(wire_putc, &w);
	assert_true(console_queue_put(1, "[flood] ", line, sizeof(line)));
	assert_false(console_queue_put(1, "[flood] ", line, sizeof(line)));
}

static void test_a_pass_is_bounded(void **state)
{
	struct wire w = {.room = sizeof(w.text)};
	char line[300];

	(void)state;
	memset(line, 'y', sizeof(line));
	for (int i = 0; i < 8; i++)
		assert_true(console_queue_put(CONSOLE_ERG, "", line, sizeof(line)));
	assert_int_equal(console_queue_pass(wire_putc, &w), CONSOLE_PASS_BYTES);
	assert_false(console_queue_empty());
}

static void test_sources_out_of_range_are_refused(void **state)
{
	(void)state;
	assert_false(console_queue_put(CONSOLE_SOURCES, "", "x", 1));
	assert_true(console_queue_empty());
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup(test_lines_wait_for_a_busy_device_and_keep_their_order, reset),
	    cmocka_unit_test_setup(test_a_flooding_guest_is_refused_alone, reset),
	    cmocka_unit_test_setup(test_a_pass_is_bounded, reset),
	    cmocka_unit_test_setup(test_sources_out_of_range_are_refused, reset),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
