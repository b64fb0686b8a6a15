/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Unit tests for SBI SRST (core/sbi/sbi_srst.c): a shutdown stops the calling
 * guest only, a cold or warm reboot reloads it and starts it afresh, reset
 * types and reasons are 32-bit, and reserved or vendor values are refused.
 * Calls from the guest "sbit" of sbi_fixture.h; a system-failure shutdown
 * under the crash policies is in test_vm_stop.c.
 */
#include "sbi_fixture.h"

static void test_srst_refusals(void **state)
{
	static const struct refusal refusals[] = {
	    {EID_SRST, 1, {0}, NOT_SUPP},
	    /* Reserved or vendor reset types and reasons. */
	    {EID_SRST, 0, {3, 0}, BAD_PARAM},
	    {EID_SRST, 0, {0xf0000000, 0}, BAD_PARAM},
	    {EID_SRST, 0, {0, 2}, BAD_PARAM},
	    {EID_SRST, 0, {1, 0xe0000000}, BAD_PARAM},
	    /* 32-bit type and reason: the upper halves do not make reserved values valid. */
	    {EID_SRST, 0, {(1UL << 32) | 3, 0}, BAD_PARAM},
	    {EID_SRST, 0, {0, ~0UL << 32 | 2}, BAD_PARAM},
	};

	(void)state;
	EXPECT_REFUSALS(refusals);
}

static void test_srst_shutdown(void **state)
{
	char said[sizeof(host_console_text)];

	(void)state;
	/* The upper halves of a0 and a1 are no part of type and reason. */
	assert_int_equal(ERR(EID_SRST, 0, 0xabc00000000UL, ~0UL << 32 | 1), 0);
	expect_stopped("[erg] guest sbit stopped: shut down (system failure)\n");
	/* Stopping a stopped guest says nothing more. */
	strcpy(said, host_console_text);
	assert_int_equal(ERR(EID_SRST, 0, 0, 0), 0);
	assert_string_equal(host_console_text, said);
}

static void test_srst_reboot(void **state)
{
	(void)state;
	for (unsigned long type = 1; type <= 2; type++) {
		setup(NULL);
		ram[0x10] = 0x77;
		tvm.vcpus[1].state = VCPU_RUNNING;
		assert_int_equal(ecall(&tvm.vcpus[1], EID_SRST, 0, ARGS(type, 0), PC + 4).error, 0);
		assert_string_equal(host_console_text, "[erg] guest sbit: rebooting\n");
		expect_reloaded();
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup(test_srst_refusals, setup),
	    cmocka_unit_test_setup(test_srst_shutdown, setup),
	    cmocka_unit_test_setup(test_srst_reboot, setup),
	};

	return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
