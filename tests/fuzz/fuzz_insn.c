/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * libFuzzer harness for the trapped load/store decoder
 * (arch/riscv/insn_decode.c). The input is a run of 12-byte records, each an
 * instruction word (little-endian u32) and an htinst value (u64). Every
 * record goes through both entry points, and what they say is checked
 * against the unprivileged spec's encodings, written out here apart from the
 * decoder:
 *  - a decoded access has width 1, 2, 4 or 8, a register below 32, a length
 *    that insn_length agrees with, and sign extension only on narrow loads;
 *    a refused value leaves the record untouched;
 *  - a 32-bit word decodes exactly when it is LB..LWU or SB..SD, to the
 *    fields of its I- or S-type layout;
 *  - a compressed word decodes whatever its upper half holds, and as the
 *    32-bit instruction it expands to (length aside); that expansion's
 *    transformed htinst (bit 1 clear) decodes to the same record;
 *  - an htinst decodes only with bit 0 set and bits 63:32 clear, and then as
 *    the 32-bit word it holds with bit 1 forced, its length from bit 1.
 */
#include <assert.h>
#include <stdint.h>
#include <string.h>

#include "riscv/insn_decode.h"

#define OP_LOAD	    0x03u
#define OP_LOAD_FP  0x07u
#define OP_STORE    0x23u
#define OP_STORE_FP 0x27u
#define REC_LEN	    12

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static unsigned field(uint32_t x, unsigned lo, unsigned n)
{
	return (x >> lo) & ((1u << n) - 1);
}

static bool same(const struct insn_mem *a, const struct insn_mem *b)
{
	return a->width == b->width && a->write == b->write && a->sign_extend == b->sign_extend &&
	       a->reg == b->reg;
}

/* Decode with a poisoned record: a refusal must leave it as it was. */
static bool decode_mem(uint32_t insn, struct insn_mem *m)
{
	struct insn_mem before;
	bool ok;

	memset(m, 0xa5, sizeof(*m));
	memcpy(&before, m, sizeof(before));
	ok = insn_decode_mem(insn, m);
	assert(ok || !memcmp(m, &before, sizeof(before)));
	return ok;
}

static bool decode_htinst(uint64_t htinst, struct insn_mem *m)
{
	struct insn_mem before;
	bool ok;

	memset(m, 0x5a, sizeof(*m));
	memcpy(&before, m, sizeof(before));
	ok = insn_decode_htinst(htinst, m);
	assert(ok || !memcmp(m, &before, sizeof(before)));
	return ok;
}

static void check_sane(const struct insn_mem *m)
{
	assert(m->width == 1 || m->width == 2 || m->width == 4 || m->width == 8);
	assert(m->reg < 32);
	assert(m->len == 2 || m->len == 4);
	assert(!m->sign_extend || (!m->write && m->width < 8));
}

static uint32_t enc_i(unsigned op, unsigned f3, unsigned rd, unsigned rs1, unsigned imm)
{
	return (imm & 0xfff) << 20 | rs1 << 15 | f3 << 12 | rd << 7 | op;
}

static uint32_t enc_s(unsigned op, unsigned f3, unsigned rs1, unsigned rs2, unsigned imm)
{
	return (imm >> 5 & 0x7f) << 25 | rs2 << 20 | rs1 << 15 | f3 << 12 | (imm & 0x1f) << 7 | op;
}

/*
 * The 32-bit form of a compressed load or store (RV64C: funct3 011/111 are
 * C.LD/C.SD, 001/101 the FP doubles), or 0 when c is none. Immediates as the
 * spec scatters them.
 */
static uint32_t expand_c0(uint16_t c)
{
	unsigned rs1 = 8 + field(c, 7, 3), r = 8 + field(c, 2, 3);
	unsigned w = field(c, 10, 3) << 3 | field(c, 6, 1) << 2 | field(c, 5, 1) << 6;
	unsigned d = field(c, 10, 3) << 3 | field(c, 5, 2) << 6;

	switch (field(c, 13, 3)) {
	case 1:
		return enc_i(OP_LOAD_FP, 3, r, rs1, d); /* C.FLD */
	case 2:
		return enc_i(OP_LOAD, 2, r, rs1, w); /* C.LW */
	case 3:
		return enc_i(OP_LOAD, 3, r, rs1, d); /* C.LD */
	case 5:
		return enc_s(OP_STORE_FP, 3, rs1, r, d); /* C.FSD */
	case 6:
		return enc_s(OP_STORE, 2, rs1, r, w); /* C.SW */
	case 7:
		return enc_s(OP_STORE, 3, rs1, r, d); /* C.SD */
	default:
		return 0; /* C.ADDI4SPN, reserved and Zcb */
	}
}

