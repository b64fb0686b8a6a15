/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Emulation of what a deprivileged guest kernel may not execute itself:
 * the supervisor CSRs (read, written through their WARL masks), SRET, WFI
 * and SFENCE.VMA, and the two things the hardware does on its own, trap
 * entry into S-mode and the choice of the interrupt to take. The rules are
 * the privileged spec's for an S-mode without hypervisor, TVM, TW or TSR
 * (the guest has no M-mode above it to set them). Instructions are decoded
 * by insn_decode_system (arch/riscv/insn_decode.c), shared with the H
 * back end's decoder of loads and stores.
 */
#include "priv_emul.h"

#include "../insn_decode.h"

/* Supervisor CSR numbers the guest sees. */
enum {
	VCSR_SSTATUS = 0x100,
	VCSR_SIE = 0x104,
	VCSR_STVEC = 0x105,
	VCSR_SCOUNTEREN = 0x106,
	VCSR_SENVCFG = CSR_SENVCFG,
	VCSR_SSCRATCH = 0x140,
	VCSR_SEPC = 0x141,
	VCSR_SCAUSE = 0x142,
	VCSR_STVAL = 0x143,
	VCSR_SIP = 0x144,
	VCSR_STIMECMP = CSR_STIMECMP,
	VCSR_SATP = 0x180,
};

/* A CSR number's bits 9:8 name the lowest privilege that may reach it; 11:10 = 3 is read-only. */
#define CSR_LEVEL(csr)	   (((csr) >> 8) & 3u)
#define CSR_READ_ONLY(csr) (((csr) >> 10) == 3u)

#define INSN_BYTES 4 /* every privileged instruction is 32-bit */

#define SIE_MASK (SIE_SSIE | SIE_STIE | SIE_SEIE)
#define SIP_MASK (PRIV_SIP_SSIP | PRIV_SIP_STIP | PRIV_SIP_SEIP)
/* The sstatus fields a guest may write (FS only when it has an FPU). */
#define SSTATUS_WRITABLE                                                                           \
	(SSTATUS_SIE | SSTATUS_SPIE | SSTATUS_SPP | PRIV_SSTATUS_SUM | PRIV_SSTATUS_MXR)

static uint64_t reg_read(const uint64_t x[32], unsigned r)
{
	return r ? x[r] : 0;
}

static void reg_write(uint64_t x[32], unsigned r, uint64_t v)
{
	if (r)
		x[r] = v;
}

void priv_state_reset(struct priv_state *s, const struct priv_features *features)
{
	*s = (struct priv_state){.features = *features, .mode = PRIV_MODE_S};
}

/* --- the CSRs, one read and one write per register --- */

/* UXL is fixed at 64 bits; SD summarizes FS (VS and XS are always 0). */
static uint64_t sstatus_read(const struct priv_state *s)
{
	uint64_t v = s->sstatus | PRIV_SSTATUS_UXL_64;

	if ((v & SSTATUS_FS) == SSTATUS_FS_DIRTY)
		v |= PRIV_SSTATUS_SD;
	return v;
}

/* Flags for what changed: the back end mirrors FS and picks shadows by SUM/MXR. */
static unsigned sstatus_write(struct priv_state *s, uint64_t v)
{
	uint64_t mask = SSTATUS_WRITABLE | (s->features.fp ? SSTATUS_FS : 0);
	uint64_t old = s->sstatus, changed;

	s->sstatus = (old & ~mask) | (v & mask);
	changed = old ^ s->sstatus;
	return (changed & SSTATUS_SIE ? PRIV_EMUL_IRQ : 0) |
	       (changed & (PRIV_SSTATUS_SUM | PRIV_SSTATUS_MXR) ? PRIV_EMUL_XLATE : 0) |
	       (changed & SSTATUS_FS ? PRIV_EMUL_FS : 0);
}

/* Replace the bits of *reg under mask; PRIV_EMUL_IRQ when any changed. */
static unsigned irq_reg_write(uint64_t *reg, uint64_t mask, uint64_t v)
{
	uint64_t old = *reg;

	*reg = (old & ~mask) | (v & mask);
	return *reg != old ? PRIV_EMUL_IRQ : 0;
}

/* WARL: a reserved MODE (2, 3) leaves stvec as it was. */
static void stvec_write(struct priv_state *s, uint64_t v)
{
	if ((v & PRIV_STVEC_MODE_MASK) <= PRIV_STVEC_VECTORED)
		s->stvec = v;
}

static bool satp_mode_offered(const struct priv_state *s, uint64_t mode)
{
	return mode == PRIV_SATP_MODE_BARE || (mode == PRIV_SATP_MODE_SV39 && s->features.sv39) ||
	       (mode == PRIV_SATP_MODE_SV48 && s->features.sv48);
}

