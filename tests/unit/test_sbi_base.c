/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Unit tests for SBI BASE (core/sbi/sbi_base.c): the spec and implementation
 * versions, Erg's implementation id, the probe (1 for each extension and
 * legacy call Erg offers, 0 for any other) and the machine ids, which read 0.
 * Calls from vCPU 0 of the guest "sbit" of sbi_fixture.h.
 */
#include "sbi_fixture.h"

static void test_base_refusals(void **state)
{
	static const struct refusal refusals[] = {
	    {EID_BASE, 7, {0}, NOT_SUPP},
	};

	(void)state;
	EXPECT_REFUSALS(refusals);
}

static void test_base(void **state)
{
	const unsigned long known[] = {0x00,	0x01,	    0x02,    0x08,     EID_BASE, EID_TIME,
				       EID_IPI, EID_RFENCE, EID_HSM, EID_SRST, EID_DBCN};
	const unsigned long unknown[] = {0x11, 0x4e41434c, 0x504d55, 0x0a000000, ~0UL};

	(void)state;
	expect(CALL(EID_BASE, 0, 0), 0, 0x02000000);
	assert_int_equal(CALL(EID_BASE, 1, 0).value, SBI_IMPL_ID_ERG);
	assert_int_equal(CALL(EID_BASE, 2, 0).value, 1);
	for (size_t i = 0; i < ARRAY_SIZE(known); i++)
		expect(CALL(EID_BASE, 3, known[i]), 0, 1);
	for (size_t i = 0; i < ARRAY_SIZE(unknown); i++)
		assert_int_equal(CALL(EID_BASE, 3, unknown[i]).value, 0);
	for (unsigned long fid = 4; fid <= 6; fid++)
		expect(CALL(EID_BASE, fid, 0, 0x77), 0, 0);
}

/* Legacy calls Erg lacks (clear_ipi, send_ipi, the remote fences, reserved ids) probe as 0. */
static void test_base_probe_legacy_lacks(void **state)
{
	(void)state;
	for (unsigned long eid = 0x03; eid <= 0x0f; eid++)
		if (eid != 0x08)
			expect(CALL(EID_BASE, 3, eid), 0, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup(test_base_refusals, setup),
	    cmocka_unit_test_setup(test_base, setup),
	    cmocka_unit_test_setup(test_base_probe_legacy_lacks, setup),
	};

	return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