static uint32_t expand_c2(uint16_t c)
{
	unsigned rd = field(c, 7, 5), rs2 = field(c, 2, 5), sp = 2;
	unsigned lw = field(c, 12, 1) << 5 | field(c, 4, 3) << 2 | field(c, 2, 2) << 6;
	unsigned ld = field(c, 12, 1) << 5 | field(c, 5, 2) << 3 | field(c, 2, 3) << 6;
	unsigned sw = field(c, 9, 4) << 2 | field(c, 7, 2) << 6;
	unsigned sd = field(c, 10, 3) << 3 | field(c, 7, 3) << 6;

	switch (field(c, 13, 3)) {
	case 1:
		return enc_i(OP_LOAD_FP, 3, rd, sp, ld); /* C.FLDSP */
	case 2:
		return rd ? enc_i(OP_LOAD, 2, rd, sp, lw) : 0; /* C.LWSP; rd 0 reserved */
	case 3:
		return rd ? enc_i(OP_LOAD, 3, rd, sp, ld) : 0; /* C.LDSP; rd 0 reserved */
	case 5:
		return enc_s(OP_STORE_FP, 3, sp, rs2, sd); /* C.FSDSP */
	case 6:
		return enc_s(OP_STORE, 2, sp, rs2, sw); /* C.SWSP */
	case 7:
		return enc_s(OP_STORE, 3, sp, rs2, sd); /* C.SDSP */
	default:
		return 0;
	}
}

/* The htinst form of a 32-bit load or store: Addr. Offset and immediate zero. */
static uint64_t transform(uint32_t insn32, bool was_32bit)
{
	uint32_t t = insn32 & ~(0x1fu << 15);

	t &= (insn32 & 0x7f) == OP_STORE ? ~(0x7fu << 25 | 0x1fu << 7) : ~(0xfffu << 20);
	return was_32bit ? t : t & ~2u;
}

/* A 32-bit word against its I/S layout, and its transformed forms against it. */
static void check_32(uint32_t insn)
{
	struct insn_mem m, t;
	unsigned op = insn & 0x7f, f3 = field(insn, 12, 3);
	bool ok = decode_mem(insn, &m);
	struct insn_mem want = {4, 0, false, false, 0};

	if (op == OP_LOAD && f3 != 7)
		want = (struct insn_mem){4, 1u << (f3 & 3), false, f3 < 3, field(insn, 7, 5)};
	else if (op == OP_STORE && f3 < 4)
		want = (struct insn_mem){4, 1u << f3, true, false, field(insn, 20, 5)};
	assert(ok == (want.width != 0));
	if (!ok)
		return;
	check_sane(&m);
	assert(m.len == 4 && same(&m, &want));
	assert(decode_htinst(transform(insn, true), &t) && t.len == 4 && same(&t, &m));
	assert(decode_htinst(transform(insn, false), &t) && t.len == 2 && same(&t, &m));
}

/* A compressed word: its upper half is ignored, and it decodes as its expansion. */
static void check_16(uint32_t insn)
{
	uint16_t c = (uint16_t)insn;
	uint32_t wide = (insn & 3) == 0 ? expand_c0(c) : (insn & 3) == 2 ? expand_c2(c) : 0;
	struct insn_mem m, x, t;
	bool ok = decode_mem(insn, &m);

	assert(decode_mem(c, &x) == ok && (!ok || (x.len == m.len && same(&x, &m))));
	assert(decode_mem(insn ^ 0xffff0000u, &x) == ok);
	if (!wide) {
		assert(!ok);
		return;
	}
	assert(decode_mem(wide, &x) == ok);
	if (!ok)
		return;
	check_sane(&m);
	assert(m.len == 2 && insn_length(c) == 2 && same(&m, &x));
	assert(decode_htinst(transform(wide, false), &t) && t.len == 2 && same(&t, &m));
}

/* htinst: only transformed loads and stores, as the 32-bit word with bit 1 forced. */
static void check_htinst(uint64_t htinst)
{
	struct insn_mem m, x;
	bool ok = decode_htinst(htinst, &m);
	bool shaped = (htinst & 1) && !(htinst >> 32);

	if (!shaped) {
		assert(!ok);
		return;
	}
	assert(decode_mem((uint32_t)htinst | 2, &x) == ok);
	if (!ok)
		return;
	check_sane(&m);
	assert(m.len == (htinst & 2 ? 4u : 2u) && same(&m, &x));
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	for (; size >= REC_LEN; data += REC_LEN, size -= REC_LEN) {
		uint32_t insn;
		uint64_t htinst;

		memcpy(&insn, data, sizeof(insn));
		memcpy(&htinst, data + 4, sizeof(htinst));
		assert(insn_length((uint16_t)insn) == ((insn & 3) == 3 ? 4u : 2u));
		if ((insn & 3) == 3)
			check_32(insn);
		else
			check_16(insn);
		check_htinst(htinst);
		/* The low word of htinst as an instruction, and as a transformed one. */
		check_htinst((uint32_t)htinst | 1);
		if (((uint32_t)htinst & 3) == 3)
			check_32((uint32_t)htinst);
	}
	return 0;
}
