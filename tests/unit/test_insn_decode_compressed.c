/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Load/store decoder (arch/riscv/insn_decode.c): the compressed forms and the
 * length rule. Primed-register and SP-relative forms, the reserved and FP
 * encodings it must refuse, the high half it must ignore, insn_length over
 * every 16-bit value, and every 16-bit value decoded against a table the
 * encoders build.
 */
#include <stdint.h>
#include <stdlib.h>

#include "insn_decode_fixture.h"

static void test_compressed_primed_registers(void **state)
{
	(void)state;
	for (unsigned rp = 0; rp < 8; rp++)
		for (unsigned base = 0; base < 8; base++) {
			unsigned wo = (rp * 4 + base * 12) % 128, dof = (rp * 8 + base * 24) % 256;

			check(enc_cl_w(2, base, rp, wo), (struct want){2, 4, false, true, 8 + rp});
			check(enc_cl_d(3, base, rp, dof),
			      (struct want){2, 8, false, false, 8 + rp});
			check(enc_cl_w(6, base, rp, wo), (struct want){2, 4, true, false, 8 + rp});
			check(enc_cl_d(7, base, rp, dof), (struct want){2, 8, true, false, 8 + rp});
		}
}

static void test_compressed_sp_forms(void **state)
{
	(void)state;
	for (unsigned r = 0; r < 32; r++)
		for (unsigned off = 0; off < 256; off += 36) {
			check(enc_css_w(6, r, off & ~3u), (struct want){2, 4, true, false, r});
			check(enc_css_d(7, r, off * 2 & ~7u), (struct want){2, 8, true, false, r});
			if (!r)
				continue;
			check(enc_ci_w(2, r, off & ~3u), (struct want){2, 4, false, true, r});
			check(enc_ci_d(3, r, off * 2 & ~7u), (struct want){2, 8, false, false, r});
		}
}

/* C.LWSP and C.LDSP with rd = x0 are reserved, at every offset. */
static void test_compressed_rd0_reserved(void **state)
{
	(void)state;
	for (unsigned off = 0; off < 256; off += 4)
		check_rejected(enc_ci_w(2, X0, off));
	for (unsigned off = 0; off < 512; off += 8)
		check_rejected(enc_ci_d(3, X0, off));
}

static void test_compressed_fp_and_zcb_rejected(void **state)
{
	(void)state;
	for (unsigned rp = 0; rp < 8; rp++) {
		check_rejected(enc_cl_d(1, rp, 7 - rp, 8 * rp)); /* C.FLD */
		check_rejected(enc_cl_d(5, rp, 7 - rp, 8 * rp)); /* C.FSD */
	}
	for (unsigned r = 0; r < 32; r++) {
		check_rejected(enc_ci_d(1, r, 8 * r));	/* C.FLDSP */
		check_rejected(enc_css_d(5, r, 8 * r)); /* C.FSDSP */
	}
	/* Quadrant 0, funct3 100: reserved in RV64C, Zcb's C.LBU/C.LH/C.SB/C.SH. */
	for (uint32_t low = 0; low < 0x2000; low += 4)
		check_rejected(0x8000 | low);
}

/* Only the low half of a compressed instruction counts; the rest is the next one. */
static void test_compressed_ignores_high_half(void **state)
{
	(void)state;
	check(0xffff0000u | 0x4188, (struct want){2, 4, false, true, A0});
	check(0x00513423u << 16 | 0xe06e, (struct want){2, 8, true, false, S11});
	check_rejected(0x0005a503u << 16 | 0x2508); /* c.fld, then lw */
}

static void test_insn_length(void **state)
{
	(void)state;
	assert_int_equal(insn_length(0x4188), 2); /* c.lw a0, 0(a1) */
	assert_int_equal(insn_length(0xa503), 4); /* low half of lw a0, 0(a1) */
	assert_int_equal(insn_length(0x3423), 4); /* low half of sd t0, 8(sp) */
	assert_int_equal(insn_length(0x0000), 2); /* the all-zero illegal instruction */
	for (uint32_t v = 0; v < 0x10000; v++) {
		unsigned want = (v & 3) == 3 ? 4 : 2;

		if (insn_length((uint16_t)v) != want)
			fail_msg("insn_length(0x%04x) != %u", v, want);
	}
}

/*
 * Every 16-bit value: the encoders, run over all their fields, mark what each
 * compressed load/store encoding must decode to; the decoder must accept
 * exactly those, with those fields.
 */
static void mark(struct want *table, bool *valid, uint32_t bits, struct want w)
{
	assert_true(bits < 0x10000);
	assert_false(valid[bits]); /* no two forms share an encoding */
	valid[bits] = true;
	table[bits] = w;
}

static void test_every_16bit_value(void **state)
{
	struct want *table = calloc(0x10000, sizeof(*table));
	bool *valid = calloc(0x10000, sizeof(*valid));
	unsigned accepted = 0, marked = 0;

	(void)state;
	assert_non_null(table);
	assert_non_null(valid);
	for (unsigned rp = 0; rp < 8; rp++)
		for (unsigned base = 0; base < 8; base++)
			for (unsigned k = 0; k < 32; k++) {
				mark(table, valid, enc_cl_w(2, base, rp, 4 * k),
				     (struct want){2, 4, false, true, 8 + rp});
				mark(table, valid, enc_cl_d(3, base, rp, 8 * k),
				     (struct want){2, 8, false, false, 8 + rp});
				mark(table, valid, enc_cl_w(6, base, rp, 4 * k),
				     (struct want){2, 4, true, false, 8 + rp});
				mark(table, valid, enc_cl_d(7, base, rp, 8 * k),
				     (struct want){2, 8, true, false, 8 + rp});
			}
	for (unsigned r = 0; r < 32; r++)
		for (unsigned k = 0; k < 64; k++) {
			mark(table, valid, enc_css_w(6, r, 4 * k),
			     (struct want){2, 4, true, false, r});
			mark(table, valid, enc_css_d(7, r, 8 * k),
			     (struct want){2, 8, true, false, r});
			if (!r)
				continue;
			mark(table, valid, enc_ci_w(2, r, 4 * k),
			     (struct want){2, 4, false, true, r});
			mark(table, valid, enc_ci_d(3, r, 8 * k),
			     (struct want){2, 8, false, false, r});
		}
	for (uint32_t v = 0; v < 0x10000; v++) {
		struct insn_mem m;

		marked += valid[v];
		if ((v & 3) == 3)
			continue; /* a 32-bit instruction's low half */
		if (!valid[v]) {
			check_rejected(v);
			continue;
		}
		check_decoded(v, insn_decode_mem(v, &m), &m, &table[v]);
		accepted++;
	}
	/* 4 CL/CS forms x 2048, C.SWSP/C.SDSP 2048 each, C.LWSP/C.LDSP 2048 - 64 (rd = 0) each */
	assert_int_equal(marked, 4 * 2048 + 2 * 2048 + 2 * (2048 - 64));
	assert_int_equal(accepted, marked);
	free(table);
	free(valid);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_compressed_primed_registers),
	    cmocka_unit_test(test_compressed_sp_forms),
	    cmocka_unit_test(test_compressed_rd0_reserved),
	    cmocka_unit_test(test_compressed_fp_and_zcb_rejected),
	    cmocka_unit_test(test_compressed_ignores_high_half),
	    cmocka_unit_test(test_insn_length),
	    cmocka_unit_test(test_every_16bit_value),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
