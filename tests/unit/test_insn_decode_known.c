/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Load/store decoder (arch/riscv/insn_decode.c) against a real toolchain:
 * constants taken from riscv64-unknown-elf-as (GNU as, -march=rv64gc) must
 * decode as the assembler meant, and the fixture's encoders must produce
 * the same bits, so the sweeps in the other test_insn_decode_*.c files test
 * real encodings.
 */
#include "insn_decode_fixture.h"

struct known {
	uint32_t bits;
	const char *asm_text;
	bool ok;
	struct want w;
};

/* Bits from riscv64-unknown-elf-as -march=rv64gc, listed by objdump -d -M no-aliases. */
static const struct known known[] = {
    {0x0005a503, "lw a0, 0(a1)", true, {4, 4, false, true, A0}},
    {0x00513423, "sd t0, 8(sp)", true, {4, 8, true, false, T0}},
    {0xfff40303, "lb t1, -1(s0)", true, {4, 1, false, true, T1}},
    {0x7fe3d483, "lhu s1, 2046(t2)", true, {4, 2, false, false, S1}},
    {0x8001e883, "lwu a7, -2048(gp)", true, {4, 4, false, false, A7}},
    {0x01053003, "ld zero, 16(a0)", true, {4, 8, false, false, X0}},
    {0x000781a3, "sb zero, 3(a5)", true, {4, 1, true, false, X0}},
    {0xfe121e23, "sh ra, -4(tp)", true, {4, 2, true, false, RA}},
    {0x00052507, "flw fa0, 0(a0)", false, {0}},
    {0x00913427, "fsd fs1, 8(sp)", false, {0}},
    {0x00b6252f, "amoadd.w a0, a1, (a2)", false, {0}},
    {0x100532af, "lr.d t0, (a0)", false, {0}},
    {0x1876a32f, "sc.w t1, t2, (a3)", false, {0}},
    {0x4188, "c.lw a0, 0(a1)", true, {2, 4, false, true, A0}},
    {0x6784, "c.ld s1, 8(a5)", true, {2, 8, false, false, S1}},
    {0xdc7c, "c.sw a5, 124(s0)", true, {2, 4, true, false, A5}},
    {0xff60, "c.sd s0, 248(a4)", true, {2, 8, true, false, S0}},
    {0x4092, "c.lwsp ra, 4(sp)", true, {2, 4, false, true, RA}},
    {0x7ffe, "c.ldsp t6, 504(sp)", true, {2, 8, false, false, T6}},
    {0xdf82, "c.swsp zero, 252(sp)", true, {2, 4, true, false, X0}},
    {0xe06e, "c.sdsp s11, 0(sp)", true, {2, 8, true, false, S11}},
    {0x2508, "c.fld fa0, 8(a0)", false, {0}},
    {0xa822, "c.fsdsp fs0, 16(sp)", false, {0}},
};

static void test_known_encodings(void **state)
{
	(void)state;
	for (size_t i = 0; i < ARRAY_SIZE(known); i++)
		if (known[i].ok)
			check(known[i].bits, known[i].w);
		else
			check_rejected(known[i].bits);
}

/* The encoders agree with the assembler, so the sweeps below test real encodings. */
static void test_encoders_match_assembler(void **state)
{
	(void)state;
	assert_int_equal(enc_i(OP_LOAD, 2, A0, A1, 0), 0x0005a503);
	assert_int_equal(enc_s(OP_STORE, 3, SP, T0, 8), 0x00513423);
	assert_int_equal(enc_i(OP_LOAD, 0, T1, S0, -1), 0xfff40303);
	assert_int_equal(enc_i(OP_LOAD, 5, S1, T2, 2046), 0x7fe3d483);
	assert_int_equal(enc_i(OP_LOAD, 6, A7, GP, -2048), 0x8001e883);
	assert_int_equal(enc_s(OP_STORE, 0, A5, X0, 3), 0x000781a3);
	assert_int_equal(enc_s(OP_STORE, 1, TP, RA, -4), 0xfe121e23);
	assert_int_equal(enc_i(OP_LOAD_FP, 2, A0, A0, 0), 0x00052507);
	assert_int_equal(enc_s(OP_STORE_FP, 3, SP, S1, 8), 0x00913427);
	assert_int_equal(enc_amo(0x00, 2, A0, A2, A1), 0x00b6252f);
	assert_int_equal(enc_amo(0x02, 3, T0, A0, 0), 0x100532af);
	assert_int_equal(enc_amo(0x03, 2, T1, A3, T2), 0x1876a32f);
	assert_int_equal(enc_cl_w(2, A1 - 8, A0 - 8, 0), 0x4188);
	assert_int_equal(enc_cl_d(3, A5 - 8, S1 - 8, 8), 0x6784);
	assert_int_equal(enc_cl_w(6, S0 - 8, A5 - 8, 124), 0xdc7c);
	assert_int_equal(enc_cl_d(7, A4 - 8, S0 - 8, 248), 0xff60);
	assert_int_equal(enc_ci_w(2, RA, 4), 0x4092);
	assert_int_equal(enc_ci_d(3, T6, 504), 0x7ffe);
	assert_int_equal(enc_css_w(6, X0, 252), 0xdf82);
	assert_int_equal(enc_css_d(7, S11, 0), 0xe06e);
	assert_int_equal(enc_cl_d(1, A0 - 8, A0 - 8, 8), 0x2508);
	assert_int_equal(enc_css_d(5, S0, 16), 0xa822);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_known_encodings),
	    cmocka_unit_test(test_encoders_match_assembler),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
