/*
 * Unit tests for arch/riscv/insn_decode.c, the load/store decoder behind MMIO
 * emulation. Encodings are built here by small encoders written from the
 * field layouts of the unprivileged spec (I/S-type, CL/CS/CI/CSS) and of the
 * H chapter's transformed instructions; a few constants taken from
 * riscv64-unknown-elf-as (GNU as, -march=rv64gc) check both the encoders and
 * the decoder against a real toolchain. Then every 16-bit value, and random
 * 32- and 64-bit values under ASan/UBSan, for false accepts.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "insn_decode.h"
#include "types.h"

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

static uint32_t enc_i(unsigned opcode, unsigned funct3, unsigned rd, unsigned rs1, int imm)
{
	return ((uint32_t)imm & 0xfff) << 20 | rs1 << 15 | funct3 << 12 | rd << 7 | opcode;
}

static uint32_t enc_s(unsigned opcode, unsigned funct3, unsigned rs1, unsigned rs2, int imm)
{
	uint32_t imm12 = (uint32_t)imm & 0xfff;

	return (imm12 >> 5) << 25 | rs2 << 20 | rs1 << 15 | funct3 << 12 | (imm12 & 0x1f) << 7 |
	       opcode;
}

static uint32_t enc_amo(unsigned funct5, unsigned funct3, unsigned rd, unsigned rs1, unsigned rs2)
{
	return funct5 << 27 | rs2 << 20 | rs1 << 15 | funct3 << 12 | rd << 7 | OP_AMO;
}

/* CL/CS, word offsets (C.LW, C.SW): uimm[5:3] at 12:10, uimm[2] at 6, uimm[6] at 5. */
static uint32_t enc_cl_w(unsigned funct3, unsigned rs1p, unsigned rdp, unsigned uimm)
{
	return funct3 << 13 | ((uimm >> 3) & 7) << 10 | rs1p << 7 | ((uimm >> 2) & 1) << 6 |
	       ((uimm >> 6) & 1) << 5 | rdp << 2;
}

/* CL/CS, doubleword offsets (C.LD, C.SD, C.FLD, C.FSD): uimm[5:3] at 12:10, uimm[7:6] at 6:5. */
static uint32_t enc_cl_d(unsigned funct3, unsigned rs1p, unsigned rdp, unsigned uimm)
{
	return funct3 << 13 | ((uimm >> 3) & 7) << 10 | rs1p << 7 | ((uimm >> 6) & 3) << 5 |
	       rdp << 2;
}

/* CI, C.LWSP: uimm[5] at 12, uimm[4:2] at 6:4, uimm[7:6] at 3:2. */
static uint32_t enc_ci_w(unsigned funct3, unsigned rd, unsigned uimm)
{
	return funct3 << 13 | ((uimm >> 5) & 1) << 12 | rd << 7 | ((uimm >> 2) & 7) << 4 |
	       ((uimm >> 6) & 3) << 2 | 2;
}

/* CI, C.LDSP and C.FLDSP: uimm[5] at 12, uimm[4:3] at 6:5, uimm[8:6] at 4:2. */
static uint32_t enc_ci_d(unsigned funct3, unsigned rd, unsigned uimm)
{
	return funct3 << 13 | ((uimm >> 5) & 1) << 12 | rd << 7 | ((uimm >> 3) & 3) << 5 |
	       ((uimm >> 6) & 7) << 2 | 2;
}

/* CSS, C.SWSP: uimm[5:2] at 12:9, uimm[7:6] at 8:7. */
static uint32_t enc_css_w(unsigned funct3, unsigned rs2, unsigned uimm)
{
	return funct3 << 13 | ((uimm >> 2) & 0xf) << 9 | ((uimm >> 6) & 3) << 7 | rs2 << 2 | 2;
}

/* CSS, C.SDSP and C.FSDSP: uimm[5:3] at 12:10, uimm[8:6] at 9:7. */
static uint32_t enc_css_d(unsigned funct3, unsigned rs2, unsigned uimm)
{
	return funct3 << 13 | ((uimm >> 3) & 7) << 10 | ((uimm >> 6) & 7) << 7 | rs2 << 2 | 2;
}