/*
 * The spec lets a write selecting an unsupported MODE be ignored whole, so
 * it is. Bare with nonzero ASID/PPN is UNSPECIFIED; they are zeroed so that
 * the back end never sees a Bare satp with a stale root. All 16 ASID bits
 * are kept: ASIDs are virtual here, mapped to shadow roots by the back end.
 */
static unsigned satp_write(struct priv_state *s, uint64_t v)
{
	uint64_t mode = v >> PRIV_SATP_MODE_SHIFT, old = s->satp;

	if (!satp_mode_offered(s, mode))
		return 0;
	s->satp = mode == PRIV_SATP_MODE_BARE ? 0 : v;
	return s->satp != old ? PRIV_EMUL_SATP : 0;
}

/* False when the guest has no such CSR. */
static bool vcsr_read(const struct priv_state *s, unsigned csr, uint64_t *v)
{
	switch (csr) {
	case VCSR_SSTATUS:
		*v = sstatus_read(s);
		return true;
	case VCSR_SIE:
		*v = s->sie;
		return true;
	case VCSR_SIP:
		*v = s->sip & SIP_MASK;
		return true;
	case VCSR_STVEC:
		*v = s->stvec;
		return true;
	case VCSR_SCOUNTEREN:
		*v = s->scounteren;
		return true;
	case VCSR_SENVCFG:
		*v = s->senvcfg;
		return true;
	case VCSR_SSCRATCH:
		*v = s->sscratch;
		return true;
	case VCSR_SEPC:
		*v = s->sepc;
		return true;
	case VCSR_SCAUSE:
		*v = s->scause;
		return true;
	case VCSR_STVAL:
		*v = s->stval;
		return true;
	case VCSR_SATP:
		*v = s->satp;
		return true;
	case VCSR_STIMECMP:
		*v = s->stimecmp;
		return s->features.sstc;
	default:
		return false;
	}
}

/* Only called for a CSR vcsr_read knows; returns the PRIV_EMUL_* flags of the write. */
static unsigned vcsr_write(struct priv_state *s, unsigned csr, uint64_t v)
{
	switch (csr) {
	case VCSR_SSTATUS:
		return sstatus_write(s, v);
	case VCSR_SIE:
		return irq_reg_write(&s->sie, SIE_MASK, v);
	case VCSR_SIP:
		return irq_reg_write(&s->sip, PRIV_SIP_SSIP, v);
	case VCSR_STVEC:
		stvec_write(s, v);
		return 0;
	case VCSR_SCOUNTEREN:
		s->scounteren = v & PRIV_SCOUNTEREN_MASK;
		return 0;
	case VCSR_SENVCFG:
		s->senvcfg = v & PRIV_SENVCFG_FIOM;
		return 0;
	case VCSR_SSCRATCH:
		s->sscratch = v;
		return 0;
	case VCSR_SEPC:
		s->sepc = v & ~1UL; /* C is offered: only bit 0 is always zero */
		return 0;
	case VCSR_SCAUSE:
		s->scause = v;
		return 0;
	case VCSR_STVAL:
		s->stval = v;
		return 0;
	case VCSR_SATP:
		return satp_write(s, v);
	default: /* VCSR_STIMECMP */
		s->stimecmp = v;
		return PRIV_EMUL_TIMER;
	}
}

/* --- the instructions --- */

static struct priv_emul_result result_done(uint64_t next_pc, unsigned flags)
{
	return (struct priv_emul_result){
	    .action = PRIV_EMUL_DONE, .flags = flags, .next_pc = next_pc};
}

static struct priv_emul_result result_reflect(uint32_t insn)
{
	return (struct priv_emul_result){.action = PRIV_EMUL_REFLECT, .tval = insn};
}

static uint64_t csr_new_value(enum insn_csr_op op, uint64_t old, uint64_t src)
{
	if (op == INSN_CSR_RW)
		return src;
	return op == INSN_CSR_RS ? old | src : old & ~src;
}

/*
 * CSRRS/CSRRC with rs1 = x0 (and the I forms with uimm = 0) do not write,
 * so they neither fault on a read-only CSR nor have write side effects.
 * User-level CSRs (counters, fcsr) are left to the caller.
 */
static struct priv_emul_result emul_csr(struct priv_state *s, const struct insn_sys *d,
					uint64_t x[32], uint32_t insn, uint64_t pc)
{
	bool writes = d->op == INSN_CSR_RW || d->rs1;
	uint64_t old, src;
	unsigned flags = 0;

	if (CSR_LEVEL(d->csr) > (unsigned)s->mode || (writes && CSR_READ_ONLY(d->csr)))
		return result_reflect(insn);
	if (CSR_LEVEL(d->csr) == PRIV_MODE_U)
		return (struct priv_emul_result){.action = PRIV_EMUL_UNHANDLED};
	if (!vcsr_read(s, d->csr, &old))
		return result_reflect(insn);
	/* Read the source before rd is written: rd may be rs1. */
	src = d->imm ? d->rs1 : reg_read(x, d->rs1);
	if (writes)
		flags = vcsr_write(s, d->csr, csr_new_value(d->op, old, src));
	reg_write(x, d->rd, old);
	return result_done(pc + INSN_BYTES, flags);
}

