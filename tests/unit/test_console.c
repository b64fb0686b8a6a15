/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Unit tests for core/console/console.c. The console writes each message as
 * one "[erg] "-prefixed, newline-terminated line, cuts messages longer than
 * CONSOLE_LINE_MAX - 1 characters, goes to the early putchar hook until
 * console_set_output routes it elsewhere.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <string.h>

#include <cmocka.h>

#include "console/console.h"
#include "host_arch.h"
#include "ports/arch_hooks.h"

struct sink {
	char text[512];
	size_t len;
};

static bool sink_putc(void *ctx, char c)
{
	struct sink *s = ctx;

	if (s->len + 1 < sizeof(s->text)) {
		s->text[s->len++] = c;
		s->text[s->len] = '\0';
	}
	return true;
}

/* What the console does before any UART: the early putchar hook. */
static bool early_putc(void *ctx, char c)
{
	(void)ctx;
	arch_early_putchar(c);
	return true;
}

/* Put the console back where it starts, for the tests after a rerouting one. */
static int restore_early_output(void **state)
{
	(void)state;
	console_set_output(early_putc, NULL);
	host_console_reset();
	return 0;
}

/* Runs first, before anything has called console_set_output. */
static void test_log_prefix_and_newline(void **state)
{
	(void)state;
	host_console_reset();
	console_log("hello %d %s", 42, "world");
	assert_string_equal(host_console_text, "[erg] hello 42 world\n");
	console_log("second");
	assert_string_equal(host_console_text, "[erg] hello 42 world\n[erg] second\n");
}

static void test_log_cut_at_line_max(void **state)
{
	char msg[400], want[400];

	(void)state;
	for (size_t n = CONSOLE_LINE_MAX - 2; n <= CONSOLE_LINE_MAX + 1; n++) {
		size_t kept = n < CONSOLE_LINE_MAX - 1 ? n : CONSOLE_LINE_MAX - 1;

		memset(msg, 'x', n);
		msg[n] = '\0';
		memcpy(want, "[erg] ", 6);
		memset(want + 6, 'x', kept);
		memcpy(want + 6 + kept, "\n", 2);
		host_console_reset();
		console_log("%s", msg);
		assert_string_equal(host_console_text, want);
	}
	/* Far longer still: the same cut, and nothing after the newline. */
	memset(msg, 'y', 399);
	msg[399] = '\0';
	host_console_reset();
	console_log("%s", msg);
	assert_int_equal(host_console_len, 6 + CONSOLE_LINE_MAX - 1 + 1);
	assert_int_equal(host_console_text[host_console_len - 1], '\n');
}

static void test_write_line_uses_len(void **state)
{
	(void)state;
	host_console_reset();
	console_write_line("guest0| ", "abcdef", 3);
	console_write_line("", "", 0);
	assert_string_equal(host_console_text, "guest0| abc\n\n");
}

static void test_set_output_routes_all(void **state)
{
	struct sink a = {.len = 0}, b = {.len = 0};

	(void)state;
	host_console_reset();
	console_set_output(sink_putc, &a);
	console_log("to a");
	console_set_output(sink_putc, &b);
	console_write_line("> ", "to b", 4);
	assert_string_equal(a.text, "[erg] to a\n");
	assert_string_equal(b.text, "> to b\n");
	/* Nothing reached the early console once output was routed away. */
	assert_int_equal(host_console_len, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_log_prefix_and_newline),
	    cmocka_unit_test(test_log_cut_at_line_max),
	    cmocka_unit_test(test_write_line_uses_len),
	    cmocka_unit_test_teardown(test_set_output_routes_all, restore_early_output),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
