/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Unit tests for Erg's console monitor (core/console/monitor.c), typed a byte
 * at a time as the console does: help on opening and for anything it does
 * not know, list (state, vCPUs, exit counts, crash policy and accounting of
 * each guest), halt and restart (which gives back the crash-restart budget),
 * focus, which closes the monitor and sends what is typed next to that guest
 * (core/console/console_input.c), guests by name or number, lines cut at the
 * monitor's limit, and exit. The guests are "alpha" and "beta" of
 * config-monitor.dtb, built as at boot (guests_fixture.h).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "console/console_input.h"
#include "console/monitor.h"
#include "guests_fixture.h"
#include "vm/vm_console.h"

#define HELP                                                                                       \
	"[erg] monitor: list | focus GUEST | halt GUEST | restart GUEST | exit (GUEST: name or "   \
	"number; Ctrl-] leaves too)\n"

static struct vm *alpha, *beta;

static int group_setup(void **state)
{
	(void)state;
	if (guests_fixture_boot("config-monitor.dtb", false) != 2)
		return -1;
	alpha = guests_find("alpha");
	beta = guests_find("beta");
	return alpha && beta ? 0 : -1;
}

/* Both guests running, the monitor open with nothing typed, the console empty. */
static int setup(void **state)
{
	(void)state;
	if (alpha->state != VM_RUNNING)
		vm_reboot(alpha);
	if (beta->state != VM_RUNNING)
		vm_reboot(beta);
	monitor_open();
	host_console_reset();
	return 0;
}

/* Type s; what monitor_byte said to its last byte (false: the monitor closed). */
static bool type(const char *s)
{
	bool open = true;

	while (*s)
		open = monitor_byte(*s++);
	return open;
}

/* Type s on the console, where Ctrl-] opens the monitor and the rest goes to the focus. */
static void type_on_console(const char *s)
{
	while (*s)
		console_input_byte(*s++);
}

static void expect_said(const char *line)
{
	assert_non_null(strstr(host_console_text, line));
}

static void test_open_shows_help(void **state)
{
	(void)state;
	monitor_open();
	assert_string_equal(host_console_text, HELP);
}

static void test_list(void **state)
{
	(void)state;
	alpha->vcpus[1].exits[VCPU_EXIT_WFI] = 3;
	assert_true(type("list\r"));
	assert_memory_equal(host_console_text, "[erg] erg> list\n", 16);
	expect_said(
	    "\n[erg] 0 alpha           running, 2 vCPUs, exits: sbi 0 fault 0 vinsn 0 wfi 3 "
	    "timer 0 ipi 0 external 0 other 0\n"
	    "[erg] guest alpha: on-crash restart, 0 of 5 restarts used\n"
	    "[erg] guest alpha vCPU 0: ran 0 ms in 0 slices, 0 wake-ups, latency max 0 us, "
	    "average 0 us\n"
	    "[erg] guest alpha vCPU 1: ran");
	expect_said("\n[erg] 1 beta            running, 1 vCPU, exits: sbi 0 ");
	expect_said("\n[erg] guest beta: on-crash halt\n[erg] guest beta vCPU 0: ran");
	alpha->vcpus[1].exits[VCPU_EXIT_WFI] = 0;
}

static void test_list_policy_and_restart_resets_budget(void **state)
{
	(void)state;
	alpha->restarts = 4;
	alpha->quick_reboots = 6;
	type("list\r");
	expect_said("\n[erg] guest alpha: on-crash restart, 4 of 5 restarts used\n");
	host_console_reset();
	assert_true(type("restart alpha\r"));
	assert_string_equal(host_console_text, "[erg] erg> restart alpha\n"
					       "[erg] guest alpha: rebooting\n");
	assert_int_equal(alpha->restarts, 0);
	assert_int_equal(alpha->quick_reboots, 0);
	assert_int_equal(alpha->state, VM_RUNNING);
	assert_int_equal(alpha->vcpus[0].state, VCPU_START_PENDING);
}

/* Halt by number: the guest stops, the monitor stays open, list says so; restart revives it. */
static void test_halt_and_restart(void **state)
{
	(void)state;
	assert_true(type("halt 1\n"));
	assert_int_equal(beta->state, VM_STOPPED);
	assert_int_equal(alpha->state, VM_RUNNING);
	expect_said("[erg] erg> halt 1\n[erg] guest beta stopped: halted from the monitor\n");
	host_console_reset();
	type("list\r");
	expect_said("\n[erg] 1 beta            stopped, 1 vCPU, exits:");
	assert_true(type("restart beta\r"));
	assert_int_equal(beta->state, VM_RUNNING);
	assert_int_equal(beta->vcpus[0].state, VCPU_START_PENDING);
}

