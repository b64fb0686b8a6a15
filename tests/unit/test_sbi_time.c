/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Unit tests for SBI TIME (core/sbi/sbi_time.c) with Erg's emulated timer
 * (core/vcpu/vcpu_timer.c, no Sstc): set_timer keeps the deadline, raises the
 * guest's timer interrupt at once when it is already due, lowers it
 * otherwise, and Erg's tick raises it once due. Calls from vCPU 0 of the
 * guest "sbit" of sbi_fixture.h; the legacy set_timer is in test_sbi_legacy.c.
 */
#include "sbi_fixture.h"

static void test_time_refusals(void **state)
{
	static const struct refusal refusals[] = {
	    {EID_TIME, 1, {5}, NOT_SUPP},
	};

	(void)state;
	EXPECT_REFUSALS(refusals);
}

static void test_timer_emulated(void **state)
{
	(void)state;
	host_time = 1000;
	expect(CALL(EID_TIME, 0, 5000, UNTOUCHED), 0, 0);
	assert_int_equal(V0->timer_deadline, 5000);
	assert_int_equal(V0->arch.csrs.hvip, 0);
	assert_int_equal(V0->arch.csrs.vstimecmp, UINT64_MAX);
	assert_int_equal(ERR(EID_TIME, 0, 1000), 0);
	assert_int_equal(V0->arch.csrs.hvip, 1); /* due now: pending at once */
	/* A later deadline lowers it again. */
	expect(CALL(EID_TIME, 0, 7000), 0, 0);
	assert_int_equal(V0->timer_deadline, 7000);
	assert_int_equal(V0->arch.csrs.hvip, 0);
	/* Raised on Erg's tick once due, it stays pending on later ticks until set_timer. */
	host_time = 7000;
	vcpu_timer_raise_due(V0);
	assert_int_equal(V0->arch.csrs.hvip, 1);
	host_time = 9000;
	vcpu_timer_raise_due(V0);
	assert_int_equal(V0->arch.csrs.hvip, 1);
	/* set_timer(-1) lowers it; set_timer(0), any past deadline, raises it at once. */
	expect(CALL(EID_TIME, 0, UINT64_MAX), 0, 0);
	assert_int_equal(V0->arch.csrs.hvip, 0);
	vcpu_timer_raise_due(V0);
	assert_int_equal(V0->arch.csrs.hvip, 0);
	expect(CALL(EID_TIME, 0, 0), 0, 0);
	assert_int_equal(V0->arch.csrs.hvip, 1);
	expect(CALL(EID_TIME, 0, UINT64_MAX), 0, 0);
	assert_int_equal(V0->arch.csrs.hvip, 0);
}

/* Not due yet: the tick leaves it down and the deadline kept. */
static void test_timer_not_due_waits(void **state)
{
	(void)state;
	host_time = 1000;
	expect(CALL(EID_TIME, 0, 5000), 0, 0);
	host_time = 4999;
	vcpu_timer_raise_due(V0);
	assert_int_equal(V0->arch.csrs.hvip, 0);
	assert_int_equal(V0->timer_deadline, 5000);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup(test_time_refusals, setup),
	    cmocka_unit_test_setup(test_timer_emulated, setup),
	    cmocka_unit_test_setup(test_timer_not_due_waits, setup),
	};

	return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