/* The htinst form of a 32-bit load/store: rs1 (Addr. Offset) and immediate zero. */
static uint64_t tinst(uint32_t insn32, bool was_32bit)
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

static const int imms[] = {0, 1, -1, 8, 2047, -2048, 0x555, -0x556};

static void check_decoded(uint64_t raw, bool ok, const struct insn_mem *m, const struct want *w)
{
	if (!ok)
		fail_msg("0x%llx rejected", (unsigned long long)raw);
	if (m->len != w->len || m->width != w->width || m->write != w->write ||
	    m->sign_extend != w->sign || m->reg != w->reg)
		fail_msg("0x%llx: len %u width %u write %d sign %d reg %u, want %u %u %d %d %u",
			 (unsigned long long)raw, m->len, m->width, m->write, m->sign_extend,
			 m->reg, w->len, w->width, w->write, w->sign, w->reg);
}

static void check(uint32_t insn, struct want w)
{
	struct insn_mem m;

	check_decoded(insn, insn_decode_mem(insn, &m), &m, &w);
}

static void check_htinst(uint64_t htinst, struct want w)
{
	struct insn_mem m;

	check_decoded(htinst, insn_decode_htinst(htinst, &m), &m, &w);
}

static void assert_same_mem(const struct insn_mem *a, const struct insn_mem *b)
{
	assert_int_equal(a->len, b->len);
	assert_int_equal(a->width, b->width);
	assert_int_equal(a->write, b->write);
	assert_int_equal(a->sign_extend, b->sign_extend);
	assert_int_equal(a->reg, b->reg);
}

/* A rejected value leaves *out as it was (padding included: nothing is written). */
static void check_rejected(uint32_t insn)
{
	struct insn_mem m, before;

	memset(&m, 0xa5, sizeof(m));
	memcpy(&before, &m, sizeof(m));
	if (insn_decode_mem(insn, &m))
		fail_msg("0x%08x accepted (width %u reg %u)", insn, m.width, m.reg);
	assert_memory_equal(&m, &before, sizeof(m));
}

static void check_htinst_rejected(uint64_t htinst)
{
	struct insn_mem m, before;

	memset(&m, 0x5a, sizeof(m));
	memcpy(&before, &m, sizeof(m));
	if (insn_decode_htinst(htinst, &m))
		fail_msg("htinst 0x%llx accepted", (unsigned long long)htinst);
	assert_memory_equal(&m, &before, sizeof(m));
}

/* --- real encodings --- */

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

/* --- 32-bit forms --- */

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

/* --- compressed forms --- */

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

/* --- random sweeps --- */

static uint64_t rng_state = 0x9e3779b97f4a7c15ull;

static uint64_t rng(void)
{
	/* xorshift64: deterministic, so a failure repeats. */
	rng_state ^= rng_state << 13;
	rng_state ^= rng_state >> 7;
	rng_state ^= rng_state << 17;
	return rng_state;
}

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

/* --- htinst --- */

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
	    cmocka_unit_test(test_known_encodings),
	    cmocka_unit_test(test_encoders_match_assembler),
	    cmocka_unit_test(test_loads_every_register),
	    cmocka_unit_test(test_stores_every_register),
	    cmocka_unit_test(test_reserved_funct3),
	    cmocka_unit_test(test_only_load_store_opcodes),
	    cmocka_unit_test(test_fp_and_atomics_rejected),
	    cmocka_unit_test(test_32bit_needs_low_bits_11),
	    cmocka_unit_test(test_compressed_primed_registers),
	    cmocka_unit_test(test_compressed_sp_forms),
	    cmocka_unit_test(test_compressed_rd0_reserved),
	    cmocka_unit_test(test_compressed_fp_and_zcb_rejected),
	    cmocka_unit_test(test_compressed_ignores_high_half),
	    cmocka_unit_test(test_insn_length),
	    cmocka_unit_test(test_every_16bit_value),
	    cmocka_unit_test(test_random_32bit),
	    cmocka_unit_test(test_htinst_loads),
	    cmocka_unit_test(test_htinst_stores),
	    cmocka_unit_test(test_htinst_from_compressed),
	    cmocka_unit_test(test_htinst_addr_offset),
	    cmocka_unit_test(test_htinst_rejected),
	    cmocka_unit_test(test_htinst_random),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
