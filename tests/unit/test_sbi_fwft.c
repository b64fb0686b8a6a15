/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Unit tests for SBI FWFT (core/sbi/sbi_fwft.c): MISALIGNED_EXC_DELEG reads
 * 0 and may be set to 0, and locked there until the vCPU starts afresh;
 * switching it on, the other features the specification names, reserved
 * and platform-specific ones, bad values and flags are each refused with
 * the error the specification gives. Feature ids are 32-bit. Calls from the
 * guest "sbit" of sbi_fixture.h.
 */
#include "sbi_fixture.h"

#define SET	 0
#define GET	 1
#define MISALIGN 0
#define LOCK	 1
#define DENIED	 SBI_ERR_DENIED

static void test_fwft_refusals(void **state)
{
	static const struct refusal refusals[] = {
	    {EID_FWFT, 2, {MISALIGN}, NOT_SUPP},
	    /* Misaligned accesses stay with the firmware: delegation cannot be switched on. */
	    {EID_FWFT, SET, {MISALIGN, 1, 0}, NOT_SUPP},
	    {EID_FWFT, SET, {MISALIGN, 2, 0}, BAD_PARAM},
	    {EID_FWFT, SET, {MISALIGN, 0, 2}, BAD_PARAM},
	    /* Landing pads, shadow stacks, double traps, A/D updates, pointer masking. */
	    {EID_FWFT, SET, {1, 1, 0}, NOT_SUPP},
	    {EID_FWFT, GET, {2}, NOT_SUPP},
	    {EID_FWFT, SET, {5, 7, 0}, NOT_SUPP},
	    /* Reserved and platform-specific ids, the upper half no help. */
	    {EID_FWFT, SET, {6, 0, 0}, DENIED},
	    {EID_FWFT, GET, {0x40000000}, DENIED},
	    {EID_FWFT, GET, {0x80000000}, DENIED},
	    {EID_FWFT, SET, {0xc0000000, 0, 0}, DENIED},
	    {EID_FWFT, GET, {(1UL << 32) | 6}, DENIED},
	};

	(void)state;
	EXPECT_REFUSALS(refusals);
}

static void test_fwft_misaligned_reads_and_sets_zero(void **state)
{
	(void)state;
	expect(CALL(EID_FWFT, GET, MISALIGN), 0, 0);
	expect(CALL(EID_FWFT, SET, 1UL << 32 | MISALIGN, 0, 0), 0, 0);
	expect(CALL(EID_FWFT, GET, MISALIGN), 0, 0);
}

static void test_fwft_lock_lasts_until_a_fresh_start(void **state)
{
	(void)state;
	expect(CALL(EID_FWFT, SET, MISALIGN, 0, LOCK), 0, 0);
	assert_int_equal(ERR(EID_FWFT, SET, MISALIGN, 0, 0), DENIED);
	assert_int_equal(ERR(EID_FWFT, SET, MISALIGN, 0, LOCK), DENIED);
	expect(CALL(EID_FWFT, GET, MISALIGN), 0, 0);
	/* Another vCPU's lock is its own. */
	tvm.vcpus[1].state = VCPU_RUNNING;
	assert_int_equal(ecall(&tvm.vcpus[1], EID_FWFT, SET, ARGS(MISALIGN, 0, 0), PC + 4).error,
			 0);
	vcpu_restart(V0, RAM_GPA, 0);
	V0->arch.regs.sepc = PC;
	expect(CALL(EID_FWFT, SET, MISALIGN, 0, 0), 0, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup(test_fwft_refusals, setup),
	    cmocka_unit_test_setup(test_fwft_misaligned_reads_and_sets_zero, setup),
	    cmocka_unit_test_setup(test_fwft_lock_lasts_until_a_fresh_start, setup),
	};

	return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
