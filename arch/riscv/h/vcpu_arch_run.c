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

static struct vcpu_mem_insn vcpu_arch_mem_insn(const struct insn_mem *mem)
{
	return (struct vcpu_mem_insn){
	    .width = (uint8_t)mem->width,
	    .reg = (uint8_t)mem->reg,
	    .len = (uint8_t)mem->len,
	    .write = mem->write,
	    .sign_extend = mem->sign_extend,
	};
}

/* A slot's new instruction decoded; NULL, and the slot kept, for no load or store. */
static __attribute__((noinline)) struct vcpu_arch_access *
vcpu_arch_access_decode(struct vcpu_arch_access *slot, uint32_t insn)
{
	struct insn_mem mem;

	if (!insn_decode_mem(insn, &mem))
		return NULL;
	slot->insn = insn;
	slot->access = vcpu_arch_mem_insn(&mem);
	slot->in_lane = !vcpu_arch_reg_in_hart(mem.reg);
	return slot;
}

/*
 * The load or store insn, decoded once and kept in the slot of its pc:
 * decoding depends on the bits alone, and a driver's device accesses come
 * from a few instructions. NULL for anything else.
 */
static inline const struct vcpu_arch_access *vcpu_arch_access_of(struct vcpu_arch *a, uint32_t insn)
{
	struct vcpu_arch_access *slot = &a->accesses[(a->regs.sepc >> 1) % VCPU_ARCH_ACCESSES];

	return slot->insn == insn ? slot : vcpu_arch_access_decode(slot, insn);
}

/*
 * The load or store behind a guest-page fault: from htinst when the hart
 * fills it, which saves reading guest memory, else from the guest's own
 * instruction. A store's value is read now unless the register is one the
 * fast lane leaves in the hart; h_vcpu_run reads it after the full save.
 */
static void vcpu_arch_decode_mem(struct vcpu_arch *a, struct vcpu_exit_mem *m)
{
	const struct vcpu_arch_access *slot;
	const struct vcpu_mem_insn *acc;
	struct vcpu_mem_insn hw;
	struct insn_mem mem;
	uint32_t insn = 0;

	if ((a->regs.htinst & 1) && insn_decode_htinst(a->regs.htinst, &mem)) {
		hw = vcpu_arch_mem_insn(&mem);
		acc = &hw;
	} else if (!vcpu_arch_fetch(a, &insn)) {
		*m = (struct vcpu_exit_mem){.decode = VCPU_DECODE_RETRY};
		return;
	} else if ((slot = vcpu_arch_access_of(a, insn))) {
		acc = &slot->access;
	} else {
		*m = (struct vcpu_exit_mem){.decode = VCPU_DECODE_UNSUPPORTED, .insn = insn};
		return;
	}
	*m = (struct vcpu_exit_mem){
	    .decode = VCPU_DECODE_OK,
	    .len = acc->len,
	    .width = acc->width,
	    .sign_extend = acc->sign_extend,
	    .reg = acc->reg,
	    .reg_unsaved = !vcpu_arch_reg_saved(a, acc->reg),
	    .insn = insn,
	};
	if (acc->write && !m->reg_unsaved)
		m->value = vcpu_arch_reg(a, acc->reg);
}

/* htval holds the guest-physical address shifted right by 2; stval its low bits. */
static uint64_t vcpu_arch_fault_gpa(const struct vcpu_arch_regs *r)
{
	return (r->htval << 2) | (r->stval & 3);
}

