/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Decoding a guest's trapped integer load or store into a neutral record, so
 * that core/ can emulate an MMIO access without knowing RISC-V encodings.
 * Plain C over the instruction bits (no CSRs): the hypervisor feeds it htinst
 * or the instruction it read from the guest, and the host unit tests feed it
 * every encoding. RV64 only: funct3 011/111 of the compressed quadrants are
 * C.LD/C.SD/C.LDSP/C.SDSP, as they are when VSXLEN is 64.
 */
#ifndef ARCH_RISCV_INSN_DECODE_H
#define ARCH_RISCV_INSN_DECODE_H

#include <stdbool.h>
#include <stdint.h>

struct insn_mem {
	unsigned len;	  /* 2 (compressed) or 4: how far to move the guest pc */
	unsigned width;	  /* 1, 2, 4 or 8 bytes */
	bool write;	  /* store */
	bool sign_extend; /* loads: LB/LH/LW true; LBU/LHU/LWU and LD false; stores false */
	unsigned reg;	  /* x register: rd of a load, rs2 of a store (0..31) */
};

/*
 * Decode a guest load or store from its raw bits. When bits 1:0 are not 11
 * the instruction is compressed and only the low 16 bits are looked at (the
 * high half may hold the next instruction). Accepts LB LH LW LD LBU LHU LWU
 * SB SH SW SD and C.LW C.LD C.SW C.SD C.LWSP C.LDSP C.SWSP C.SDSP; false for
 * anything else (FP loads/stores, AMOs, LR/SC, Zcb, reserved encodings,
 * C.LWSP/C.LDSP with rd = x0). *out is written only on success.
 */
bool insn_decode_mem(uint32_t insn, struct insn_mem *out);

/*
 * A CSR instruction that only reads its CSR: CSRRS or CSRRC with rs1 = x0,
 * CSRRSI or CSRRCI with uimm = 0 (csrr and its kin). Sets *csr and *rd;
 * false for anything that writes or is not a CSR instruction.
 */
bool insn_decode_csr_read(uint32_t insn, unsigned *csr, unsigned *rd);

/*
 * The length of the instruction whose first halfword is low16: 4 when bits
 * 1:0 are 11, else 2. Encodings longer than 32 bits (bits 4:2 = 111) are not
 * ratified; none is a load or store, so the decoder rejects them whatever
 * length is assumed here. Inline: every trapped access asks.
 */
static inline unsigned insn_length(uint16_t low16)
{
	return (low16 & 0x3u) == 0x3u ? 4 : 2;
}

/*
 * Decode htinst as a transformed load or store (privileged spec, H chapter,
 * "Transformed Instruction or Pseudoinstruction"): bit 0 set, bits 63:32
 * zero, and with bit 1 forced to 1 a standard integer LOAD or STORE. Bit 1
 * says whether the trapping instruction was 32-bit (len 4) or compressed
 * (len 2). False for zero, the VS-stage pseudoinstructions, custom values
 * and every other transformation (FP, AMO, HLV/HSV). *out is written only on
 * success.
 */
bool insn_decode_htinst(uint64_t htinst, struct insn_mem *out);

/* What a SYSTEM-opcode instruction asks for, as far as privileged emulation cares. */
enum insn_sys_kind {
	INSN_SYS_CSR,	     /* CSRRW CSRRS CSRRC and their immediate forms */
	INSN_SYS_SRET,	     /* exactly 0x10200073 */
	INSN_SYS_WFI,	     /* exactly 0x10500073 */
	INSN_SYS_SFENCE_VMA, /* funct7 0001001, rd = 0 */
	INSN_SYS_OTHER,	     /* ECALL, EBREAK, MRET, H-extension fences and loads, reserved */
};

/* The CSR operation: funct3 bits 1:0, the same for the register and immediate forms. */
enum insn_csr_op {
	INSN_CSR_RW = 1,
	INSN_CSR_RS = 2,
	INSN_CSR_RC = 3,
};

struct insn_sys {
	enum insn_sys_kind kind;
	enum insn_csr_op op; /* CSR: which operation */
	bool imm;	     /* CSR: rs1 holds a 5-bit zero-extended immediate, not a register */
	unsigned csr;	     /* CSR: its 12-bit number */
	unsigned rd;	     /* CSR: destination register */
	unsigned rs1;	     /* CSR: source register or uimm; SFENCE.VMA: the address register */
	unsigned rs2;	     /* SFENCE.VMA: the ASID register */
};

/*
 * Decode a 32-bit SYSTEM-opcode instruction (the one place privileged
 * instructions live). False for compressed values (no compressed
 * instruction is privileged: the C extension has none) and for any other
 * opcode; *out is written only on success. funct3 100 is reserved and
 * decodes as INSN_SYS_OTHER.
 */
bool insn_decode_system(uint32_t insn, struct insn_sys *out);

#endif
