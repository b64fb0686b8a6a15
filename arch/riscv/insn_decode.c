/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The RV64 integer load/store decoder behind MMIO emulation. Field layouts
 * are those of the unprivileged spec (I-type loads, S-type stores, the C
 * extension's CL/CS and CI/CSS formats) and of the H chapter's transformed
 * instructions. Offsets and base registers are never decoded: the faulting
 * address comes from stval/htval, so only width, direction, signedness and
 * the data register matter here.
 */
#include "insn_decode.h"

/* 32-bit major opcodes (bits 6:0). */
#define OPCODE_MASK  0x7fu
#define OPCODE_LOAD  0x03u
#define OPCODE_STORE 0x23u

/*
 * funct3 of LOAD: bits 1:0 give log2(width); 0b000..0b010 are the signed
 * LB LH LW, 0b011 is LD, 0b1xx the unsigned LBU LHU LWU; 0b111 is reserved.
 */
#define LOAD_FUNCT3_LD	     0x3u
#define LOAD_FUNCT3_RESERVED 0x7u
/* funct3 of STORE: 0b000..0b011 are SB..SD; 0b1xx are reserved in RV64I. */
#define STORE_FUNCT3_MAX 0x3u

/* Compressed quadrants (bits 1:0); 0b11 means a 32-bit instruction. */
#define INSN_QUADRANT_MASK 0x3u
#define C_QUADRANT_0	   0x0u
#define C_QUADRANT_2	   0x2u
#define INSN_32BIT	   0x3u

/* funct3 (bits 15:13) shared by quadrant 0 (CL/CS) and quadrant 2 (CI/CSS) in RV64C. */
#define C_FUNCT3_LW 0x2u /* C.LW / C.LWSP */
#define C_FUNCT3_LD 0x3u /* C.LD / C.LDSP (C.FLW/C.FLWSP in RV32) */
#define C_FUNCT3_SW 0x6u /* C.SW / C.SWSP */
#define C_FUNCT3_SD 0x7u /* C.SD / C.SDSP (C.FSW/C.FSWSP in RV32) */

/* The CL/CS formats name x8..x15 with three bits. */
#define C_PRIMED_BASE 8u

/* Transformed instructions in htinst. */
#define TINST_TRANSFORMED 0x1ull /* bit 0: a transformation of the trapping insn */
#define TINST_WAS_32BIT	  0x2ull /* bit 1: 1 = 32-bit original, 0 = compressed */
#define TINST_HIGH_MASK	  0xffffffff00000000ull

static unsigned bits(uint32_t insn, unsigned lo, unsigned n)
{
	return (insn >> lo) & ((1u << n) - 1);
}

static void insn_mem_set(struct insn_mem *out, unsigned len, unsigned width, bool write,
			 bool sign_extend, unsigned reg)
{
	*out = (struct insn_mem){
	    .len = len, .width = width, .write = write, .sign_extend = sign_extend, .reg = reg};
}

/* LB LH LW LD LBU LHU LWU (I-type) and SB SH SW SD (S-type). */
static bool insn_decode_32(uint32_t insn, struct insn_mem *out)
{
	unsigned funct3 = bits(insn, 12, 3);

	switch (insn & OPCODE_MASK) {
	case OPCODE_LOAD:
		if (funct3 == LOAD_FUNCT3_RESERVED)
			return false;
		/* LD fills the whole register, so it is reported as not extending. */
		insn_mem_set(out, 4, 1u << (funct3 & 3), false, funct3 < LOAD_FUNCT3_LD,
			     bits(insn, 7, 5));
		return true;
	case OPCODE_STORE:
		if (funct3 > STORE_FUNCT3_MAX)
			return false;
		insn_mem_set(out, 4, 1u << funct3, true, false, bits(insn, 20, 5));
		return true;
	default:
		return false;
	}
}

/* C.LW C.LD C.SW C.SD: the data register is rd'/rs2' in bits 4:2. */
static bool insn_decode_c0(uint32_t insn, struct insn_mem *out)
{
	unsigned reg = C_PRIMED_BASE + bits(insn, 2, 3);

	switch (bits(insn, 13, 3)) {
	case C_FUNCT3_LW:
		insn_mem_set(out, 2, 4, false, true, reg);
		return true;
	case C_FUNCT3_LD:
		insn_mem_set(out, 2, 8, false, false, reg);
		return true;
	case C_FUNCT3_SW:
		insn_mem_set(out, 2, 4, true, false, reg);
		return true;
	case C_FUNCT3_SD:
		insn_mem_set(out, 2, 8, true, false, reg);
		return true;
	default:
		return false;
	}
}

/*
 * C.LWSP C.LDSP (rd in bits 11:7; rd = x0 is reserved) and C.SWSP C.SDSP
 * (rs2 in bits 6:2, where x0 is a legal store of zero).
 */
static bool insn_decode_c2(uint32_t insn, struct insn_mem *out)
{
	unsigned rd = bits(insn, 7, 5), rs2 = bits(insn, 2, 5);

	switch (bits(insn, 13, 3)) {
	case C_FUNCT3_LW:
		if (!rd)
			return false;
		insn_mem_set(out, 2, 4, false, true, rd);
		return true;
	case C_FUNCT3_LD:
		if (!rd)
			return false;
		insn_mem_set(out, 2, 8, false, false, rd);
		return true;
	case C_FUNCT3_SW:
		insn_mem_set(out, 2, 4, true, false, rs2);
		return true;
	case C_FUNCT3_SD:
		insn_mem_set(out, 2, 8, true, false, rs2);
		return true;
	default:
		return false;
	}
}

bool insn_decode_mem(uint32_t insn, struct insn_mem *out)
{
	switch (insn & INSN_QUADRANT_MASK) {
	case INSN_32BIT:
		return insn_decode_32(insn, out);
	case C_QUADRANT_0:
		return insn_decode_c0(insn & 0xffffu, out);
	case C_QUADRANT_2:
		return insn_decode_c2(insn & 0xffffu, out);
	default: /* quadrant 1 has no loads or stores */
		return false;
	}
}

bool insn_decode_htinst(uint64_t htinst, struct insn_mem *out)
{
	struct insn_mem mem;

	/*
	 * The spec asks software to verify the whole value: a future standard
	 * may put other meanings in bits 63:32, and the VS-stage
	 * pseudoinstructions (0x2000, 0x3000, ...) have bit 0 clear. The
	 * Addr. Offset field in bits 19:15 and the zeroed immediate are not
	 * checked; the spec says the kind alone identifies the instruction.
	 */
	if (!(htinst & TINST_TRANSFORMED) || (htinst & TINST_HIGH_MASK))
		return false;
	if (!insn_decode_32((uint32_t)(htinst | TINST_WAS_32BIT), &mem))
		return false;
	/*
	 * A compressed original was expanded before transforming, so its
	 * registers may be any the 32-bit form names (C.LWSP reaches all 32;
	 * Zcb's C.LBU/C.LH/C.SB... transform to byte and halfword forms).
	 */
	mem.len = (htinst & TINST_WAS_32BIT) ? 4 : 2;
	*out = mem;
	return true;
}

#define INSN_OPCODE_SYSTEM 0x73

bool insn_decode_csr_read(uint32_t insn, unsigned *csr, unsigned *rd)
{
	unsigned funct3 = (insn >> 12) & 7;

	/* funct3 2, 3, 6, 7: CSRRS, CSRRC, CSRRSI, CSRRCI; bits 19:15 are rs1 or uimm. */
	if ((insn & 0x7f) != INSN_OPCODE_SYSTEM || (funct3 & 3) < 2 || ((insn >> 15) & 31))
		return false;
	*csr = insn >> 20;
	*rd = (insn >> 7) & 31;
	return true;
}

/* SYSTEM instructions with funct3 = 000 that privileged emulation knows. */
#define INSN_SRET	       0x10200073u
#define INSN_WFI	       0x10500073u
#define SFENCE_VMA_FUNCT7      0x09u
#define SYSTEM_FUNCT3_PRIV     0x0u
#define SYSTEM_FUNCT3_RESERVED 0x4u

static enum insn_sys_kind insn_decode_priv(uint32_t insn)
{
	if (insn == INSN_SRET)
		return INSN_SYS_SRET;
	if (insn == INSN_WFI)
		return INSN_SYS_WFI;
	/* SFENCE.VMA keeps rd = 0; rs1 and rs2 are free. */
	if ((insn >> 25) == SFENCE_VMA_FUNCT7 && !bits(insn, 7, 5))
		return INSN_SYS_SFENCE_VMA;
	return INSN_SYS_OTHER;
}

bool insn_decode_system(uint32_t insn, struct insn_sys *out)
{
	unsigned funct3 = bits(insn, 12, 3);

	if ((insn & OPCODE_MASK) != INSN_OPCODE_SYSTEM)
		return false;
	*out = (struct insn_sys){.kind = INSN_SYS_OTHER,
				 .rd = bits(insn, 7, 5),
				 .rs1 = bits(insn, 15, 5),
				 .rs2 = bits(insn, 20, 5)};
	if (funct3 == SYSTEM_FUNCT3_PRIV) {
		out->kind = insn_decode_priv(insn);
	} else if (funct3 != SYSTEM_FUNCT3_RESERVED) {
		out->kind = INSN_SYS_CSR;
		out->op = (enum insn_csr_op)(funct3 & 3);
		out->imm = funct3 & 4;
		out->csr = insn >> 20;
		out->rs2 = 0;
	}
	return true;
}
