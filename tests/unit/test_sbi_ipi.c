/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Unit tests for SBI IPI (core/sbi/sbi_ipi.c): a software interrupt for each
 * vCPU named, done at once for the caller itself, asked of the others (their
 * harts kicked when they run there), and coalesced while still pending. Hart
 * masks in general are in test_sbi_hart_mask.c. Calls from vCPU 0 of the
 * guest "sbit" of sbi_fixture.h.
 */
#include "sbi_fixture.h"

static void test_ipi_refusals(void **state)
{
	static const struct refusal refusals[] = {
	    {EID_IPI, 1, {1}, NOT_SUPP},
	};

	(void)state;
	EXPECT_REFUSALS(refusals);
}

static void test_ipi(void **state)
{
	(void)state;
	for (unsigned i = 1; i < 4; i++)
		tvm.vcpus[i].on_hart = true; /* each in its guest on its own hart: kicked */
	assert_int_equal(ERR(EID_IPI, 0, 0xa, 0), 0);
	assert_int_equal(tvm.vcpus[1].requests, VCPU_REQ_SOFT_IRQ);
	assert_int_equal(tvm.vcpus[2].requests, 0);
	assert_int_equal(tvm.vcpus[3].requests, VCPU_REQ_SOFT_IRQ);
	assert_int_equal(host_kicked_harts, 0xaULL << HART0);
	/* To itself: done at once. */
	assert_int_equal(ERR(EID_IPI, 0, 1, 0), 0);
	assert_int_equal(V0->requests, 0);
	assert_true(V0->arch.csrs.hvip & 2);
	/* A base, and -1 for all. */
	assert_int_equal(ERR(EID_IPI, 0, 1, 2), 0);
	assert_int_equal(tvm.vcpus[2].requests, VCPU_REQ_SOFT_IRQ);
	host_kicked_harts = 0;
	V0->arch.csrs.hvip = 0;
	for (unsigned i = 1; i < 4; i++)
		tvm.vcpus[i].requests = 0; /* their harts did the work */
	assert_int_equal(ERR(EID_IPI, 0, 0, ~0UL), 0);
	assert_int_equal(host_kicked_harts, 0xeULL << HART0);
	assert_true(V0->arch.csrs.hvip & 2);
	/* Still pending: a second IPI coalesces, nobody is kicked again. */
	host_kicked_harts = 0;
	assert_int_equal(ERR(EID_IPI, 0, 0xe, 0), 0);
	assert_int_equal(host_kicked_harts, 0);
}

/* A target blocked in WFI is woken for it: runnable again, its hart told. */
static void test_ipi_wakes_a_blocked_target(void **state)
{
	struct vcpu *t = &tvm.vcpus[3];

	(void)state;
	t->state = VCPU_RUNNING;
	t->blocked = true;
	assert_int_equal(ERR(EID_IPI, 0, 1, 3), 0);
	assert_int_equal(t->requests, VCPU_REQ_SOFT_IRQ);
	assert_false(t->blocked);
	assert_int_equal(host_kicked_harts, 1ULL << (HART0 + 3));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup(test_ipi_refusals, setup),
	    cmocka_unit_test_setup(test_ipi, setup),
	    cmocka_unit_test_setup(test_ipi_wakes_a_blocked_target, setup),
	};

	return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
