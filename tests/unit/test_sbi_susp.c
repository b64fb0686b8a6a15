/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Unit tests for SBI SUSP (core/sbi/sbi_susp.c): suspend to RAM is refused
 * for a reserved or platform-specific sleep type, while another vCPU of the
 * guest is not stopped, and for a resume address outside its RAM; granted,
 * the caller waits as a non-retentive HSM suspend does and comes back at the
 * resume address with a0 its id and a1 opaque, its waking interrupt kept.
 * Calls from the guest "sbit" of sbi_fixture.h.
 */
#include "sbi_fixture.h"

#define RESUME (RAM_GPA + 0x3000)

static void test_susp_refusals(void **state)
{
	static const struct refusal refusals[] = {
	    {EID_SUSP, 1, {0, RESUME}, NOT_SUPP},
	    /* Reserved and platform-specific sleep types, the upper half no help. */
	    {EID_SUSP, 0, {1, RESUME}, BAD_PARAM},
	    {EID_SUSP, 0, {0x7fffffff, RESUME}, BAD_PARAM},
	    {EID_SUSP, 0, {0x80000000, RESUME}, BAD_PARAM},
	    {EID_SUSP, 0, {(1UL << 32) | 1, RESUME}, BAD_PARAM},
	};

	(void)state;
	EXPECT_REFUSALS(refusals);
}

/* Every other vCPU must be stopped: one started, or only starting, denies it. */
static void test_susp_denied_while_another_vcpu_is_not_stopped(void **state)
{
	static const enum vcpu_state others[] = {VCPU_RUNNING, VCPU_START_PENDING, VCPU_SUSPENDED};

	(void)state;
	for (size_t i = 0; i < ARRAY_SIZE(others); i++) {
		tvm.vcpus[3].state = others[i];
		assert_int_equal(ERR(EID_SUSP, 0, 0, RESUME, 7), SBI_ERR_DENIED);
		assert_int_equal(V0->state, VCPU_RUNNING);
		assert_false(V0->blocked);
	}
}

static void test_susp_resume_address_outside_ram(void **state)
{
	(void)state;
	assert_int_equal(ERR(EID_SUSP, 0, 0, RAM_END, 7), BAD_ADDR);
	assert_int_equal(ERR(EID_SUSP, 0, 0, RAM_END - 2, 7), BAD_ADDR);
	assert_int_equal(ERR(EID_SUSP, 0, 0, 0x1000, 7), BAD_ADDR);
	assert_int_equal(V0->state, VCPU_RUNNING);
}

static void test_susp_suspends_until_an_interrupt(void **state)
{
	(void)state;
	/* The upper half of a0 is no part of the sleep type. */
	assert_int_equal(ERR(EID_SUSP, 0, ~0UL << 32, RESUME, 0x55), 0);
	assert_int_equal(V0->state, VCPU_SUSPENDED);
	assert_true(V0->blocked);
	/* Woken with nothing pending: blocked again. */
	sched_wake(V0);
	assert_false(vcpu_suspend_ready(V0));
	assert_true(V0->blocked);
	/* Its timer: back at the resume address, a0 = its id, a1 = opaque, the timer kept. */
	V0->arch.csrs.hvip = 1;
	sched_wake(V0);
	assert_true(vcpu_suspend_ready(V0));
	assert_int_equal(V0->state, VCPU_RUNNING);
	assert_int_equal(V0->arch.regs.sepc, RESUME);
	assert_int_equal(vcpu_arch_reg(&V0->arch, 10), 0);
	assert_int_equal(vcpu_arch_reg(&V0->arch, 11), 0x55);
	assert_int_equal(V0->arch.csrs.hvip, 1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup(test_susp_refusals, setup),
	    cmocka_unit_test_setup(test_susp_denied_while_another_vcpu_is_not_stopped, setup),
	    cmocka_unit_test_setup(test_susp_resume_address_outside_ram, setup),
	    cmocka_unit_test_setup(test_susp_suspends_until_an_interrupt, setup),
	};

	return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
