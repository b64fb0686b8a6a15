/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Unit tests for stopping, rebooting and crashing a guest (core/vm/vm_stop.c):
 * vm_stop says why once, with the guest's exit counts and accounting, and
 * stops and kicks every vCPU; vm_crash acts on the on-crash policy (halt, or
 * restart with the guest reloaded and the count logged, halt once the budget
 * is spent), does nothing while a stop or restart is under way, and keeps
 * the outcome whole on a long line; SBI SRST's system-failure shutdown is a
 * crash; a guest's quick reboots in a row are bounded. The guest "crt"
 * (2 vCPUs, 1 MiB at 0x80000000) is the hand-built guest of sbi_fixture.h;
 * its "keeper" runs on, so that no stop powers the machine off (abort() on
 * the host).
 */
#include <stdio.h>

#define FIXTURE_GUEST "crt"
#define NVCPUS	      2
#include "console/console.h"
#include "sbi_fixture.h"

/* A fresh running "crt" with both vCPUs running, under the default policy (halt). */
static int setup_running(void **state)
{
	setup(state);
	tcfg.on_crash = CONFIG_CRASH_HALT;
	tcfg.max_restarts = 0;
	for (unsigned i = 0; i < NVCPUS; i++)
		tvm.vcpus[i].state = VCPU_RUNNING;
	return 0;
}

static void restart_policy(uint32_t max)
{
	tcfg.on_crash = CONFIG_CRASH_RESTART;
	tcfg.max_restarts = max;
}

/* Reloaded after the line, with the restart or reboot that did it the only thing said. */
static void expect_restarted(const char *line)
{
	assert_string_equal(host_console_text, line);
	expect_reloaded();
}

static void test_stop_says_why_once(void **state)
{
	(void)state;
	tvm.vcpus[0].exits[VCPU_EXIT_SBI_CALL] = 3;
	tvm.vcpus[1].exits[VCPU_EXIT_SBI_CALL] = 4;
	tvm.vcpus[1].exits[VCPU_EXIT_WFI] = 2;
	vm_stop(&tvm, "halted by a test");
	expect_stopped("[erg] guest crt stopped: halted by a test\n");
	assert_non_null(strstr(host_console_text, "\n[erg] guest crt exits: sbi 7 fault 0 vinsn 0 "
						  "wfi 2 timer 0 ipi 0 external 0 other 0\n"
						  "[erg] guest crt vCPU 0: ran 0 ms in 0 slices"));
	host_console_reset();
	host_kicked_harts = 0;
	vm_stop(&tvm, "again");
	assert_string_equal(host_console_text, "");
	assert_int_equal(host_kicked_harts, 0);
}

/* The exit counts cut at the buffer's end, never past it. */
static void test_exit_summary_fits_its_buffer(void **state)
{
	char full[CONSOLE_LINE_MAX], cut[12];

	(void)state;
	tvm.vcpus[1].exits[VCPU_EXIT_GUEST_FAULT] = 12345;
	vm_exit_summary(&tvm, full, sizeof(full));
	assert_string_equal(full,
			    " sbi 0 fault 12345 vinsn 0 wfi 0 timer 0 ipi 0 external 0 other 0");
	memset(cut, 'x', sizeof(cut));
	vm_exit_summary(&tvm, cut, sizeof(cut));
	assert_int_equal(strlen(cut), sizeof(cut) - 1);
	assert_memory_equal(cut, full, sizeof(cut) - 1);
}

/* Times in timebase ticks (10 MHz here) shown in ms and us; a slice in progress counts. */
static void test_accounting_line(void **state)
{
	struct sched_entity *e = &tvm.vcpus[0].sched;

	(void)state;
	e->run_time = 25000000; /* 2.5 s */
	e->slices = 7;
	e->wakeups = 4;
	e->wake_latency_max = 900; /* 90 us */
	e->wake_latency_sum = 2000;
	tvm.vcpus[1].on_hart = true;
	tvm.vcpus[1].slice_start = 1000;
	host_time = 1000 + 40000; /* 4 ms into its slice */
	vm_log_accounting(&tvm);
	assert_string_equal(host_console_text,
			    "[erg] guest crt vCPU 0: ran 2500 ms in 7 slices, 4 wake-ups, latency "
			    "max 90 us, average 50 us\n"
			    "[erg] guest crt vCPU 1: ran 4 ms in 1 slices, 0 wake-ups, latency max "
			    "0 us, average 0 us\n");
	assert_int_equal(tvm.vcpus[1].sched.slices, 0); /* counted in the line only */
}

static void test_halt_policy_stops_as_before(void **state)
{
	char said[sizeof(host_console_text)];

	(void)state;
	vm_crash(&tvm, "boom");
	expect_stopped("[erg] guest crt stopped: boom\n");
	/* A second crash of the stopped guest says nothing. */
	strcpy(said, host_console_text);
	vm_crash(&tvm, "again");
	assert_string_equal(host_console_text, said);
}

static void test_restarts_until_the_budget_is_spent(void **state)
{
	char line[96];

	(void)state;
	restart_policy(2);
	for (unsigned k = 1; k <= 2; k++) {
		ram[0x10] = 0x77;
		tvm.vcpus[1].state = VCPU_RUNNING;
		host_console_reset();
		host_kicked_harts = 0;
		vm_crash(&tvm, "boom");
		snprintf(line, sizeof(line),
			 "[erg] guest crt crashed: boom; restarting (restart %u of 2)\n", k);
		expect_restarted(line);
		assert_int_equal(tvm.restarts, k);
	}
	tvm.vcpus[0].state = tvm.vcpus[1].state = VCPU_RUNNING;
	host_console_reset();
	host_kicked_harts = 0;
	vm_crash(&tvm, "boom");
	expect_stopped("[erg] guest crt crashed: boom; halted (2 restarts used)\n"
		       "[erg] guest crt: restart budget spent (2 of 2 restarts used)\n");
	assert_int_equal(tvm.restarts, 2);
}