static void vcpu_arch_decode_fault(struct vcpu_arch *a, unsigned long code, struct vcpu_exit *exit)
{
	exit->kind = VCPU_EXIT_GUEST_FAULT;
	exit->gpa = vcpu_arch_fault_gpa(&a->regs);
	if (code == EXC_INST_GUEST_FAULT) {
		exit->access = VCPU_ACCESS_FETCH;
		exit->mem = (struct vcpu_exit_mem){.decode = VCPU_DECODE_UNSUPPORTED};
		return;
	}
	exit->access = code == EXC_STORE_GUEST_FAULT ? VCPU_ACCESS_WRITE : VCPU_ACCESS_READ;
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
 * The trap CSRs, kept before anything reads guest memory (HLVX), which may
 * fault and overwrite them. An SBI call, the commonest exit, and an
 * interrupt need none but scause (and hstatus, for the privilege the guest
 * was in); only a guest-page fault has htval and htinst.
 */
static void vcpu_arch_keep_trap(struct vcpu_arch_regs *r, unsigned long scause)
{
	r->scause = scause;
	r->hstatus = csr_read(hstatus);
	if (scause == EXC_ECALL_VS || (scause & SCAUSE_INTERRUPT))
		return;
	r->stval = csr_read(stval);
	if (scause == EXC_INST_GUEST_FAULT || scause == EXC_LOAD_GUEST_FAULT ||
	    scause == EXC_STORE_GUEST_FAULT) {
		r->htval = csr_read(htval);
		r->htinst = csr_read(htinst);
	}
}

/* Why the guest trapped, from the CSRs kept. */
static void vcpu_arch_decode_exit(struct vcpu_arch *a, struct vcpu_exit *exit)
{
	const struct vcpu_arch_regs *r = &a->regs;
	unsigned long code = SCAUSE_CODE(r->scause);

	exit->cause = code;
	exit->pc = r->sepc;
	if (r->scause == EXC_ECALL_VS) {
		exit->kind = VCPU_EXIT_SBI_CALL;
		return;
	}
	if (r->scause & SCAUSE_INTERRUPT) {
		exit->kind = trap_irq_exit_kind(code);
		exit->value = 0;
		return;
	}
	exit->value = r->stval;
	if (code == EXC_INST_GUEST_FAULT || code == EXC_LOAD_GUEST_FAULT ||
	    code == EXC_STORE_GUEST_FAULT)
		vcpu_arch_decode_fault(a, code, exit);
	else if (code == EXC_VIRTUAL_INST)
		vcpu_arch_decode_virtual(a, exit);
	else
		exit->kind = VCPU_EXIT_OTHER;
}

/*
 * The exit's record for the fast lane: one constant record per kind for
 * Erg's own interrupts, whose kind says all; else the vCPU's, decoded.
 */
static const struct vcpu_exit *vcpu_arch_exit_record(struct vcpu_arch *a, unsigned long scause)
{
	static const struct vcpu_exit irqs[VCPU_EXIT_KINDS] = {
	    [VCPU_EXIT_IRQ_TIMER] = {.kind = VCPU_EXIT_IRQ_TIMER},
	    [VCPU_EXIT_IRQ_SOFT] = {.kind = VCPU_EXIT_IRQ_SOFT},
	    [VCPU_EXIT_IRQ_EXT] = {.kind = VCPU_EXIT_IRQ_EXT},
	};
	enum vcpu_exit_kind kind = trap_irq_exit_kind(SCAUSE_CODE(scause));

	if ((scause & SCAUSE_INTERRUPT) && kind != VCPU_EXIT_OTHER)
		return &irqs[kind];
	vcpu_arch_decode_exit(a, &a->exit);
	return &a->exit;
}

/*
 * The device lane: a guest-page fault by a plain load or store goes to core
 * with its decode and address alone, no exit record. Declined (RAM's first
 * touch, a register still in the hart, no device there), the exit takes the
 * full decode from the CSRs kept.
 */
static bool vcpu_arch_device_lane(struct vcpu_arch *a, unsigned long scause, enum vcpu_fast *fast)
{
	const struct vcpu_arch_regs *r = &a->regs;
	bool write = scause == EXC_STORE_GUEST_FAULT;
	const struct vcpu_arch_access *slot;
	const struct vcpu_mem_insn *acc;
	struct vcpu_mem_insn hw;
	struct insn_mem mem;
	uint32_t insn;

	if (!write && scause != EXC_LOAD_GUEST_FAULT)
		return false;
	if ((r->htinst & 1) && insn_decode_htinst(r->htinst, &mem)) {
		hw = vcpu_arch_mem_insn(&mem);
		acc = &hw;
		if (!vcpu_arch_reg_saved(a, hw.reg))
			return false;
	} else if (vcpu_arch_fetch(a, &insn) && (slot = vcpu_arch_access_of(a, insn)) &&
		   slot->in_lane) {
		acc = &slot->access;
	} else {
		return false;
	}
	if (acc->write != write)
		return false;
	*fast = vcpu_fast_access(a, vcpu_arch_fault_gpa(r), acc);
	return *fast != VCPU_FAST_DECLINE;
}

/* Every lane but the timer's, and the decode for the slow path when they decline. */
static __attribute__((noinline)) bool vcpu_arch_lanes(struct vcpu_arch *a, unsigned long scause)
{
	enum vcpu_fast fast;

	vcpu_arch_keep_trap(&a->regs, scause);
	a->regs_partial = true;
	if (scause == EXC_ECALL_VS) {
		fast = vcpu_fast_sbi(a);
		if (fast == VCPU_FAST_DECLINE)
			vcpu_arch_decode_exit(a, &a->exit);
	} else if (!vcpu_arch_device_lane(a, scause, &fast)) {
		fast = vcpu_fast_exit(a, vcpu_arch_exit_record(a, scause));
	}
	a->regs_partial = false;
	a->exit_served = fast == VCPU_FAST_LEAVE;
	return fast == VCPU_FAST_RESUME;
}

/*
 * Called by vcpu_exit (vcpu_entry.S) with the guest's s0-s11 still in the
 * hart: core serves the exit if it can with the registers saved so far.
 * True sends the guest straight back in; false completes the exit, and
 * h_vcpu_run then reports it unless it was already served. The timer lane
 * comes first, before any frame or CSR is kept: it bounds the guest's timer
 * latency on a hart without Sstc, and needs neither.
 */
bool vcpu_arch_fast_exit(struct vcpu_arch_regs *r)
{
	struct vcpu_arch *a = (struct vcpu_arch *)r; /* regs is its first member */
	unsigned long scause = csr_read(scause);

	/* The sign test first: the commonest exits, SBI calls and faults, pass it in one branch. */
	if ((long)scause < 0 && SCAUSE_CODE(scause) == IRQ_S_TIMER &&
	    vcpu_fast_timer(a) == VCPU_FAST_RESUME)
		return true;
	return vcpu_arch_lanes(a, scause);
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
