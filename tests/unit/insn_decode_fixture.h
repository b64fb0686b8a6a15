/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Shared fixture for the load/store decoder tests (test_insn_decode_*.c):
 * encoders written from the field layouts of the unprivileged spec (I/S-type,
 * AMO, CL/CS/CI/CSS) and of the H chapter's transformed instructions, the
 * 32-bit load and store forms, and checks that a value decodes to the wanted
 * record or is rejected without touching it.
 *
 * Header-only on purpose: every test_*.c is its own binary and includes this
 * once, so the Makefile needs no extra objects.
 */
#ifndef TESTS_UNIT_INSN_DECODE_FIXTURE_H
#define TESTS_UNIT_INSN_DECODE_FIXTURE_H

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "lib/types.h"
#include "riscv/insn_decode.h"

#define OP_LOAD	    0x03u
#define OP_LOAD_FP  0x07u
#define OP_STORE    0x23u
#define OP_STORE_FP 0x27u
#define OP_AMO	    0x2fu
#define OP_SYSTEM   0x73u

/* Registers the assembler constants name. */
enum { X0, RA, SP, GP, TP, T0, T1, T2, S0, S1, A0, A1, A2, A3, A4, A5, A7 = 17, S11 = 27, T6 = 31 };

struct want {
	unsigned len, width;
	bool write, sign;
	unsigned reg;
};

/* --- encoders, from the spec's field layouts --- */

static inline uint32_t enc_i(unsigned opcode, unsigned funct3, unsigned rd, unsigned rs1, int imm)
{
	return ((uint32_t)imm & 0xfff) << 20 | rs1 << 15 | funct3 << 12 | rd << 7 | opcode;
}

static inline uint32_t enc_s(unsigned opcode, unsigned funct3, unsigned rs1, unsigned rs2, int imm)
{
	uint32_t imm12 = (uint32_t)imm & 0xfff;

	return (imm12 >> 5) << 25 | rs2 << 20 | rs1 << 15 | funct3 << 12 | (imm12 & 0x1f) << 7 |
	       opcode;
}

static inline uint32_t enc_amo(unsigned funct5, unsigned funct3, unsigned rd, unsigned rs1,
			       unsigned rs2)
{
	return funct5 << 27 | rs2 << 20 | rs1 << 15 | funct3 << 12 | rd << 7 | OP_AMO;
}

/* CL/CS, word offsets (C.LW, C.SW): uimm[5:3] at 12:10, uimm[2] at 6, uimm[6] at 5. */
static inline uint32_t enc_cl_w(unsigned funct3, unsigned rs1p, unsigned rdp, unsigned uimm)
{
	return funct3 << 13 | ((uimm >> 3) & 7) << 10 | rs1p << 7 | ((uimm >> 2) & 1) << 6 |
	       ((uimm >> 6) & 1) << 5 | rdp << 2;
}

/* CL/CS, doubleword offsets (C.LD, C.SD, C.FLD, C.FSD): uimm[5:3] at 12:10, uimm[7:6] at 6:5. */
static inline uint32_t enc_cl_d(unsigned funct3, unsigned rs1p, unsigned rdp, unsigned uimm)
{
	return funct3 << 13 | ((uimm >> 3) & 7) << 10 | rs1p << 7 | ((uimm >> 6) & 3) << 5 |
	       rdp << 2;
}

/* CI, C.LWSP: uimm[5] at 12, uimm[4:2] at 6:4, uimm[7:6] at 3:2. */
static inline uint32_t enc_ci_w(unsigned funct3, unsigned rd, unsigned uimm)
{
	return funct3 << 13 | ((uimm >> 5) & 1) << 12 | rd << 7 | ((uimm >> 2) & 7) << 4 |
	       ((uimm >> 6) & 3) << 2 | 2;
}

/* CI, C.LDSP and C.FLDSP: uimm[5] at 12, uimm[4:3] at 6:5, uimm[8:6] at 4:2. */
static inline uint32_t enc_ci_d(unsigned funct3, unsigned rd, unsigned uimm)
{
	return funct3 << 13 | ((uimm >> 5) & 1) << 12 | rd << 7 | ((uimm >> 3) & 3) << 5 |
	       ((uimm >> 6) & 7) << 2 | 2;
}

