/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Unit tests for SBI DBCN (core/sbi/sbi_dbcn.c): writes join the guest's
 * console lines, reads take its waiting input, buffers must lie wholly in
 * its RAM (base_hi clear), and one call moves at most
 * ERG_SBI_DBCN_MAX_BYTES. Calls from vCPU 0 of the guest "sbit" of
 * sbi_fixture.h.
 */
#include "sbi_fixture.h"
#include "vm/vm_console.h"

static void test_dbcn_refusals(void **state)
{
	static const struct refusal refusals[] = {
	    {EID_DBCN, 3, {0}, NOT_SUPP},
	    /* Buffers outside RAM, straddling either end, wrapping, base_hi set. */
	    {EID_DBCN, 0, {5, 0x1000}, BAD_PARAM},
	    {EID_DBCN, 0, {5, RAM_GPA - 1}, BAD_PARAM},
	    {EID_DBCN, 0, {8, RAM_END - 3}, BAD_PARAM},
	    {EID_DBCN, 0, {~0UL, RAM_GPA}, BAD_PARAM},
	    {EID_DBCN, 0, {16, ~0UL - 7}, BAD_PARAM},
	    {EID_DBCN, 0, {5, RAM_GPA, 1}, BAD_PARAM},
	    {EID_DBCN, 1, {8, RAM_END - 3}, BAD_PARAM},
	    {EID_DBCN, 1, {5, RAM_GPA, 1}, BAD_PARAM},
	    /* Longer than one call moves, and only its head in RAM: still refused whole. */
	    {EID_DBCN, 0, {4 * ERG_SBI_DBCN_MAX_BYTES, RAM_END - 16}, BAD_PARAM},
	    {EID_DBCN, 1, {4 * ERG_SBI_DBCN_MAX_BYTES, RAM_END - 16}, BAD_PARAM},
	};

	(void)state;
	EXPECT_REFUSALS(refusals);
}

static void test_dbcn(void **state)
{
	(void)state;
	expect(CALL(EID_DBCN, 0, 3, put(RAM_GPA + 0x100, "par"), 0), 0, 3);
	assert_string_equal(host_console_text, ""); /* no newline yet */
	expect(CALL(EID_DBCN, 0, 5, put(RAM_END - 5, "t\r\nab"), 0), 0, 5);
	assert_string_equal(host_console_text, "[sbit] part\n");
	expect(CALL(EID_DBCN, 2, '!'), 0, 0);
	expect(CALL(EID_DBCN, 2, '\n'), 0, 0);
	assert_string_equal(host_console_text, "[sbit] part\n[sbit] ab!\n");
	/* Zero length needs no buffer; a read finds no input. */
	expect(CALL(EID_DBCN, 0, 0, 0x1000, 0), 0, 0);
	expect(CALL(EID_DBCN, 1, 0, 0, 0), 0, 0);
	expect(CALL(EID_DBCN, 1, 16, RAM_GPA, 0), 0, 0);
}

/* A read takes what input waits, up to the buffer's length, into guest RAM. */
static void test_dbcn_read_takes_input(void **state)
{
	const unsigned long at = RAM_GPA + 0x200;

	(void)state;
	for (const char *s = "hello"; *s; s++)
		vm_console_input(&tvm, *s);
	ram[at - RAM_GPA + 3] = '#';
	expect(CALL(EID_DBCN, 1, 3, at, 0), 0, 3);
	assert_memory_equal(ram + (at - RAM_GPA), "hel#", 4); /* not a byte past the buffer */
	expect(CALL(EID_DBCN, 1, 16, at, 0), 0, 2);
	assert_memory_equal(ram + (at - RAM_GPA), "lo", 2);
	expect(CALL(EID_DBCN, 1, 16, at, 0), 0, 0);
}

/* A buffer longer than the bound: one call writes the bound, the guest calls again for the rest. */
static void test_dbcn_bounded(void **state)
{
	const unsigned long len = 3 * ERG_SBI_DBCN_MAX_BYTES + 10, at = RAM_GPA + 0x1000;

	(void)state;
	for (unsigned long i = 0; i < len; i++)
		ram[at - RAM_GPA + i] = i % 64 == 63 ? '\n' : (char)('a' + i % 26);
	expect(CALL(EID_DBCN, 0, len, at, 0), 0, ERG_SBI_DBCN_MAX_BYTES);
	/* Whole lines of 64 bytes so far, each "[sbit] " and 63 letters and '\n'. */
	assert_int_equal(host_console_len, ERG_SBI_DBCN_MAX_BYTES / 64 * (7 + 64));
	/* The rest, as a guest would loop on it. */
	expect(
	    CALL(EID_DBCN, 0, len - 3 * ERG_SBI_DBCN_MAX_BYTES, at + 3 * ERG_SBI_DBCN_MAX_BYTES, 0),
	    0, 10);
	/* A read of a huge buffer is bounded too (no input waits, so it reads nothing). */
	expect(CALL(EID_DBCN, 1, RAM_SIZE, RAM_GPA, 0), 0, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup(test_dbcn_refusals, setup),
	    cmocka_unit_test_setup(test_dbcn, setup),
	    cmocka_unit_test_setup(test_dbcn_read_takes_input, setup),
	    cmocka_unit_test_setup(test_dbcn_bounded, setup),
	};

	return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
