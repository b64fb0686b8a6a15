/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Shared fixture for the privileged-instruction emulator's tests
 * (test_priv_emul*.c): encoders of the SYSTEM instructions from the spec's
 * field layouts, a vCPU state with every feature offered, and helpers that
 * run one instruction and check the record that comes back. Header-only:
 * each test file is its own binary.
 */
#ifndef TESTS_UNIT_PRIV_EMUL_FIXTURE_H
#define TESTS_UNIT_PRIV_EMUL_FIXTURE_H

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "riscv/noh/priv_emul.h"

enum { F3_CSRRW = 1, F3_CSRRS, F3_CSRRC, F3_CSRRWI = 5, F3_CSRRSI, F3_CSRRCI };
enum { X0, RA, SP, GP, TP, T0, T1, T2, S0, S1, A0, A1, A2, A3, A4, A5 };

#define INSN_SRET 0x10200073u
#define INSN_WFI  0x10500073u
#define PC	  0x80201000UL

static inline uint32_t enc_csr(unsigned funct3, unsigned rd, unsigned rs1, unsigned csr)
{
	return csr << 20 | rs1 << 15 | funct3 << 12 | rd << 7 | 0x73u;
}

static inline uint32_t enc_sfence(unsigned rs1, unsigned rs2)
{
	return 0x09u << 25 | rs2 << 20 | rs1 << 15 | 0x73u;
}

static const struct priv_features all_features = {
    .sv39 = true, .sv48 = true, .sstc = true, .fp = true};

struct vcpu {
	struct priv_state s;
	uint64_t x[32];
};

static inline void vcpu_init(struct vcpu *v, const struct priv_features *f)
{
	memset(v, 0, sizeof(*v));
	priv_state_reset(&v->s, f);
	/* Recognizable garbage in every register but x0. */
	for (unsigned i = 1; i < 32; i++)
		v->x[i] = 0x1111111111111111UL * (i % 15 + 1);
}

static inline struct priv_emul_result run(struct vcpu *v, uint32_t insn)
{
	return priv_emul_insn(&v->s, insn, v->x, PC);
}

/* insn completes at pc + 4 with exactly these flags. */
static inline void run_done(struct vcpu *v, uint32_t insn, unsigned flags)
{
	struct priv_emul_result r = run(v, insn);

	assert_int_equal(r.action, PRIV_EMUL_DONE);
	assert_int_equal(r.next_pc, PC + 4);
	assert_int_equal(r.flags, flags);
}

/* insn is reflected with stval = its bits and changes neither state nor registers. */
static inline void run_reflect(struct vcpu *v, uint32_t insn)
{
	struct vcpu before = *v;
	struct priv_emul_result r = run(v, insn);

	assert_int_equal(r.action, PRIV_EMUL_REFLECT);
	assert_int_equal(r.tval, insn);
	assert_memory_equal(&before, v, sizeof(*v));
}

/* csrw csr, value (through a0); csrr a1, csr. */
static inline void csr_set_value(struct vcpu *v, unsigned csr, uint64_t value)
{
	struct priv_emul_result r;

	v->x[A0] = value;
	r = run(v, enc_csr(F3_CSRRW, X0, A0, csr));
	assert_int_equal(r.action, PRIV_EMUL_DONE);
}

static inline uint64_t csr_get(struct vcpu *v, unsigned csr)
{
	run_done(v, enc_csr(F3_CSRRS, A1, X0, csr), 0);
	return v->x[A1];
}

#endif
