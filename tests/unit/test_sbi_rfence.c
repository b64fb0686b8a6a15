/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Unit tests for SBI RFENCE (core/sbi/sbi_rfence.c): remote fence.i and
 * sfence.vma (with or without ASID) become requests of their targets, done at
 * once for the caller itself; ranges that wrap are refused (a size of ~0
 * means everything); the hypervisor fences are not offered; and an asker
 * whose hart is wanted elsewhere gives up its wait and runs its ecall again.
 * Calls from vCPU 0 of the guest "sbit" of sbi_fixture.h.
 */
#include "sbi_fixture.h"

static void test_rfence_refusals(void **state)
{
	static const struct refusal refusals[] = {
	    {EID_RFENCE, 3, {1}, NOT_SUPP},
	    {EID_RFENCE, 6, {1}, NOT_SUPP},
	    /* Wrapping ranges. */
	    {EID_RFENCE, 1, {1, 0, ~0UL - 4095, 0x2000}, BAD_ADDR},
	    {EID_RFENCE, 2, {1, 0, 0x1000, ~0UL - 1, 3}, BAD_ADDR},
	};

	(void)state;
	EXPECT_REFUSALS(refusals);
}

static void test_rfence(void **state)
{
	(void)state;
	/* Targets stopped: the request is left for their next start, no wait. */
	assert_int_equal(ERR(EID_RFENCE, 0, 6, 0), 0);
	assert_int_equal(tvm.vcpus[1].requests, VCPU_REQ_FENCE_I);
	assert_int_equal(tvm.vcpus[2].requests, VCPU_REQ_FENCE_I);
	assert_int_equal(tvm.vcpus[3].requests, 0);
	assert_int_equal(ERR(EID_RFENCE, 1, 1, 3, 0x1000, 0x2000), 0);
	assert_int_equal(tvm.vcpus[3].requests, VCPU_REQ_FLUSH_VVMA);
	assert_int_equal(ERR(EID_RFENCE, 2, 0, ~0UL, 0, ~0UL, 7), 0);
	assert_int_equal(tvm.vcpus[1].requests, VCPU_REQ_FENCE_I | VCPU_REQ_FLUSH_VVMA);
	assert_int_equal(V0->requests, 0); /* its own: done at once */
	/* A size of ~0 means everything: it may "wrap". */
	assert_int_equal(ERR(EID_RFENCE, 1, 1, 0, 0x1000, ~0UL), 0);
}

/*
 * A target on its hart owes the fence, and the asker's hart is wanted by its
 * scheduler (which has not picked the asker here: to it, any vCPU should
 * yield): the asker gives up its wait, its ecall stays to run again (pc on
 * it, a0 as it was), and the fence stays asked.
 */
static void test_rfence_wait_yields_to_the_hart(void **state)
{
	struct vcpu *target = &tvm.vcpus[1];

	(void)state;
	target->state = VCPU_RUNNING;
	target->on_hart = true;
	(void)ecall(V0, EID_RFENCE, 0, ARGS(~0UL, ~0UL), PC); /* every vCPU */
	assert_int_equal(vcpu_arch_reg(&V0->arch, 10), ~0UL); /* a0 untouched */
	assert_int_equal(target->requests, VCPU_REQ_FENCE_I);
	/* Run again once the target has left its hart (it fences before it runs): done. */
	target->on_hart = false;
	assert_int_equal(ERR(EID_RFENCE, 0, 2, 0), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup(test_rfence_refusals, setup),
	    cmocka_unit_test_setup(test_rfence, setup),
	    cmocka_unit_test_setup(test_rfence_wait_yields_to_the_hart, setup),
	};

	return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
