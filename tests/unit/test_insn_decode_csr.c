/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The CSR-read decoder (insn_decode_csr_read, arch/riscv/insn_decode.c) on
 * bits from riscv64-unknown-elf-as -march=rv64gc_zicsr: the forms of csrr
 * that only read decode to their CSR and rd; anything that may write the
 * CSR (CSRRW/CSRRWI, a nonzero rs1 or uimm) and other SYSTEM instructions
 * are refused, so Erg never emulates a write as a read. Then the SYSTEM
 * decoder (insn_decode_system) behind privileged emulation: each CSR form
 * with its fields, SRET, WFI, SFENCE.VMA and what is none of them.
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

static const struct {
	uint32_t bits;
	const char *asm_text;
	bool ok;
	struct insn_sys want;
} sys_cases[] = {
    {0x14051573,
     "csrrw a0, sscratch, a0",
     true,
     {INSN_SYS_CSR, INSN_CSR_RW, false, 0x140, 10, 10, 0}},
    {0x1005a073,
     "csrrs zero, sstatus, a1",
     true,
     {INSN_SYS_CSR, INSN_CSR_RS, false, 0x100, 0, 11, 0}},
    {0x104135f3, "csrrc a1, sie, sp", true, {INSN_SYS_CSR, INSN_CSR_RC, false, 0x104, 11, 2, 0}},
    {0x1801d6f3, "csrrwi a3, satp, 3", true, {INSN_SYS_CSR, INSN_CSR_RW, true, 0x180, 13, 3, 0}},
    {0x100167f3, "csrrsi a5, sstatus, 2", true, {INSN_SYS_CSR, INSN_CSR_RS, true, 0x100, 15, 2, 0}},
    {0x144ff073, "csrrci zero, sip, 31", true, {INSN_SYS_CSR, INSN_CSR_RC, true, 0x144, 0, 31, 0}},
    {0x10200073, "sret", true, {INSN_SYS_SRET, 0, false, 0, 0, 0, 0}},
    {0x10500073, "wfi", true, {INSN_SYS_WFI, 0, false, 0, 0, 0, 0}},
    {0x12000073, "sfence.vma", true, {INSN_SYS_SFENCE_VMA, 0, false, 0, 0, 0, 0}},
    {0x12b50073, "sfence.vma a0, a1", true, {INSN_SYS_SFENCE_VMA, 0, false, 0, 0, 10, 11}},
    {0x30200073, "mret", true, {INSN_SYS_OTHER, 0, false, 0, 0, 0, 2}},
    {0x00000073, "ecall", true, {INSN_SYS_OTHER, 0, false, 0, 0, 0, 0}},
    {0x22000073, "hfence.vvma", true, {INSN_SYS_OTHER, 0, false, 0, 0, 0, 0}},
    {0x6005c573, "hlv.b a0, (a1)", true, {INSN_SYS_OTHER, 0, false, 0, 10, 11, 0}},
    {0x0005a503, "lw a0, 0(a1)", false, {0}},
    {0x9002, "c.ebreak", false, {0}},
};

static void test_system(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof(sys_cases) / sizeof(sys_cases[0]); i++) {
		struct insn_sys got = {.kind = INSN_SYS_OTHER, .csr = 0x1234};
		bool ok = insn_decode_system(sys_cases[i].bits, &got);

		if (ok != sys_cases[i].ok)
			fail_msg("%s: decoded %s", sys_cases[i].asm_text, ok ? "yes" : "no");
		if (!ok) {
			assert_int_equal(got.csr, 0x1234);
			continue;
		}
		if (got.kind != sys_cases[i].want.kind)
			fail_msg("%s: kind %d", sys_cases[i].asm_text, got.kind);
		if (got.kind == INSN_SYS_CSR) {
			assert_int_equal(got.op, sys_cases[i].want.op);
			assert_int_equal(got.imm, sys_cases[i].want.imm);
			assert_int_equal(got.csr, sys_cases[i].want.csr);
			assert_int_equal(got.rd, sys_cases[i].want.rd);
		}
		if (got.kind == INSN_SYS_CSR || got.kind == INSN_SYS_SFENCE_VMA)
			assert_int_equal(got.rs1, sys_cases[i].want.rs1);
		if (got.kind == INSN_SYS_SFENCE_VMA)
			assert_int_equal(got.rs2, sys_cases[i].want.rs2);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_csr_reads),
	    cmocka_unit_test(test_system),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
