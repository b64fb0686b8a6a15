/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The CSR-read decoder (insn_decode_csr_read, arch/riscv/insn_decode.c) on
 * bits from riscv64-unknown-elf-as -march=rv64gc_zicsr: the forms of csrr
 * that only read decode to their CSR and rd; anything that may write the
 * CSR (CSRRW/CSRRWI, a nonzero rs1 or uimm) and other SYSTEM instructions
 * are refused, so Erg never emulates a write as a read.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>

#include <cmocka.h>

#include "riscv/insn_decode.h"

static const struct {
	uint32_t bits;
	const char *asm_text;
	bool ok;
	unsigned csr, rd;
} csr_cases[] = {
    {0xc0002573, "rdcycle a0", true, 0xc00, 10},
    {0xc02022f3, "rdinstret t0", true, 0xc02, 5},
    {0xc0002073, "csrrs zero, cycle, zero", true, 0xc00, 0},
    {0xc02034f3, "csrrc s1, instret, zero", true, 0xc02, 9},
    {0xc00067f3, "csrrsi a5, cycle, 0", true, 0xc00, 15},
    {0xc01077f3, "csrrci a5, time, 0", true, 0xc01, 15},
    {0xc0302373, "csrr t1, hpmcounter3", true, 0xc03, 6},
    {0xc005a573, "csrrs a0, cycle, a1", false, 0, 0},
    {0xc0001573, "csrrw a0, cycle, zero", false, 0, 0},
    {0xc0005573, "csrrwi a0, cycle, 0", false, 0, 0},
    {0xc000e573, "csrrsi a0, cycle, 1", false, 0, 0},
    {0x00000073, "ecall", false, 0, 0},
    {0x10500073, "wfi", false, 0, 0},
    {0x10200073, "sret", false, 0, 0},
    {0x0005a503, "lw a0, 0(a1)", false, 0, 0},
};

static void test_csr_reads(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof(csr_cases) / sizeof(csr_cases[0]); i++) {
		unsigned csr = 0x1234, rd = 99;
		bool ok = insn_decode_csr_read(csr_cases[i].bits, &csr, &rd);

		if (ok != csr_cases[i].ok)
			fail_msg("%s: decoded %s", csr_cases[i].asm_text, ok ? "yes" : "no");
		if (!ok)
			continue;
		assert_int_equal(csr, csr_cases[i].csr);
		assert_int_equal(rd, csr_cases[i].rd);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_csr_reads),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