static void test_bad_input(void **state)
{
	static const struct {
		const char *typed, *said;
	} cases[] = {
	    {"frobnicate\r", "[erg] erg> frobnicate\n" HELP},
	    {"halt\r", "[erg] erg> halt\n[erg] monitor: no guest \"\"\n"},
	    {"halt nosuch\r", "[erg] erg> halt nosuch\n[erg] monitor: no guest \"nosuch\"\n"},
	    {"restart 2\r", "[erg] erg> restart 2\n[erg] monitor: no guest \"2\"\n"},
	    {"focus 1x\r", "[erg] erg> focus 1x\n[erg] monitor: no guest \"1x\"\n"},
	    {"halt Alpha\r", "[erg] erg> halt Alpha\n[erg] monitor: no guest \"Alpha\"\n"},
	    {"\r\n\r", ""}, /* empty lines: nothing at all */
	};

	(void)state;
	for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
		host_console_reset();
		assert_true(type(cases[i].typed));
		assert_string_equal(host_console_text, cases[i].said);
	}
	assert_int_equal(alpha->state, VM_RUNNING);
	assert_int_equal(beta->state, VM_RUNNING);
}

/* A line longer than the monitor keeps is cut: what is past the limit is dropped. */
static void test_long_line_cut(void **state)
{
	char line[101], said[256];

	(void)state;
	memset(line, 'l', 100);
	line[100] = '\0';
	type(line);
	type("\r");
	snprintf(said, sizeof(said), "[erg] erg> %.63s\n" HELP, line);
	assert_string_equal(host_console_text, said);
	/* The next line starts afresh. */
	host_console_reset();
	type("list\r");
	assert_memory_equal(host_console_text, "[erg] erg> list\n", 16);
}

static void test_exit_closes(void **state)
{
	(void)state;
	assert_true(type("exi"));
	assert_false(type("t\r"));
	assert_string_equal(host_console_text, "[erg] erg> exit\n");
}

/* Through the console: Ctrl-] opens the monitor, focus closes it and moves the input. */
static void test_focus_moves_the_input(void **state)
{
	(void)state;
	console_input_byte(CONSOLE_ESCAPE);
	assert_string_equal(host_console_text, HELP);
	host_console_reset();
	type_on_console("focus 1\r");
	assert_string_equal(
	    host_console_text,
	    "[erg] erg> focus 1\n[erg] input goes to guest beta (Ctrl-] for the monitor)\n");
	console_input_byte('x');
	assert_int_equal(vm_console_getc(beta), 'x');
	assert_int_equal(vm_console_getc(alpha), -1);
	/* Back by name; leaving the monitor with Ctrl-] keeps the focus, and says so once. */
	console_input_byte(CONSOLE_ESCAPE);
	type_on_console("focus alpha\r");
	console_input_byte(CONSOLE_ESCAPE);
	host_console_reset();
	console_input_byte(CONSOLE_ESCAPE);
	assert_string_equal(host_console_text,
			    "[erg] input goes to guest alpha (Ctrl-] for the monitor)\n");
	console_input_byte('y');
	assert_int_equal(vm_console_getc(alpha), 'y');
	assert_int_equal(vm_console_getc(beta), -1);
	/* So does exit. */
	console_input_byte(CONSOLE_ESCAPE);
	host_console_reset();
	type_on_console("exit\r");
	assert_string_equal(
	    host_console_text,
	    "[erg] erg> exit\n[erg] input goes to guest alpha (Ctrl-] for the monitor)\n");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup(test_open_shows_help, setup),
	    cmocka_unit_test_setup(test_list, setup),
	    cmocka_unit_test_setup(test_list_policy_and_restart_resets_budget, setup),
	    cmocka_unit_test_setup(test_halt_and_restart, setup),
	    cmocka_unit_test_setup(test_bad_input, setup),
	    cmocka_unit_test_setup(test_long_line_cut, setup),
	    cmocka_unit_test_setup(test_exit_closes, setup),
	    cmocka_unit_test_setup(test_focus_moves_the_input, setup),
	};

	return cmocka_run_group_tests(tests, group_setup, guests_fixture_teardown);
}