/* CSS, C.SWSP: uimm[5:2] at 12:9, uimm[7:6] at 8:7. */
static inline uint32_t enc_css_w(unsigned funct3, unsigned rs2, unsigned uimm)
{
	return funct3 << 13 | ((uimm >> 2) & 0xf) << 9 | ((uimm >> 6) & 3) << 7 | rs2 << 2 | 2;
}

/* CSS, C.SDSP and C.FSDSP: uimm[5:3] at 12:10, uimm[8:6] at 9:7. */
static inline uint32_t enc_css_d(unsigned funct3, unsigned rs2, unsigned uimm)
{
	return funct3 << 13 | ((uimm >> 3) & 7) << 10 | ((uimm >> 6) & 7) << 7 | rs2 << 2 | 2;
}

/* The htinst form of a 32-bit load/store: rs1 (Addr. Offset) and immediate zero. */
static inline uint64_t tinst(uint32_t insn32, bool was_32bit)
{
	uint32_t t = insn32 & ~(0x1fu << 15); /* Addr. Offset */

	if ((insn32 & 0x7f) == OP_STORE)
		t &= ~(0x7fu << 25 | 0x1fu << 7); /* imm[11:5], imm[4:0] */
	else
		t &= ~(0xfffu << 20); /* imm[11:0] */
	return was_32bit ? t : t & ~2u;
}

/* --- forms --- */

struct form32 {
	unsigned opcode, funct3, width;
	bool sign;
};

static const struct form32 loads[] = {
    {OP_LOAD, 0, 1, true},  /* LB */
    {OP_LOAD, 1, 2, true},  /* LH */
    {OP_LOAD, 2, 4, true},  /* LW */
    {OP_LOAD, 3, 8, false}, /* LD */
    {OP_LOAD, 4, 1, false}, /* LBU */
    {OP_LOAD, 5, 2, false}, /* LHU */
    {OP_LOAD, 6, 4, false}, /* LWU */
};

static const struct form32 stores[] = {
    {OP_STORE, 0, 1, false}, /* SB */
    {OP_STORE, 1, 2, false}, /* SH */
    {OP_STORE, 2, 4, false}, /* SW */
    {OP_STORE, 3, 8, false}, /* SD */
};

static inline void check_decoded(uint64_t raw, bool ok, const struct insn_mem *m,
				 const struct want *w)
{
	if (!ok)
		fail_msg("0x%llx rejected", (unsigned long long)raw);
	if (m->len != w->len || m->width != w->width || m->write != w->write ||
	    m->sign_extend != w->sign || m->reg != w->reg)
		fail_msg("0x%llx: len %u width %u write %d sign %d reg %u, want %u %u %d %d %u",
			 (unsigned long long)raw, m->len, m->width, m->write, m->sign_extend,
			 m->reg, w->len, w->width, w->write, w->sign, w->reg);
}

static inline void check(uint32_t insn, struct want w)
{
	struct insn_mem m;

	check_decoded(insn, insn_decode_mem(insn, &m), &m, &w);
}

static inline void check_htinst(uint64_t htinst, struct want w)
{
	struct insn_mem m;

	check_decoded(htinst, insn_decode_htinst(htinst, &m), &m, &w);
}

static inline void assert_same_mem(const struct insn_mem *a, const struct insn_mem *b)
{
	assert_int_equal(a->len, b->len);
	assert_int_equal(a->width, b->width);
	assert_int_equal(a->write, b->write);
	assert_int_equal(a->sign_extend, b->sign_extend);
	assert_int_equal(a->reg, b->reg);
}

/* A rejected value leaves *out as it was (padding included: nothing is written). */
static inline void check_rejected(uint32_t insn)
{
	struct insn_mem m, before;

	memset(&m, 0xa5, sizeof(m));
	memcpy(&before, &m, sizeof(m));
	if (insn_decode_mem(insn, &m))
		fail_msg("0x%08x accepted (width %u reg %u)", insn, m.width, m.reg);
	assert_memory_equal(&m, &before, sizeof(m));
}

static inline void check_htinst_rejected(uint64_t htinst)
{
	struct insn_mem m, before;

	memset(&m, 0x5a, sizeof(m));
	memcpy(&before, &m, sizeof(m));
	if (insn_decode_htinst(htinst, &m))
		fail_msg("htinst 0x%llx accepted", (unsigned long long)htinst);
	assert_memory_equal(&m, &before, sizeof(m));
}

#endif
