/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Entering a guest and decoding why it came back. The decode turns scause,
 * stval and htval into a neutral struct vcpu_exit; core/ never sees a CSR.
 * Core serves the commonest exits in the exit path itself (the fast lane).
 */
#include "../csr.h"
#include "../insn_decode.h"
#include "../trap.h"
#include "h_backend.h"

#define INSN_WFI 0x10500073UL

unsigned long guest_fetch_half(unsigned long va, uint16_t *half);
unsigned long guest_fetch_word(unsigned long va, uint32_t *word);

/* An interrupt the loaded guest has enabled (vsie, alias of hie) is pending for it. */
bool h_vcpu_irq_pending(const struct vcpu_arch *a)
{
	unsigned long vs = (1UL << IRQ_VS_SOFT) | (1UL << IRQ_VS_TIMER) | (1UL << IRQ_VS_EXT);

	(void)a;
	return csr_read(hip) & csr_read(hie) & vs;
}

static bool vcpu_arch_fetch(const struct vcpu_arch *a, uint32_t *insn);

/*
 * The load or store behind a guest-page fault: from htinst when the hart
 * fills it, which saves reading guest memory, else from the guest's own
 * instruction. A store's value is read now unless the register is one the
 * fast lane leaves in the hart; h_vcpu_run reads it after the full save.
 */
static void vcpu_arch_decode_mem(const struct vcpu_arch *a, struct vcpu_exit_mem *m)
{
	struct insn_mem mem;

	*m = (struct vcpu_exit_mem){.decode = VCPU_DECODE_OK};
	if (!insn_decode_htinst(a->regs.htinst, &mem)) {
		if (!vcpu_arch_fetch(a, &m->insn)) {
			m->decode = VCPU_DECODE_RETRY;
			return;
		}
		if (!insn_decode_mem(m->insn, &mem)) {
			m->decode = VCPU_DECODE_UNSUPPORTED;
			return;
		}
	}
	m->len = mem.len;
	m->width = mem.width;
	m->sign_extend = mem.sign_extend;
	m->reg = mem.reg;
	m->reg_unsaved = !vcpu_arch_reg_saved(a, mem.reg);
	if (mem.write && !m->reg_unsaved)
		m->value = vcpu_arch_reg(a, mem.reg);
}

static void vcpu_arch_decode_fault(const struct vcpu_arch *a, struct vcpu_exit *exit)
{
	const struct vcpu_arch_regs *r = &a->regs;
	unsigned long code = SCAUSE_CODE(r->scause);

	exit->kind = VCPU_EXIT_GUEST_FAULT;
	/* htval holds the guest-physical address shifted right by 2; stval the low bits. */
	exit->gpa = (r->htval << 2) | (r->stval & 3);
	exit->access = code == EXC_STORE_GUEST_FAULT  ? VCPU_ACCESS_WRITE
		       : code == EXC_INST_GUEST_FAULT ? VCPU_ACCESS_FETCH
						      : VCPU_ACCESS_READ;
	exit->mem = (struct vcpu_exit_mem){.decode = VCPU_DECODE_UNSUPPORTED};
	if (exit->access != VCPU_ACCESS_FETCH)
		vcpu_arch_decode_mem(a, &exit->mem);
}

/*
 * A virtual-instruction exit: stval is not to be trusted (the spec lets it be
 * 0, and QEMU 7.2 can leave an older instruction there, even another
 * guest's), so the instruction is read back from the guest. Only a real WFI
 * from the guest's kernel blocks the vCPU; a WFI in its user mode (which
 * traps here whatever VTW says) is illegal there, as on a hart with S-mode,
 * and must not let a user program put the whole vCPU to sleep. Anything
 * else goes to core, which may emulate it (counter reads) or send it back as
 * an illegal instruction with its own bits, or 0 when it cannot be read.
 */
