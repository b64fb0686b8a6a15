/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Load/store decoder (arch/riscv/insn_decode.c): random sweeps for false
 * accepts, under ASan/UBSan. Two million random 32-bit values checked against
 * the I/S layouts, then a million random 64-bit htinst values. Both tests draw
 * from one deterministic generator, in this order, so a failure repeats.
 */
#include <stdint.h>

#include "insn_decode_fixture.h"
#include "test_rng.h"

/* What an accepted 32-bit value must decode to, read straight off the I/S layouts. */
static void check_random_32(uint32_t insn)
{
	struct insn_mem m;
	unsigned op = insn & 0x7f, f3 = (insn >> 12) & 7;
	bool ok = insn_decode_mem(insn, &m);

	if ((insn & 3) != 3) {
		struct insn_mem c;

		assert_int_equal(ok, insn_decode_mem(insn & 0xffff, &c));
		if (ok)
			assert_same_mem(&m, &c);
		return;
	}
	if (op == OP_LOAD && f3 != 7) {
		check_decoded(insn, ok, &m,
			      &(struct want){4, 1u << (f3 & 3), false, f3 < 3, (insn >> 7) & 31});
	} else if (op == OP_STORE && f3 < 4) {
		check_decoded(insn, ok, &m,
			      &(struct want){4, 1u << f3, true, false, (insn >> 20) & 31});
	} else if (ok) {
		fail_msg("0x%08x accepted", insn);
	}
}

static void test_random_32bit(void **state)
{
	(void)state;
	for (unsigned i = 0; i < 2000000; i++) {
		uint32_t insn = (uint32_t)rng();

		check_random_32(insn);
		/* the same bits with a load or store opcode, to reach the accepting paths */
		check_random_32((insn & ~0x7fu) | (i & 1 ? OP_LOAD : OP_STORE));
	}
}

static void test_htinst_random(void **state)
{
	(void)state;
	for (unsigned i = 0; i < 1000000; i++) {
		uint64_t v = rng();
		uint32_t low = (uint32_t)v | 1;
		struct insn_mem a, b;

		/* bits 63:32 set (almost always) */
		if (v >> 32)
			check_htinst_rejected(v | 1);
		/* low word only: decodes as the 32-bit form, len from bit 1 */
		if (insn_decode_htinst(low, &a)) {
			assert_true(insn_decode_mem(low | 2, &b));
			assert_int_equal(a.len, low & 2 ? 4 : 2);
			b.len = a.len;
			assert_same_mem(&a, &b);
		} else {
			assert_false(insn_decode_mem(low | 2, &b));
		}
		check_htinst_rejected(low & ~1u);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_random_32bit),
	    cmocka_unit_test(test_htinst_random),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
