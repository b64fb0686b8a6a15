/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Unit tests for SBI hart masks (core/sbi/sbi_hart_mask.c), through the IPI
 * and RFENCE calls that take them: bit i of the mask names vCPU base + i, a
 * base of -1 names every vCPU whatever the mask, an empty mask names none,
 * and a mask naming any vCPU the guest lacks is refused whole. Calls from
 * vCPU 0 of the guest "sbit" (4 vCPUs) of sbi_fixture.h.
 */
#include "sbi_fixture.h"

static void test_hart_mask_refusals(void **state)
{
	static const struct refusal refusals[] = {
	    /* A mask naming a missing vCPU is refused whole. */
	    {EID_IPI, 0, {0x1e, 0}, BAD_PARAM},
	    {EID_IPI, 0, {1, NVCPUS}, BAD_PARAM},
	    {EID_IPI, 0, {0x8, 1}, BAD_PARAM}, /* vCPU 4, one past the last */
	    {EID_IPI, 0, {1UL << 63, 0}, BAD_PARAM},
	    {EID_RFENCE, 0, {0x10, 0}, BAD_PARAM},
	    {EID_RFENCE, 1, {2, 3, 0, 0x1000}, BAD_PARAM},
	    /* A base past the vCPUs, or one that bits beyond it would wrap around. */
	    {EID_IPI, 0, {3, 3}, BAD_PARAM},
	    {EID_IPI, 0, {1, ~0UL - 1}, BAD_PARAM},
	    {EID_IPI, 0, {1UL << 63, 1}, BAD_PARAM},
	    {EID_RFENCE, 0, {1, 1UL << 32}, BAD_PARAM},
	};

	(void)state;
	EXPECT_REFUSALS(refusals);
}

/* The vCPUs (bit per vCPU) an IPI with mask and base reached: V0's own taken at once. */
static unsigned ipi_targets(unsigned long mask, unsigned long base)
{
	unsigned reached = 0;

	setup(NULL);
	assert_int_equal(ERR(EID_IPI, 0, mask, base), 0);
	if (V0->arch.csrs.hvip & 2)
		reached |= 1;
	for (unsigned i = 1; i < NVCPUS; i++)
		if (tvm.vcpus[i].requests == VCPU_REQ_SOFT_IRQ)
			reached |= 1u << i;
		else
			assert_int_equal(tvm.vcpus[i].requests, 0);
	return reached;
}

static void test_hart_mask_names_base_plus_bit(void **state)
{
	(void)state;
	assert_int_equal(ipi_targets(0x5, 0), 0x5);
	assert_int_equal(ipi_targets(0x3, 2), 0xc);
	assert_int_equal(ipi_targets(0x1, 3), 0x8);
	assert_int_equal(ipi_targets(0x7, 1), 0xe);
	assert_int_equal(ipi_targets(0xf, 0), 0xf);
	assert_int_equal(ipi_targets(0x4, 1), 0x8); /* the last vCPU, from base 1 */
}

/* -1 is every vCPU, whatever the mask says (even bits past the last vCPU). */
static void test_hart_mask_base_all(void **state)
{
	(void)state;
	assert_int_equal(ipi_targets(0, ~0UL), 0xf);
	assert_int_equal(ipi_targets(0x2, ~0UL), 0xf);
	assert_int_equal(ipi_targets(~0UL, ~0UL), 0xf);
}

/* An empty mask names nobody, so any base will do. */
static void test_hart_mask_empty(void **state)
{
	(void)state;
	assert_int_equal(ipi_targets(0, 0), 0);
	assert_int_equal(ipi_targets(0, NVCPUS), 0);
	assert_int_equal(ipi_targets(0, 1000), 0);
	assert_int_equal(host_kicked_harts, 0);
}

/* The same mask means the same vCPUs to RFENCE. */
static void test_hart_mask_rfence(void **state)
{
	(void)state;
	assert_int_equal(ERR(EID_RFENCE, 0, 0x3, 2), 0);
	assert_int_equal(tvm.vcpus[1].requests, 0);
	assert_int_equal(tvm.vcpus[2].requests, VCPU_REQ_FENCE_I);
	assert_int_equal(tvm.vcpus[3].requests, VCPU_REQ_FENCE_I);
	assert_int_equal(ERR(EID_RFENCE, 1, 0, ~0UL, 0, ~0UL), 0);
	for (unsigned i = 1; i < NVCPUS; i++)
		assert_true(tvm.vcpus[i].requests & VCPU_REQ_FLUSH_VVMA);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup(test_hart_mask_refusals, setup),
	    cmocka_unit_test_setup(test_hart_mask_names_base_plus_bit, setup),
	    cmocka_unit_test_setup(test_hart_mask_base_all, setup),
	    cmocka_unit_test_setup(test_hart_mask_empty, setup),
	    cmocka_unit_test_setup(test_hart_mask_rfence, setup),
	};

	return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
