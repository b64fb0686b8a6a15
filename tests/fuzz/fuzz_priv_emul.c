/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * libFuzzer harness for the no-H back end's privileged-instruction emulator
 * (arch/riscv/noh/priv_emul.c). Input:
 *   byte 0      bit 0 Sv39, 1 Sv48, 2 Sstc, 3 FP offered; 4 start in virtual U;
 *               5 keep the raw CSR values below as they are (else they are
 *               first cut down to what their WARL masks allow)
 *   bytes 1-96  sstatus sie sip stvec sscratch sepc scause stval satp
 *               scounteren senvcfg stimecmp, 8 bytes each, little-endian
 *   bytes 97-344  x1..x31
 *   then steps of 5 bytes: a selector and a 32-bit word
 *     selector % 8 = 0-2  the word as an instruction
 *                    3-5  a CSR instruction built from the word, its CSR one
 *                         of the supervisor CSRs and their neighbours, or
 *                         any 12-bit number
 *                    6    SRET, WFI, SFENCE.VMA or another SYSTEM instruction
 *                    7    a trap into virtual S, or the back end raising or
 *                         dropping sip.STIP/SEIP
 * After every step: x0 is 0; the privilege is S or U; a CSR that held only
 * bits its WARL mask allows still does (masks as priv_emul.c defines them);
 * REFLECT and UNHANDLED changed no state and no register, and REFLECT's tval
 * is the instruction; DONE changed no register but rd, continues at pc + 4
 * (sepc for SRET); a write leaves scounteren, senvcfg and sepc legal whatever
 * they held; a CSR instruction from virtual U is never DONE; a trap
 * leaves virtual S with SIE 0, SPP the old privilege, SPIE the old SIE; the
 * interrupt priv_emul_pending_irq picks is pending, enabled and deliverable,
 * and it picks one whenever one is.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "riscv/noh/priv_emul.h"

#define NFIELDS	   12
#define HEADER_LEN (1 + 8 * NFIELDS + 8 * 31)
#define STEP_LEN   5

/* The masks of priv_emul.c. */
#define SSTATUS_OK(f)                                                                              \
	(SSTATUS_SIE | SSTATUS_SPIE | SSTATUS_SPP | PRIV_SSTATUS_SUM | PRIV_SSTATUS_MXR |          \
	 ((f).fp ? SSTATUS_FS : 0))
