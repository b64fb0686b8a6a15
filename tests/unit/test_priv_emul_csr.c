/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The no-H privileged-instruction emulator (arch/riscv/noh/priv_emul.c):
 * the CSR instructions. Every supervisor CSR read back through its WARL
 * mask, the flags each write raises, the set/clear/immediate forms, rd = x0
 * and rd = rs1, the forms that do not write (rs1 = x0, uimm = 0) having no
 * side effect, and what is illegal (virtual U, missing or higher-privilege
 * CSRs, writes to read-only ones) or left to the caller (user-level CSRs).
 */
#include "priv_emul_fixture.h"

#define ALL ~0UL

static const struct {
	unsigned csr;
	uint64_t write, read;
} warl_cases[] = {
    {0x100, ALL, 0x2UL << 32 | 1UL << 63 | 0x3UL << 18 | 0x3UL << 13 | 0x122},
    {0x100, 0, 0x2UL << 32},
    {0x100, 0x2000, 0x2UL << 32 | 0x2000}, /* FS Initial: no SD */
    {0x104, ALL, 0x222},
    {0x144, ALL, 0x2}, /* STIP and SEIP are not the guest's */
    {0x105, 0x80200001, 0x80200001},
    {0x105, 0x80200000, 0x80200000},
    {0x106, ALL, 0x7},
    {0x10a, ALL, 0x1},
    {0x140, ALL, ALL},
    {0x141, ALL, ~1UL},
    {0x141, 0x80200002, 0x80200002},
    {0x142, 0x8000000000000009UL, 0x8000000000000009UL},
    {0x143, ALL, ALL},
    {0x14d, 0x123456789abcdefUL, 0x123456789abcdefUL},
    {0x180, 8UL << 60 | 5UL << 44 | 0x80400, 8UL << 60 | 5UL << 44 | 0x80400},
    {0x180, 9UL << 60 | 0xffffUL << 44 | 0xfffffffffffUL,
     9UL << 60 | 0xffffUL << 44 | 0xfffffffffffUL},
    {0x180, 0xfffffffffffffffUL, 0}, /* Bare: the other fields are zeroed */
};

static void test_warl_masks(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof(warl_cases) / sizeof(warl_cases[0]); i++) {
		struct vcpu v;

		vcpu_init(&v, &all_features);
		csr_set_value(&v, warl_cases[i].csr, warl_cases[i].write);
		if (csr_get(&v, warl_cases[i].csr) != warl_cases[i].read)
			fail_msg("csr %#x written %#lx read %#lx, want %#lx", warl_cases[i].csr,
				 (unsigned long)warl_cases[i].write, (unsigned long)v.x[A1],
				 (unsigned long)warl_cases[i].read);
	}
}

/* Reserved stvec modes and unoffered satp modes leave the register as it was. */
static void test_warl_writes_ignored(void **state)
{
	struct priv_features no_sv48 = all_features;
	uint64_t sv39 = 8UL << 60 | 0x80400;
	struct vcpu v;

	(void)state;
	vcpu_init(&v, &all_features);
	csr_set_value(&v, 0x105, 0x80200001);
	csr_set_value(&v, 0x105, 0x80300002);
	assert_int_equal(csr_get(&v, 0x105), 0x80200001);
	csr_set_value(&v, 0x105, 0x80300003);
	assert_int_equal(csr_get(&v, 0x105), 0x80200001);

	no_sv48.sv48 = false;
	vcpu_init(&v, &no_sv48);
	csr_set_value(&v, 0x180, sv39);
	for (uint64_t mode = 1; mode < 16; mode++) {
		if (mode == 8)
			continue;
		v.x[A0] = mode << 60 | 0x90000;
		run_done(&v, enc_csr(F3_CSRRW, X0, A0, 0x180), 0);
		assert_int_equal(csr_get(&v, 0x180), sv39);
	}
}

/* Without an FPU FS stays Off; without Sstc stimecmp does not exist. */
static void test_features_missing(void **state)
{
	struct priv_features none = {0};
	struct vcpu v;

	(void)state;
	vcpu_init(&v, &none);
	csr_set_value(&v, 0x100, ALL);
	assert_int_equal(csr_get(&v, 0x100) & (0x3UL << 13 | 1UL << 63), 0);
	run_reflect(&v, enc_csr(F3_CSRRS, A1, X0, 0x14d));
	run_reflect(&v, enc_csr(F3_CSRRW, X0, A0, 0x14d));
	v.x[A0] = 8UL << 60 | 1;
	run_done(&v, enc_csr(F3_CSRRW, X0, A0, 0x180), 0);
	assert_int_equal(v.s.satp, 0);
}

