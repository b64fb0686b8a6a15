/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Unit tests for SBI dispatch (core/sbi/sbi.c): an extension Erg lacks is
 * refused and changes nothing, every call of every extension answers an SBI
 * error code with the pc past the ecall, and the fast lane declines the calls
 * that may restart the caller. Each extension has its own file
 * (test_sbi_<extension>.c); every test makes ecalls from vCPU 0 of the guest
 * "sbit" of sbi_fixture.h.
 */
#include "sbi_fixture.h"

static void test_unknown_extensions_refused(void **state)
{
	static const struct refusal refusals[] = {
	    {0x11, 0, {0}, NOT_SUPP},
	    {0x4e41434c, 0, {0}, NOT_SUPP},
	    {~0UL, 0, {0}, NOT_SUPP},
	};

	(void)state;
	EXPECT_REFUSALS(refusals);
}

/* Any function of any extension, with all-zero or all-one arguments. */
static void test_errors_in_range(void **state)
{
	const unsigned long eids[] = {0x00,	0x01,	  0x02,	    0x03,	0x05,	    0x08,
				      0x0f,	EID_BASE, EID_TIME, EID_IPI,	EID_RFENCE, EID_HSM,
				      EID_SRST, EID_DBCN, 0x11,	    0x0a000000, ~0UL};

	(void)state;
	for (size_t i = 0; i < ARRAY_SIZE(eids); i++) {
		for (unsigned long k = 0; k < 20; k++) { /* fids 0-9, arguments 0 or ~0 */
			unsigned long a = k % 2 ? ~0UL : 0;

			setup(NULL);
			CALL(eids[i], k / 2, a, a, a, a, a, a);
		}
	}
}

/* HSM and SRST may restart the caller: the fast lane leaves them to the slow path, untouched. */
static void test_fast_lane_declines_restarting_calls(void **state)
{
	/* HSM stop, and SRST shutdown: either would stop the caller if it were served. */
	const unsigned long declined[][2] = {{EID_HSM, 1}, {EID_SRST, 0}};

	(void)state;
	for (size_t i = 0; i < ARRAY_SIZE(declined); i++) {
		ecall_load(V0, declined[i][0], declined[i][1], ARGS(0, UNTOUCHED));
		assert_false(sbi_exit(V0, VCPU_LANE_FAST));
		assert_int_equal(V0->arch.regs.sepc, PC);
		assert_int_equal(vcpu_arch_reg(&V0->arch, 10), 0);
		assert_int_equal(A1, UNTOUCHED);
		assert_int_equal(V0->state, VCPU_RUNNING);
		assert_int_equal(tvm.state, VM_RUNNING);
	}
	assert_string_equal(host_console_text, "");
}

/* Any other call it serves as the slow path does: result in a0/a1, pc past the ecall. */
static void test_fast_lane_serves_the_rest(void **state)
{
	(void)state;
	ecall_load(V0, EID_BASE, 1, ARGS(0, UNTOUCHED));
	assert_true(sbi_exit(V0, VCPU_LANE_FAST));
	assert_int_equal(V0->arch.regs.sepc, PC + 4);
	assert_int_equal(vcpu_arch_reg(&V0->arch, 10), 0);
	assert_int_equal(A1, SBI_IMPL_ID_ERG);
	ecall_load(V0, 0x11, 0, ARGS(0, UNTOUCHED)); /* an unknown extension too */
	assert_true(sbi_exit(V0, VCPU_LANE_FAST));
	assert_int_equal(V0->arch.regs.sepc, PC + 4);
	assert_int_equal((long)vcpu_arch_reg(&V0->arch, 10), SBI_ERR_NOT_SUPPORTED);
	assert_int_equal(A1, 0);
	ecall_load(V0, EID_DBCN, 2, ARGS('k'));
	assert_true(sbi_exit(V0, VCPU_LANE_FAST));
	ecall_load(V0, EID_DBCN, 2, ARGS('\n'));
	assert_true(sbi_exit(V0, VCPU_LANE_FAST));
	assert_string_equal(host_console_text, "[sbit] k\n");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup(test_unknown_extensions_refused, setup),
	    cmocka_unit_test_setup(test_errors_in_range, setup),
	    cmocka_unit_test_setup(test_fast_lane_declines_restarting_calls, setup),
	    cmocka_unit_test_setup(test_fast_lane_serves_the_rest, setup),
	};

	return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