#define SIE_OK (SIE_SSIE | SIE_STIE | SIE_SEIE)
#define SIP_OK (PRIV_SIP_SSIP | PRIV_SIP_STIP | PRIV_SIP_SEIP)

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define check(cond)                                                                                \
	do {                                                                                       \
		if (!(cond)) {                                                                     \
			fprintf(stderr, "%s:%d: check failed: %s\n", __FILE__, __LINE__, #cond);   \
			abort();                                                                   \
		}                                                                                  \
	} while (0)

static uint64_t le64(const uint8_t *p)
{
	uint64_t v;

	memcpy(&v, p, 8);
	return v;
}

static uint32_t le32(const uint8_t *p)
{
	uint32_t v;

	memcpy(&v, p, 4);
	return v;
}

static bool satp_ok(const struct priv_state *s)
{
	uint64_t mode = s->satp >> PRIV_SATP_MODE_SHIFT;

	if (mode == PRIV_SATP_MODE_BARE)
		return s->satp == 0; /* a Bare write zeroes ASID and PPN */
	return (mode == PRIV_SATP_MODE_SV39 && s->features.sv39) ||
	       (mode == PRIV_SATP_MODE_SV48 && s->features.sv48);
}

/* Which CSRs hold only what their WARL masks allow, one bit each. */
static unsigned legal_csrs(const struct priv_state *s)
{
	return !(s->sstatus & ~SSTATUS_OK(s->features)) << 0 | !(s->sie & ~SIE_OK) << 1 |
	       !(s->sip & ~SIP_OK) << 2 | ((s->stvec & PRIV_STVEC_MODE_MASK) <= 1) << 3 |
	       !(s->sepc & 1) << 4 | satp_ok(s) << 5 |
	       !(s->scounteren & ~PRIV_SCOUNTEREN_MASK) << 6 |
	       !(s->senvcfg & ~PRIV_SENVCFG_FIOM) << 7;
}

static void make_legal(struct priv_state *s)
{
	s->sstatus &= SSTATUS_OK(s->features);
	s->sie &= SIE_OK;
	s->sip &= SIP_OK;
	if ((s->stvec & PRIV_STVEC_MODE_MASK) > 1)
		s->stvec &= ~PRIV_STVEC_MODE_MASK;
	s->sepc &= ~1UL;
	if (!satp_ok(s))
		s->satp = 0;
	s->scounteren &= PRIV_SCOUNTEREN_MASK;
	s->senvcfg &= PRIV_SENVCFG_FIOM;
}

static uint32_t csr_insn(uint32_t w)
{
	static const uint16_t csrs[] = {
	    0x100, 0x104, 0x105, 0x106, 0x10a, 0x140, 0x141, 0x142, 0x143, 0x144, 0x14d, 0x180,
	    0x101, 0x107, 0x145, 0x181, 0x000, 0x003, 0xc00, 0xc01, 0x300, 0x200, 0x5a8, 0xda0,
	};
	static const uint8_t funct3[] = {1, 2, 3, 5, 6, 7, 2, 3};
	uint32_t csr = w & 0x80000000u ? (w >> 16) & 0xfff : csrs[(w >> 16) % (sizeof(csrs) / 2)];

	return csr << 20 | (w & 31) << 15 | (uint32_t)funct3[(w >> 5) & 7] << 12 |
	       ((w >> 8) & 31) << 7 | 0x73;
}

static uint32_t other_sys_insn(uint32_t w)
{
	static const uint32_t fixed[] = {
	    0x10200073, /* sret */
	    0x10500073, /* wfi */
	    0x30200073, /* mret */
	    0x00000073, /* ecall */
	    0x00100073, /* ebreak */
	    0x7b200073, /* dret */
	};

	if (w & 1) /* sfence.vma rs1, rs2 */
		return 0x09u << 25 | ((w >> 1) & 31) << 20 | ((w >> 6) & 31) << 15 | 0x73;
	if (w & 2) /* hfence, sinval and such: funct7 from the word */
		return ((w >> 2) & 0x7f) << 25 | ((w >> 9) & 31) << 20 | ((w >> 14) & 31) << 15 |
		       0x73;
	return fixed[(w >> 2) % (sizeof(fixed) / sizeof(fixed[0]))];
}

static bool is_csr_insn(uint32_t insn)
{
	unsigned f3 = (insn >> 12) & 7;

	return (insn & 0x7f) == 0x73 && f3 != 0 && f3 != 4;
}

static void check_irq(const struct priv_state *s)
{
	int irq = priv_emul_pending_irq(s);
	uint64_t ready = s->sip & s->sie & SIP_OK;
	bool on = s->mode == PRIV_MODE_U || (s->sstatus & SSTATUS_SIE);

	if (irq == PRIV_IRQ_NONE) {
		check(!on || !ready);
		return;
	}
	check(irq == IRQ_S_EXT || irq == IRQ_S_SOFT || irq == IRQ_S_TIMER);
	check(on && (ready & (1UL << irq)));
	check(irq == IRQ_S_EXT || !(ready & PRIV_SIP_SEIP));
	check(irq != IRQ_S_TIMER || !(ready & PRIV_SIP_SSIP));
}

static void run_insn(struct priv_state *s, uint64_t x[32], uint64_t *pc, uint32_t insn)
{
	struct priv_state before = *s;
	uint64_t xb[32];
	struct priv_emul_result r;
	unsigned rd = (insn >> 7) & 31;

	memcpy(xb, x, sizeof(xb));
	r = priv_emul_insn(s, insn, x, *pc);
	switch (r.action) {
	case PRIV_EMUL_REFLECT:
		check(r.tval == insn);
		/* fall through */
	case PRIV_EMUL_UNHANDLED:
		check(!memcmp(&before, s, sizeof(before)) && !memcmp(xb, x, sizeof(xb)));
		return;
	case PRIV_EMUL_WFI:
		check(!memcmp(&before, s, sizeof(before)) && !memcmp(xb, x, sizeof(xb)));
		check(before.mode == PRIV_MODE_S && r.next_pc == *pc + 4);
		*pc = r.next_pc;
		return;
	case PRIV_EMUL_DONE:
		break;
	default:
		check(0);
	}
	check((insn & 0x7f) == 0x73);
	if (is_csr_insn(insn)) {
		check(before.mode == PRIV_MODE_S);
		check(r.next_pc == *pc + 4);
		xb[rd] = x[rd]; /* rd alone may change */
		/*
		 * These are replaced whole by a write (CSRRW, or rs1/uimm not 0):
		 * legal afterwards, whatever before.
		 */
		if (((insn >> 12) & 3) == 1 || ((insn >> 15) & 31)) {
			check((insn >> 20) != 0x106 || !(s->scounteren & ~PRIV_SCOUNTEREN_MASK));
			check((insn >> 20) != 0x10a || !(s->senvcfg & ~PRIV_SENVCFG_FIOM));
			check((insn >> 20) != 0x141 || !(s->sepc & 1));
		}
	} else if (insn == 0x10200073) {
		check(before.mode == PRIV_MODE_S && r.next_pc == before.sepc);
		check(!(s->sstatus & SSTATUS_SPP) && (s->sstatus & SSTATUS_SPIE));
		check(s->mode == ((before.sstatus & SSTATUS_SPP) ? PRIV_MODE_S : PRIV_MODE_U));
		check(!(s->sstatus & SSTATUS_SIE) == !(before.sstatus & SSTATUS_SPIE));
	} else {
		/* SFENCE.VMA: a fence and nothing else */
		check(insn >> 25 == 0x09 && ((insn >> 7) & 31) == 0);
		check(before.mode == PRIV_MODE_S && r.next_pc == *pc + 4);
		check(r.flags == PRIV_EMUL_FLUSH);
		check(!memcmp(&before, s, sizeof(before)));
	}
	check(!memcmp(xb, x, sizeof(xb)));
	*pc = r.next_pc;
}

static void run_trap(struct priv_state *s, uint64_t *pc, uint32_t w, uint64_t tval)
{
	struct priv_state before = *s;
	uint64_t cause = (w & 0x80000000u) ? SCAUSE_INTERRUPT | ((w >> 8) & 15) : (w >> 8) & 31;
	uint64_t base = before.stvec & ~PRIV_STVEC_MODE_MASK;
	uint64_t npc = priv_emul_trap(s, cause, tval, *pc);

	check(s->mode == PRIV_MODE_S && !(s->sstatus & SSTATUS_SIE));
	check(!(s->sstatus & SSTATUS_SPP) == (before.mode == PRIV_MODE_U));
	check(!(s->sstatus & SSTATUS_SPIE) == !(before.sstatus & SSTATUS_SIE));
	check(s->scause == cause && s->stval == tval && s->sepc == (*pc & ~1UL));
	if ((cause & SCAUSE_INTERRUPT) && (before.stvec & PRIV_STVEC_MODE_MASK) == 1)
		check(npc == base + 4 * SCAUSE_CODE(cause));
	else
		check(npc == base);
	*pc = npc;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct priv_features f;
	struct priv_state s;
	uint64_t x[32], *fields[NFIELDS];
	uint64_t pc = 0x80200000;

	if (size < HEADER_LEN)
		return 0;
	f = (struct priv_features){
	    .sv39 = data[0] & 1, .sv48 = data[0] & 2, .sstc = data[0] & 4, .fp = data[0] & 8};
	priv_state_reset(&s, &f);
	check(s.mode == PRIV_MODE_S && legal_csrs(&s) == 0xff);
	if (data[0] & 16)
		s.mode = PRIV_MODE_U;
	fields[0] = &s.sstatus, fields[1] = &s.sie, fields[2] = &s.sip, fields[3] = &s.stvec;
	fields[4] = &s.sscratch, fields[5] = &s.sepc, fields[6] = &s.scause, fields[7] = &s.stval;
	fields[8] = &s.satp, fields[9] = &s.scounteren, fields[10] = &s.senvcfg;
	fields[11] = &s.stimecmp;
	for (unsigned i = 0; i < NFIELDS; i++)
		*fields[i] = le64(data + 1 + 8 * i);
	if (!(data[0] & 32))
		make_legal(&s);
	x[0] = 0;
	for (unsigned i = 1; i < 32; i++)
		x[i] = le64(data + 1 + 8 * NFIELDS + 8 * (i - 1));

	for (size_t off = HEADER_LEN; size - off >= STEP_LEN; off += STEP_LEN) {
		unsigned sel = data[off] % 8, legal = legal_csrs(&s);
		uint32_t w = le32(data + off + 1);

		if (sel <= 2)
			run_insn(&s, x, &pc, w);
		else if (sel <= 5)
			run_insn(&s, x, &pc, csr_insn(w));
		else if (sel == 6)
			run_insn(&s, x, &pc, other_sys_insn(w));
		else if (w & 1)
			run_trap(&s, &pc, w, x[(w >> 1) & 31]);
		else /* the back end's timer and vPLIC */
			s.sip = (s.sip & ~(PRIV_SIP_STIP | PRIV_SIP_SEIP)) |
				(w & 2 ? PRIV_SIP_STIP : 0) | (w & 4 ? PRIV_SIP_SEIP : 0);
		check(x[0] == 0);
		check(s.mode == PRIV_MODE_S || s.mode == PRIV_MODE_U);
		check((legal_csrs(&s) & legal) == legal); /* nothing legal turned illegal */
		check_irq(&s);
	}
	return 0;
}
