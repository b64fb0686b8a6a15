/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Unit tests for SBI STA (core/sbi/sbi_sta.c): set_shmem refuses flags, a
 * record not 64-byte aligned and one outside the guest's RAM; it zeroes the
 * record and counts steal time from then on. Each report (sbi_sta_report,
 * as the vCPU goes onto its hart) writes the steal time in nanoseconds
 * between an odd and an even sequence number, whatever the guest wrote
 * there; a disabled record, or one of a vCPU started afresh, is left alone.
 * Calls from the guest "sbit" of sbi_fixture.h.
 */
#include <string.h>

#include "sbi_fixture.h"

#define RECORD_GPA   (RAM_GPA + 0x4000)
#define RECORD_BYTES 64

struct record {
	uint32_t sequence, flags;
	uint64_t steal;
	uint8_t preempted, pad[47];
};

static struct record *record(void)
{
	return (struct record *)(ram + (RECORD_GPA - RAM_GPA));
}

static void test_sta_refusals(void **state)
{
	static const struct refusal refusals[] = {
	    {EID_STA, 1, {RECORD_GPA, 0, 0}, NOT_SUPP},
	    {EID_STA, 0, {RECORD_GPA, 0, 1}, BAD_PARAM},
	    {EID_STA, 0, {RECORD_GPA + 32, 0, 0}, BAD_PARAM},
	    {EID_STA, 0, {RECORD_GPA, 1, 0}, BAD_ADDR},
	    {EID_STA, 0, {RAM_END, 0, 0}, BAD_ADDR},
	    {EID_STA, 0, {0x1000, 0, 0}, BAD_ADDR},
	};

	(void)state;
	EXPECT_REFUSALS(refusals);
	assert_int_equal(V0->steal_record, 0);
}

static void test_sta_set_zeroes_the_record(void **state)
{
	(void)state;
	memset(record(), 0xff, RECORD_BYTES);
	V0->sched.steal = 12345;
	assert_int_equal(ERR(EID_STA, 0, RECORD_GPA, 0, 0), 0);
	for (size_t i = 0; i < RECORD_BYTES; i++)
		assert_int_equal(((uint8_t *)record())[i], 0);
	/* Counted from the call on: the steal before it is no part of the record. */
	sbi_sta_report(V0);
	assert_int_equal(record()->steal, 0);
	assert_int_equal(record()->sequence, 2);
}

/* 10 MHz timebase (the fixture's virt DTB): a tick is 100 ns. */
static void test_sta_report_in_nanoseconds(void **state)
{
	const uint64_t huge = 1ULL << 50; /* ticks whose nanoseconds overflow a plain product */

	(void)state;
	assert_int_equal(ERR(EID_STA, 0, RECORD_GPA, 0, 0), 0);
	V0->sched.steal += 25000;
	sbi_sta_report(V0);
	assert_int_equal(record()->steal, 2500000);
	V0->sched.steal += huge;
	sbi_sta_report(V0);
	assert_int_equal(record()->steal, (uint64_t)((unsigned __int128)(huge + 25000) * 100));
	assert_int_equal(record()->sequence, 4);
}

/* A sequence the guest left odd is made odd again, then even: never taken for whole. */
static void test_sta_sequence_odd_then_even_whatever_the_guest_wrote(void **state)
{
	(void)state;
	assert_int_equal(ERR(EID_STA, 0, RECORD_GPA, 0, 0), 0);
	record()->sequence = 7;
	record()->flags = 9;
	record()->preempted = 1;
	sbi_sta_report(V0);
	assert_int_equal(record()->sequence, 8);
	assert_int_equal(record()->flags, 0);
	assert_int_equal(record()->preempted, 0);
}

static void test_sta_disabled_or_restarted_leaves_the_record(void **state)
{
	(void)state;
	assert_int_equal(ERR(EID_STA, 0, RECORD_GPA, 0, 0), 0);
	assert_int_equal(ERR(EID_STA, 0, ~0UL, ~0UL, 0), 0);
	V0->sched.steal += 100;
	sbi_sta_report(V0);
	assert_int_equal(record()->sequence, 0);
	/* Asked again, then started afresh: the new life has not asked. */
	assert_int_equal(ERR(EID_STA, 0, RECORD_GPA, 0, 0), 0);
	vcpu_restart(V0, RAM_GPA, 0);
	sbi_sta_report(V0);
	assert_int_equal(record()->sequence, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup(test_sta_refusals, setup),
	    cmocka_unit_test_setup(test_sta_set_zeroes_the_record, setup),
	    cmocka_unit_test_setup(test_sta_report_in_nanoseconds, setup),
	    cmocka_unit_test_setup(test_sta_sequence_odd_then_even_whatever_the_guest_wrote, setup),
	    cmocka_unit_test_setup(test_sta_disabled_or_restarted_leaves_the_record, setup),
	};

	return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
