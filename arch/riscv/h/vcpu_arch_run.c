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

unsigned long guest_fetch_insn(unsigned long va, uint32_t *insn);

/* An interrupt the loaded guest has enabled (vsie, alias of hie) is pending for it. */
bool h_vcpu_irq_pending(const struct vcpu_arch *a)
{
	unsigned long vs = (1UL << IRQ_VS_SOFT) | (1UL << IRQ_VS_TIMER) | (1UL << IRQ_VS_EXT);

	(void)a;
	return csr_read(hip) & csr_read(hie) & vs;
}

static bool vcpu_arch_fetch(const struct vcpu_arch *a, uint32_t *insn);

/*
 * A guest's device accesses come from a few instructions (its drivers' loads
 * and stores), so the last one decoded is kept: decoding depends on the
 * instruction's bits alone, and 0 is no load or store, so it marks the slot
 * empty.
 */
static bool vcpu_arch_decode_insn(struct vcpu_arch *a, uint32_t insn, struct insn_mem *mem)
{
	if (insn != a->decoded_insn) {
		if (!insn_decode_mem(insn, &a->decoded))
			return false;
		a->decoded_insn = insn;
	}
	*mem = a->decoded;
	return true;
}

/*
 * The load or store behind a guest-page fault: from htinst when the hart
 * fills it, which saves reading guest memory, else from the guest's own
 * instruction. A store's value is read now unless the register is one the
 * fast lane leaves in the hart; h_vcpu_run reads it after the full save.
 */
static void vcpu_arch_decode_mem(struct vcpu_arch *a, unsigned long htinst, struct vcpu_exit_mem *m)
{
	struct insn_mem mem;
	uint32_t insn = 0;

	if (!(htinst & 1) || !insn_decode_htinst(htinst, &mem)) {
		if (!vcpu_arch_fetch(a, &insn)) {
			*m = (struct vcpu_exit_mem){.decode = VCPU_DECODE_RETRY};
			return;
		}
		if (!vcpu_arch_decode_insn(a, insn, &mem)) {
			*m =
			    (struct vcpu_exit_mem){.decode = VCPU_DECODE_UNSUPPORTED, .insn = insn};
			return;
		}
	}
	*m = (struct vcpu_exit_mem){
	    .decode = VCPU_DECODE_OK,
	    .len = mem.len,
	    .width = mem.width,
	    .sign_extend = mem.sign_extend,
	    .reg = mem.reg,
	    .reg_unsaved = !vcpu_arch_reg_saved(a, mem.reg),
	    .insn = insn,
	};
	if (mem.write && !m->reg_unsaved)
		m->value = vcpu_arch_reg(a, mem.reg);
}

/* htval holds the guest-physical address shifted right by 2; stval its low bits. */
static void vcpu_arch_decode_fault(struct vcpu_arch *a, unsigned long code, unsigned long stval,
				   struct vcpu_exit *exit)
{
	struct vcpu_arch_regs *r = &a->regs;
	unsigned long htval = csr_read(htval), htinst = csr_read(htinst);

	r->htval = htval;
	r->htinst = htinst;
	exit->kind = VCPU_EXIT_GUEST_FAULT;
	exit->gpa = (htval << 2) | (stval & 3);
	if (code == EXC_INST_GUEST_FAULT) {
		exit->access = VCPU_ACCESS_FETCH;
		exit->mem = (struct vcpu_exit_mem){.decode = VCPU_DECODE_UNSUPPORTED};
		return;
	}
	exit->access = code == EXC_STORE_GUEST_FAULT ? VCPU_ACCESS_WRITE : VCPU_ACCESS_READ;
	vcpu_arch_decode_mem(a, htinst, &exit->mem);
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
	unsigned long scause = csr_read(scause), stval;
	unsigned long code = SCAUSE_CODE(scause);

	r->scause = scause;
	r->hstatus = csr_read(hstatus);
	exit->cause = code;
	exit->pc = r->sepc;
	if (scause == EXC_ECALL_VS) {
		exit->kind = VCPU_EXIT_SBI_CALL;
		return;
	}
	stval = csr_read(stval);
	r->stval = stval;
	exit->value = stval;
	if (scause & SCAUSE_INTERRUPT)
		exit->kind = trap_irq_exit_kind(code);
	else if (code == EXC_INST_GUEST_FAULT || code == EXC_LOAD_GUEST_FAULT ||
		 code == EXC_STORE_GUEST_FAULT)
		vcpu_arch_decode_fault(a, code, stval, exit);
	else if (code == EXC_VIRTUAL_INST)
		vcpu_arch_decode_virtual(a, exit);
	else
		exit->kind = VCPU_EXIT_OTHER;
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

/* The instruction at the guest pc, read as the guest would fetch it. */
static bool vcpu_arch_fetch(const struct vcpu_arch *a, uint32_t *insn)
{
	return !guest_fetch_insn(a->regs.sepc, insn);
}