static void vcpu_arch_decode_virtual(const struct vcpu_arch *a, struct vcpu_exit *exit)
{
	bool from_vs = a->regs.hstatus & HSTATUS_SPVP;
	uint32_t insn = 0;

	if (!vcpu_arch_fetch(a, &insn))
		insn = 0;
	exit->value = insn;
	exit->kind = insn == INSN_WFI && from_vs ? VCPU_EXIT_WFI : VCPU_EXIT_VIRTUAL_INSN;
}

/*
 * Why the guest trapped. The trap CSRs are kept first: reading guest memory
 * (HLVX) may fault and overwrite them. An SBI call, the commonest exit,
 * needs none but scause.
 */
static void vcpu_arch_decode_exit(struct vcpu_arch *a, struct vcpu_exit *exit)
{
	struct vcpu_arch_regs *r = &a->regs;
	unsigned long scause = csr_read(scause);
	unsigned long code = SCAUSE_CODE(scause);

	r->scause = scause;
	r->hstatus = csr_read(hstatus);
	exit->cause = code;
	exit->pc = r->sepc;
	if (scause == EXC_ECALL_VS) {
		exit->kind = VCPU_EXIT_SBI_CALL;
		return;
	}
	r->stval = csr_read(stval);
	exit->kind = VCPU_EXIT_OTHER;
	exit->value = r->stval;
	if (scause & SCAUSE_INTERRUPT) {
		exit->kind = trap_irq_exit_kind(code);
	} else if (code == EXC_INST_GUEST_FAULT || code == EXC_LOAD_GUEST_FAULT ||
		   code == EXC_STORE_GUEST_FAULT) {
		r->htval = csr_read(htval);
		r->htinst = csr_read(htinst);
		vcpu_arch_decode_fault(a, exit);
	} else if (code == EXC_VIRTUAL_INST) {
		vcpu_arch_decode_virtual(a, exit);
	}
}

/*
 * Called by vcpu_exit (vcpu_entry.S) with the guest's s0-s11 still in the
 * hart: core serves the exit if it can with the registers saved so far.
 * True sends the guest straight back in; false completes the exit, and
 * h_vcpu_run then reports it unless it was already served.
 */
bool vcpu_arch_fast_exit(struct vcpu_arch_regs *r)
{
	struct vcpu_arch *a = (struct vcpu_arch *)r; /* regs is its first member */
	enum vcpu_fast fast;

	a->regs_partial = true;
	vcpu_arch_decode_exit(a, &a->exit);
	fast = vcpu_fast_exit(a, &a->exit);
	a->regs_partial = false;
	a->exit_served = fast == VCPU_FAST_LEAVE;
	return fast == VCPU_FAST_RESUME;
}

/* The exit the fast lane left, completed now that every register is saved. */
bool h_vcpu_run(struct vcpu_arch *a, struct vcpu_exit *exit)
{
	struct vcpu_exit_mem *m = &a->exit.mem;

	vcpu_arch_enter(&a->regs);
	if (a->exit_served)
		return false;
	if (a->exit.kind == VCPU_EXIT_GUEST_FAULT && m->reg_unsaved) {
		m->reg_unsaved = false;
		if (a->exit.access == VCPU_ACCESS_WRITE)
			m->value = vcpu_arch_reg(a, m->reg);
	}
	*exit = a->exit;
	return true;
}

/*
 * The instruction at the guest pc, read as the guest would fetch it: in one
 * read when the pc is 4-byte aligned (such a word cannot cross a page), else
 * in halves, the second only for a 32-bit instruction.
 */
static bool vcpu_arch_fetch(const struct vcpu_arch *a, uint32_t *insn)
{
	uint16_t lo, hi = 0;
	uint32_t word;

	if (!(a->regs.sepc & 3)) {
		if (guest_fetch_word(a->regs.sepc, &word))
			return false;
		*insn = insn_length((uint16_t)word) == 4 ? word : (uint16_t)word;
		return true;
	}
	if (guest_fetch_half(a->regs.sepc, &lo))
		return false;
	if (insn_length(lo) == 4 && guest_fetch_half(a->regs.sepc + 2, &hi))
		return false;
	*insn = lo | (uint32_t)hi << 16;
	return true;
}