/* A reboot of a stopped guest (the monitor's restart) brings it back. */
static void test_reboot_of_a_stopped_guest(void **state)
{
	(void)state;
	vm_stop(&tvm, "down");
	ram[0x10] = 0x77;
	host_console_reset();
	host_kicked_harts = 0;
	vm_reboot(&tvm);
	expect_restarted("[erg] guest crt: rebooting\n");
}

/* Quick reboots in a row are a loop: the ninth stops the guest; one after a while is fine. */
static void test_reboot_loop_is_bounded(void **state)
{
	uint64_t second = plat.timebase_hz;

	(void)state;
	host_time = 1000 * second;
	tvm.booted_at = host_time;
	for (unsigned k = 1; k <= ERG_REBOOT_LOOP_MAX; k++) {
		host_time += second / 10;
		vm_reboot_by_guest(&tvm);
		assert_int_equal(tvm.state, VM_RUNNING);
	}
	/* A reboot long after the last boot starts the count again. */
	host_time += (ERG_REBOOT_QUICK_MS / 1000 + 1) * second;
	vm_reboot_by_guest(&tvm);
	assert_int_equal(tvm.quick_reboots, 1);
	for (unsigned k = 2; k <= ERG_REBOOT_LOOP_MAX; k++)
		vm_reboot_by_guest(&tvm);
	host_console_reset();
	host_kicked_harts = 0;
	tvm.vcpus[0].state = tvm.vcpus[1].state = VCPU_RUNNING;
	vm_reboot_by_guest(&tvm);
	expect_stopped("[erg] guest crt stopped: reboot loop (asked for reboot 9 in a row, each "
		       "within 5000 ms of its boot)\n");
}

/* A crash during a stop or a restart belongs to the life that is ending. */
static void test_crash_ignored_unless_running(void **state)
{
	(void)state;
	restart_policy(3);
	tvm.state = VM_RESTARTING;
	vm_crash(&tvm, "boom");
	vm_reboot(&tvm); /* a reboot under way is not started twice either */
	assert_int_equal(tvm.state, VM_RESTARTING);
	assert_int_equal(tvm.restarts, 0);
	assert_int_equal(tvm.vcpus[1].state, VCPU_RUNNING);
	tvm.state = VM_STOPPED;
	vm_crash(&tvm, "boom");
	tcfg.on_crash = CONFIG_CRASH_HALT;
	vm_crash(&tvm, "boom");
	assert_int_equal(tvm.state, VM_STOPPED);
	assert_int_equal(tvm.restarts, 0);
	assert_string_equal(host_console_text, "");
	assert_int_equal(host_kicked_harts, 0);
	/* A restarting guest keeps the machine on. */
	tvm.state = VM_RESTARTING;
	assert_false(guests_all_stopped());
}

/* A long reason is cut, never the outcome at the end of the line. */
static void test_outcome_survives_a_long_reason(void **state)
{
	char why[400];
	const char *end = "; restarting (restart 1 of 1000)\n";
	size_t len;

	(void)state;
	restart_policy(1000);
	memset(why, 'x', sizeof(why) - 1);
	why[sizeof(why) - 1] = '\0';
	vm_crash(&tvm, why);
	len = strlen(host_console_text);
	assert_true(len <= strlen("[erg] ") + CONSOLE_LINE_MAX);
	assert_true(len > strlen(end));
	assert_string_equal(host_console_text + len - strlen(end), end);
	assert_memory_equal(host_console_text, "[erg] guest crt crashed: xxx", 28);
}

/* SRST shutdown from vCPU 1: a system failure is a crash, a plain shutdown is not. */
static void srst_shutdown(unsigned long reason)
{
	expect(ecall(&tvm.vcpus[1], EID_SRST, 0, ARGS(0, reason), PC + 4), 0, 0);
}

static void test_srst_system_failure_is_a_crash(void **state)
{
	(void)state;
	restart_policy(1);
	srst_shutdown(1);
	expect_restarted("[erg] guest crt crashed: shut down (system failure); restarting (restart "
			 "1 of 1)\n");
	setup_running(NULL);
	restart_policy(1);
	srst_shutdown(0);
	expect_stopped("[erg] guest crt stopped: shut down\n");
	assert_int_equal(tvm.restarts, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup(test_stop_says_why_once, setup_running),
	    cmocka_unit_test_setup(test_exit_summary_fits_its_buffer, setup_running),
	    cmocka_unit_test_setup(test_accounting_line, setup_running),
	    cmocka_unit_test_setup(test_halt_policy_stops_as_before, setup_running),
	    cmocka_unit_test_setup(test_restarts_until_the_budget_is_spent, setup_running),
	    cmocka_unit_test_setup(test_reboot_of_a_stopped_guest, setup_running),
	    cmocka_unit_test_setup(test_crash_ignored_unless_running, setup_running),
	    cmocka_unit_test_setup(test_outcome_survives_a_long_reason, setup_running),
	    cmocka_unit_test_setup(test_srst_system_failure_is_a_crash, setup_running),
	    cmocka_unit_test_setup(test_reboot_loop_is_bounded, setup_running),
	};

	return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
