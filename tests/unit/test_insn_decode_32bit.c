/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Load/store decoder (arch/riscv/insn_decode.c): the 32-bit forms. Every
 * load and store at every register, and the rejections: reserved funct3,
 * every other major opcode, FP loads and stores, AMOs, LR and SC, and values
 * whose bits 1:0 make them compressed.
 */
#include <stdint.h>

#include "insn_decode_fixture.h"

static const int imms[] = {0, 1, -1, 8, 2047, -2048, 0x555, -0x556};

static void test_loads_every_register(void **state)
{
	(void)state;
	for (size_t f = 0; f < ARRAY_SIZE(loads); f++)
		for (unsigned rd = 0; rd < 32; rd++)
			for (size_t i = 0; i < ARRAY_SIZE(imms); i++)
				check(
				    enc_i(OP_LOAD, loads[f].funct3, rd, (rd * 7 + i) % 32, imms[i]),
				    (struct want){4, loads[f].width, false, loads[f].sign, rd});
}

static void test_stores_every_register(void **state)
{
	(void)state;
	for (size_t f = 0; f < ARRAY_SIZE(stores); f++)
		for (unsigned rs2 = 0; rs2 < 32; rs2++)
			for (size_t i = 0; i < ARRAY_SIZE(imms); i++)
				check(enc_s(OP_STORE, stores[f].funct3, (rs2 * 5 + i) % 32, rs2,
					    imms[i]),
				      (struct want){4, stores[f].width, true, false, rs2});
}

static void test_reserved_funct3(void **state)
{
	(void)state;
	for (unsigned r = 0; r < 32; r++) {
		check_rejected(enc_i(OP_LOAD, 7, r, A0, 0));
		for (unsigned f3 = 4; f3 < 8; f3++)
			check_rejected(enc_s(OP_STORE, f3, A0, r, 0));
	}
}

/* Over every major opcode and funct3, only LOAD (not 111) and STORE (0xx) decode. */
static void test_only_load_store_opcodes(void **state)
{
	(void)state;
	for (unsigned op = 3; op < 128; op += 4)
		for (unsigned f3 = 0; f3 < 8; f3++) {
			uint32_t insn = enc_i(op, f3, A0, A1, 0x123);
			bool want = (op == OP_LOAD && f3 != 7) || (op == OP_STORE && f3 < 4);
			struct insn_mem m;

			if (insn_decode_mem(insn, &m) != want)
				fail_msg("opcode 0x%02x funct3 %u: want %d", op, f3, want);
		}
}

static void test_fp_and_atomics_rejected(void **state)
{
	(void)state;
	for (unsigned r = 0; r < 32; r++)
		for (unsigned f3 = 0; f3 < 8; f3++) {
			check_rejected(enc_i(OP_LOAD_FP, f3, r, A0, 8));
			check_rejected(enc_s(OP_STORE_FP, f3, A0, r, 8));
		}
	/* every funct5 of the AMO opcode, LR and SC included, .W and .D */
	for (unsigned f5 = 0; f5 < 32; f5++)
		for (unsigned r = 0; r < 32; r++) {
			check_rejected(enc_amo(f5, 2, r, A0, A1));
			check_rejected(enc_amo(f5, 3, A1, A0, r));
		}
}

/* A 32-bit load whose bits 1:0 are not 11 is read as a compressed instruction. */
static void test_32bit_needs_low_bits_11(void **state)
{
	struct insn_mem a, b;

	(void)state;
	for (unsigned low = 0; low < 3; low++)
		for (unsigned rd = 0; rd < 32; rd++) {
			uint32_t insn = (enc_i(OP_LOAD, 3, rd, A1, 16) & ~3u) | low;
			bool ok = insn_decode_mem(insn, &a);

			assert_int_equal(ok, insn_decode_mem(insn & 0xffff, &b));
			if (ok)
				assert_int_equal(a.len, 2);
		}
	check_rejected(0x0005a501); /* lw a0, 0(a1) with bits 1:0 = 01 */
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_loads_every_register),
	    cmocka_unit_test(test_stores_every_register),
	    cmocka_unit_test(test_reserved_funct3),
	    cmocka_unit_test(test_only_load_store_opcodes),
	    cmocka_unit_test(test_fp_and_atomics_rejected),
	    cmocka_unit_test(test_32bit_needs_low_bits_11),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
