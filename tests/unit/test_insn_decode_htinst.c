/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Load/store decoder (arch/riscv/insn_decode.c): htinst, the transformed
 * instruction the hardware reports on a guest-page fault. Every load and
 * store in 32- and 16-bit form, the spec's recipe for compressed traps, a
 * nonzero Addr. Offset, and the values that are no plain load or store.
 */
#include <stdint.h>

#include "insn_decode_fixture.h"

static void test_htinst_loads(void **state)
{
	(void)state;
	for (size_t f = 0; f < ARRAY_SIZE(loads); f++)
		for (unsigned rd = 0; rd < 32; rd++) {
			uint32_t insn = enc_i(OP_LOAD, loads[f].funct3, rd, A0, 0x40);

			check_htinst(tinst(insn, true),
				     (struct want){4, loads[f].width, false, loads[f].sign, rd});
			check_htinst(tinst(insn, false),
				     (struct want){2, loads[f].width, false, loads[f].sign, rd});
		}
}

static void test_htinst_stores(void **state)
{
	(void)state;
	for (size_t f = 0; f < ARRAY_SIZE(stores); f++)
		for (unsigned rs2 = 0; rs2 < 32; rs2++) {
			uint32_t insn = enc_s(OP_STORE, stores[f].funct3, SP, rs2, -8);

			check_htinst(tinst(insn, true),
				     (struct want){4, stores[f].width, true, false, rs2});
			check_htinst(tinst(insn, false),
				     (struct want){2, stores[f].width, true, false, rs2});
		}
}

/* The spec's recipe for a compressed trap: expand, transform, clear bit 1. */
static void test_htinst_from_compressed(void **state)
{
	(void)state;
	/* c.lw a0, 0(a1) -> lw a0, 0(a1) = 0x0005a503 -> 0x00002503 -> 0x00002501 */
	assert_int_equal(tinst(0x0005a503, false), 0x00002501);
	check_htinst(0x00002501, (struct want){2, 4, false, true, A0});
	/* c.sdsp s11, 0(sp) -> sd s11, 0(sp) -> 0x01b03021 */
	assert_int_equal(tinst(enc_s(OP_STORE, 3, SP, S11, 0), false), 0x01b03021);
	check_htinst(0x01b03021, (struct want){2, 8, true, false, S11});
	/* sd t0, 8(sp) = 0x00513423, trapping as itself -> 0x00503023 */
	assert_int_equal(tinst(0x00513423, true), 0x00503023);
	check_htinst(0x00503023, (struct want){4, 8, true, false, T0});
}

/* A misaligned access puts a nonzero Addr. Offset in bits 19:15; it is still a load. */
static void test_htinst_addr_offset(void **state)
{
	(void)state;
	for (unsigned off = 1; off < 8; off++) {
		check_htinst(0x00003503 | off << 15, (struct want){4, 8, false, false, A0});
		check_htinst(0x00a03021 | off << 15, (struct want){2, 8, true, false, A0});
	}
}

static void test_htinst_rejected(void **state)
{
	(void)state;
	check_htinst_rejected(0);
	/* the VS-stage pseudoinstructions: bits 1:0 = 00 */
	check_htinst_rejected(0x00002000);
	check_htinst_rejected(0x00002020);
	check_htinst_rejected(0x00003000);
	check_htinst_rejected(0x00003020);
	/* a load with bit 0 clear, and a load with bits 63:32 set */
	check_htinst_rejected(0x00002502);
	check_htinst_rejected(0x00002500);
	check_htinst_rejected(1ull << 32 | 0x00002503);
	check_htinst_rejected(1ull << 63 | 0x00002501);
	/* transformed FP loads and stores, AMO, LR, SC; reserved funct3 */
	for (unsigned f3 = 0; f3 < 8; f3++) {
		check_htinst_rejected(tinst(enc_i(OP_LOAD_FP, f3, A0, 0, 0), true));
		check_htinst_rejected(tinst(enc_i(OP_LOAD_FP, f3, A0, 0, 0), false));
		check_htinst_rejected(tinst(enc_s(OP_STORE_FP, f3, 0, A0, 0), false));
	}
	check_htinst_rejected(enc_amo(0x00, 2, A0, 0, A1));	 /* amoadd.w */
	check_htinst_rejected(enc_amo(0x02, 3, T0, 0, 0) & ~2u); /* lr.d */
	check_htinst_rejected(enc_amo(0x03, 2, T1, 0, T2));	 /* sc.w */
	check_htinst_rejected(enc_i(OP_LOAD, 7, A0, 0, 0));
	check_htinst_rejected(enc_s(OP_STORE, 4, 0, A0, 0) & ~2u);
	/* hlv.w a0, (zero): SYSTEM, funct3 100, funct7 0110100 */
	check_htinst_rejected(0x68u << 25 | 4u << 12 | A0 << 7 | OP_SYSTEM);
	/* custom-0 (0x0b) and bits 1:0 = 10 */
	check_htinst_rejected(0x0000250b);
	check_htinst_rejected(0x00002503 & ~1u);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_htinst_loads),
	    cmocka_unit_test(test_htinst_stores),
	    cmocka_unit_test(test_htinst_from_compressed),
	    cmocka_unit_test(test_htinst_addr_offset),
	    cmocka_unit_test(test_htinst_rejected),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