static const struct {
	unsigned csr;
	uint64_t value;
	unsigned flags;
} flag_cases[] = {
    {0x100, 0x2, PRIV_EMUL_IRQ},
    {0x100, 1UL << 18, PRIV_EMUL_XLATE},
    {0x100, 1UL << 19, PRIV_EMUL_XLATE},
    {0x100, 0x6000, PRIV_EMUL_FS},
    {0x100, 0x120, 0},
    {0x104, 0x20, PRIV_EMUL_IRQ},
    {0x104, 0x0, 0},
    {0x144, 0x2, PRIV_EMUL_IRQ},
    {0x144, 0x20, 0},
    {0x14d, 0, PRIV_EMUL_TIMER},
    {0x180, 8UL << 60 | 1, PRIV_EMUL_SATP},
    {0x180, 0, 0},
    {0x180, 10UL << 60 | 1, 0},
    {0x140, 1, 0},
};

static void test_write_flags(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof(flag_cases) / sizeof(flag_cases[0]); i++) {
		struct vcpu v;

		vcpu_init(&v, &all_features);
		v.x[A0] = flag_cases[i].value;
		run_done(&v, enc_csr(F3_CSRRW, X0, A0, flag_cases[i].csr), flag_cases[i].flags);
	}
}

/* The same satp again is no switch; a new ASID is. */
static void test_satp_rewrite(void **state)
{
	struct vcpu v;

	(void)state;
	vcpu_init(&v, &all_features);
	v.x[A0] = 8UL << 60 | 0x80400;
	run_done(&v, enc_csr(F3_CSRRW, X0, A0, 0x180), PRIV_EMUL_SATP);
	run_done(&v, enc_csr(F3_CSRRW, X0, A0, 0x180), 0);
	v.x[A0] |= 3UL << 44;
	run_done(&v, enc_csr(F3_CSRRW, X0, A0, 0x180), PRIV_EMUL_SATP);
}

/* sip shows what the back end injected; a guest write keeps it. */
static void test_sip_injected(void **state)
{
	struct vcpu v;

	(void)state;
	vcpu_init(&v, &all_features);
	v.s.sip = PRIV_SIP_STIP | PRIV_SIP_SEIP;
	csr_set_value(&v, 0x144, 0);
	assert_int_equal(csr_get(&v, 0x144), 0x220);
	csr_set_value(&v, 0x144, ALL);
	assert_int_equal(csr_get(&v, 0x144), 0x222);
}

static void test_set_clear_swap(void **state)
{
	struct vcpu v;

	(void)state;
	vcpu_init(&v, &all_features);
	csr_set_value(&v, 0x140, 0xf0);
	v.x[A0] = 0x0f;
	run_done(&v, enc_csr(F3_CSRRS, A1, A0, 0x140), 0);
	assert_int_equal(v.x[A1], 0xf0);
	assert_int_equal(v.s.sscratch, 0xff);
	v.x[A0] = 0x3c;
	run_done(&v, enc_csr(F3_CSRRC, A1, A0, 0x140), 0);
	assert_int_equal(v.x[A1], 0xff);
	assert_int_equal(v.s.sscratch, 0xc3);
	/* rd = rs1: the old value lands in the register the new one came from. */
	v.x[A0] = 0x1234;
	run_done(&v, enc_csr(F3_CSRRW, A0, A0, 0x140), 0);
	assert_int_equal(v.x[A0], 0xc3);
	assert_int_equal(v.s.sscratch, 0x1234);
}

static void test_immediates(void **state)
{
	struct vcpu v;

	(void)state;
	vcpu_init(&v, &all_features);
	run_done(&v, enc_csr(F3_CSRRWI, A1, 31, 0x140), 0);
	assert_int_equal(v.s.sscratch, 31);
	run_done(&v, enc_csr(F3_CSRRCI, A1, 5, 0x140), 0);
	assert_int_equal(v.x[A1], 31);
	assert_int_equal(v.s.sscratch, 26);
	run_done(&v, enc_csr(F3_CSRRSI, A1, 1, 0x140), 0);
	assert_int_equal(v.s.sscratch, 27);
	/* csrsi sstatus, SIE: the immediate reaches the interrupt state. */
	run_done(&v, enc_csr(F3_CSRRSI, X0, 2, 0x100), PRIV_EMUL_IRQ);
	assert_true(v.s.sstatus & SSTATUS_SIE);
	run_done(&v, enc_csr(F3_CSRRCI, X0, 2, 0x100), PRIV_EMUL_IRQ);
	assert_false(v.s.sstatus & SSTATUS_SIE);
}

