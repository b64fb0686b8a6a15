/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Unit tests for the legacy SBI v0.1 calls (core/sbi/sbi_legacy.c):
 * set_timer, console putchar and getchar, and shutdown, each answering in a0
 * only (a1 is left as it was), and the legacy ids Erg lacks. Calls from
 * vCPU 0 of the guest "sbit" of sbi_fixture.h.
 */
#include "sbi_fixture.h"
#include "vm/vm_console.h"

/* Unused legacy ids answer in a0 only. */
static void test_legacy_unused_ids(void **state)
{
	(void)state;
	assert_int_equal(ERR(0x09, 0, 0, UNTOUCHED), SBI_ERR_NOT_SUPPORTED);
	assert_int_equal(A1, UNTOUCHED);
}

/* The same as TIME's set_timer, with a0 only. */
static void test_legacy_set_timer(void **state)
{
	(void)state;
	host_time = 1000;
	assert_int_equal(ERR(0x00, 0, 1000, UNTOUCHED), 0);
	assert_int_equal(V0->arch.csrs.hvip, 1); /* due now: pending at once */
	assert_int_equal(ERR(0x00, 0, 7000, UNTOUCHED), 0);
	assert_int_equal(A1, UNTOUCHED);
	assert_int_equal(V0->timer_deadline, 7000);
	assert_int_equal(V0->arch.csrs.hvip, 0);
}

static void test_legacy_console(void **state)
{
	(void)state;
	assert_int_equal(ERR(0x01, 0, 'O', UNTOUCHED), 0);
	assert_int_equal(A1, UNTOUCHED);
	assert_int_equal(ERR(0x01, 0, 'K', UNTOUCHED), 0);
	assert_int_equal(ERR(0x01, 0, '\n', UNTOUCHED), 0);
	assert_string_equal(host_console_text, "[sbit] OK\n");
	assert_int_equal(ERR(0x02, 0, 0, UNTOUCHED), -1);
	assert_int_equal(A1, UNTOUCHED);
}

/* getchar: the guest's waiting console input, a byte a call, in a0 (not an SBI error code). */
static long getchar_call(void)
{
	ecall_load(V0, 0x02, 0, ARGS(0, UNTOUCHED));
	sbi_exit(V0, VCPU_LANE_SLOW);
	assert_int_equal(V0->arch.regs.sepc, PC + 4);
	assert_int_equal(A1, UNTOUCHED);
	return (long)vcpu_arch_reg(&V0->arch, 10);
}

static void test_legacy_getchar_reads_input(void **state)
{
	(void)state;
	vm_console_input(&tvm, 'h');
	vm_console_input(&tvm, '\xff');
	assert_int_equal(getchar_call(), 'h');
	assert_int_equal(getchar_call(), 0xff);
	assert_int_equal(getchar_call(), -1);
}

static void test_legacy_shutdown(void **state)
{
	(void)state;
	tvm.vcpus[2].state = VCPU_RUNNING;
	assert_int_equal(ERR(0x08, 0, 0, UNTOUCHED), 0);
	assert_int_equal(A1, UNTOUCHED);
	expect_stopped("[erg] guest sbit stopped: shut down (legacy SBI)\n");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup(test_legacy_unused_ids, setup),
	    cmocka_unit_test_setup(test_legacy_set_timer, setup),
	    cmocka_unit_test_setup(test_legacy_console, setup),
	    cmocka_unit_test_setup(test_legacy_getchar_reads_input, setup),
	    cmocka_unit_test_setup(test_legacy_shutdown, setup),
	};

	return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