/* SRET: privilege = SPP, SIE = SPIE, SPIE = 1, SPP = U, pc = sepc. */
static struct priv_emul_result emul_sret(struct priv_state *s)
{
	enum priv_mode from = s->mode;
	uint64_t old = s->sstatus, st = old;

	s->mode = (st & SSTATUS_SPP) ? PRIV_MODE_S : PRIV_MODE_U;
	st &= ~(SSTATUS_SIE | SSTATUS_SPP);
	if (old & SSTATUS_SPIE)
		st |= SSTATUS_SIE;
	s->sstatus = st | SSTATUS_SPIE;
	return result_done(s->sepc, (s->mode != from ? PRIV_EMUL_XLATE | PRIV_EMUL_IRQ : 0) |
					((old ^ s->sstatus) & SSTATUS_SIE ? PRIV_EMUL_IRQ : 0));
}

/* Which of rs1, rs2 is x0 picks the kind; the ASID is the low 16 bits of x[rs2]. */
static struct priv_emul_result emul_sfence_vma(const struct insn_sys *d, const uint64_t x[32],
					       uint64_t pc)
{
	struct priv_emul_result r = result_done(pc + INSN_BYTES, PRIV_EMUL_FLUSH);

	if (d->rs1 && d->rs2)
		r.fence.kind = PRIV_FENCE_ADDR_ASID;
	else if (d->rs1)
		r.fence.kind = PRIV_FENCE_ADDR;
	else if (d->rs2)
		r.fence.kind = PRIV_FENCE_ASID;
	else
		r.fence.kind = PRIV_FENCE_ALL;
	r.fence.addr = d->rs1 ? x[d->rs1] : 0;
	r.fence.asid = d->rs2 ? x[d->rs2] & 0xffff : 0;
	return r;
}

struct priv_emul_result priv_emul_insn(struct priv_state *s, uint32_t insn, uint64_t x[32],
				       uint64_t pc)
{
	struct insn_sys d;

	if (!insn_decode_system(insn, &d))
		return (struct priv_emul_result){.action = PRIV_EMUL_UNHANDLED};
	if (d.kind == INSN_SYS_CSR)
		return emul_csr(s, &d, x, insn, pc);
	/* SRET, WFI and SFENCE.VMA are S-mode instructions; anything else is not for a guest. */
	if (s->mode == PRIV_MODE_U || d.kind == INSN_SYS_OTHER)
		return result_reflect(insn);
	if (d.kind == INSN_SYS_SRET)
		return emul_sret(s);
	if (d.kind == INSN_SYS_WFI)
		return (struct priv_emul_result){.action = PRIV_EMUL_WFI,
						 .next_pc = pc + INSN_BYTES};
	return emul_sfence_vma(&d, x, pc);
}

/* --- what the hardware does by itself --- */

uint64_t priv_emul_trap(struct priv_state *s, uint64_t cause, uint64_t tval, uint64_t pc)
{
	uint64_t st = s->sstatus & ~(SSTATUS_SPP | SSTATUS_SPIE | SSTATUS_SIE);
	uint64_t base = s->stvec & ~PRIV_STVEC_MODE_MASK;

	if (s->sstatus & SSTATUS_SIE)
		st |= SSTATUS_SPIE;
	s->sstatus = st | ((uint64_t)s->mode << PRIV_SSTATUS_SPP_SHIFT);
	s->mode = PRIV_MODE_S;
	s->scause = cause;
	s->stval = tval;
	s->sepc = pc & ~1UL;
	if ((cause & SCAUSE_INTERRUPT) && (s->stvec & PRIV_STVEC_MODE_MASK) == PRIV_STVEC_VECTORED)
		return base + 4 * SCAUSE_CODE(cause);
	return base;
}

int priv_emul_pending_irq(const struct priv_state *s)
{
	/* The S-level order of the spec: SEI, then SSI, then STI. */
	static const int order[] = {IRQ_S_EXT, IRQ_S_SOFT, IRQ_S_TIMER};
	uint64_t pending = s->sip & s->sie;

	if (s->mode == PRIV_MODE_S && !(s->sstatus & SSTATUS_SIE))
		return PRIV_IRQ_NONE;
	for (unsigned i = 0; i < sizeof(order) / sizeof(order[0]); i++)
		if (pending & (1UL << order[i]))
			return order[i];
	return PRIV_IRQ_NONE;
}