/* rd = x0: the write happens, x0 stays zero, no other register moves. */
static void test_rd_x0(void **state)
{
	struct vcpu v, before;

	(void)state;
	vcpu_init(&v, &all_features);
	before = v;
	run_done(&v, enc_csr(F3_CSRRW, X0, A2, 0x140), 0);
	assert_int_equal(v.s.sscratch, v.x[A2]);
	assert_memory_equal(v.x, before.x, sizeof(v.x));
}

/* CSRRS/CSRRC with x0 and the I forms with 0 read only: no flag, no change. */
static void test_no_write_forms(void **state)
{
	static const unsigned csrs[] = {0x100, 0x104, 0x144, 0x105, 0x141, 0x14d, 0x180};
	static const unsigned forms[] = {F3_CSRRS, F3_CSRRC, F3_CSRRSI, F3_CSRRCI};

	(void)state;
	for (size_t c = 0; c < sizeof(csrs) / sizeof(csrs[0]); c++)
		for (size_t f = 0; f < sizeof(forms) / sizeof(forms[0]); f++) {
			struct vcpu v;
			struct priv_state before;

			vcpu_init(&v, &all_features);
			v.s.sstatus = SSTATUS_SIE;
			v.s.satp = 8UL << 60 | 7;
			v.s.sip = PRIV_SIP_SSIP;
			before = v.s;
			run_done(&v, enc_csr(forms[f], A1, X0, csrs[c]), 0);
			assert_memory_equal(&before, &v.s, sizeof(before));
		}
}

/*
 * Read-only CSRs: only a form that writes is illegal, decided by the
 * register number, not its value (x[a0] = 0 still writes). Reads of
 * user-level CSRs are the caller's business.
 */
static void test_read_only(void **state)
{
	struct vcpu v;

	(void)state;
	vcpu_init(&v, &all_features);
	v.x[A0] = 0;
	run_reflect(&v, enc_csr(F3_CSRRS, A1, A0, 0xc00));
	run_reflect(&v, enc_csr(F3_CSRRW, X0, X0, 0xc01));
	run_reflect(&v, enc_csr(F3_CSRRWI, A1, 0, 0xc02));
	run_reflect(&v, enc_csr(F3_CSRRC, A1, A0, 0xda0));
	assert_int_equal(run(&v, enc_csr(F3_CSRRS, A1, X0, 0xc00)).action, PRIV_EMUL_UNHANDLED);
	assert_int_equal(run(&v, enc_csr(F3_CSRRSI, A1, 0, 0xc01)).action, PRIV_EMUL_UNHANDLED);
	assert_int_equal(run(&v, enc_csr(F3_CSRRW, X0, A0, 0x003)).action, PRIV_EMUL_UNHANDLED);
}

/* Missing, hypervisor and machine CSRs from virtual S; every S CSR from virtual U. */
static void test_illegal_csrs(void **state)
{
	static const unsigned missing[] = {0x10c, 0x5c0, 0x9c0, 0x600, 0x680, 0x300, 0x344, 0xf14};
	static const unsigned s_csrs[] = {0x100, 0x104, 0x105, 0x106, 0x10a, 0x140,
					  0x141, 0x142, 0x143, 0x144, 0x14d, 0x180};
	struct vcpu v;

	(void)state;
	vcpu_init(&v, &all_features);
	for (size_t i = 0; i < sizeof(missing) / sizeof(missing[0]); i++) {
		run_reflect(&v, enc_csr(F3_CSRRS, A1, X0, missing[i]));
		run_reflect(&v, enc_csr(F3_CSRRW, A1, A0, missing[i]));
	}
	v.s.mode = PRIV_MODE_U;
	for (size_t i = 0; i < sizeof(s_csrs) / sizeof(s_csrs[0]); i++) {
		run_reflect(&v, enc_csr(F3_CSRRS, A1, X0, s_csrs[i]));
		run_reflect(&v, enc_csr(F3_CSRRWI, X0, 1, s_csrs[i]));
	}
	/* From virtual U a counter read is still the caller's; a counter write is illegal. */
	assert_int_equal(run(&v, enc_csr(F3_CSRRS, A1, X0, 0xc01)).action, PRIV_EMUL_UNHANDLED);
	run_reflect(&v, enc_csr(F3_CSRRW, A1, A0, 0xc01));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_warl_masks),
	    cmocka_unit_test(test_warl_writes_ignored),
	    cmocka_unit_test(test_features_missing),
	    cmocka_unit_test(test_write_flags),
	    cmocka_unit_test(test_satp_rewrite),
	    cmocka_unit_test(test_sip_injected),
	    cmocka_unit_test(test_set_clear_swap),
	    cmocka_unit_test(test_immediates),
	    cmocka_unit_test(test_rd_x0),
	    cmocka_unit_test(test_no_write_forms),
	    cmocka_unit_test(test_read_only),
	    cmocka_unit_test(test_illegal_csrs),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
