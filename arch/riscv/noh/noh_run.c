/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Running a guest of the no-H back end. The guest, whatever privilege it
 * believes in, runs in U-mode under its shadow table; what traps is either
 * the back end's own business, served here before the guest runs again
 * (privileged instructions, shadow fills, faults and calls that belong to
 * the guest's own kernel), or an exit core serves as it does with H (SBI
 * calls, device accesses, WFI, Erg's interrupts). Before each entry the
 * guest takes a pending interrupt it has enabled, as hardware would.
 */
#include "../csr.h"
#include "../insn_decode.h"
#include "../trap.h"
#include "../vcpu_counters.h"
#include "console/console.h"
#include "lib/hart.h"
#include "noh_backend.h"
#include "noh_fill.h"
#include "priv_emul.h"

const char *const noh_trap_names[NOH_TRAP_KINDS] = {
    [NOH_TRAP_EMULATED] = "emulated",
    [NOH_TRAP_FILL] = "fill",
    [NOH_TRAP_REFLECTED] = "reflected",
};

/* A trap that is the guest's own kernel's to handle: its page faults, its user mode's ecalls. */
static void noh_reflect(struct vcpu_arch *a, uint64_t cause, uint64_t tval)
{
	a->noh.traps[NOH_TRAP_REFLECTED]++;
	noh_vcpu_trap(a, cause, tval);
}

/* The guest's virtual sstatus.FS decides whether it may use FP; the hart's shows whether it did. */
static unsigned long noh_real_sstatus(const struct vcpu_arch *a)
{
	return a->noh.priv.sstatus & SSTATUS_FS ? SSTATUS_FS_CLEAN : 0;
}

static void noh_fp_track(struct vcpu_arch *a, unsigned long sstatus)
{
	if ((sstatus & SSTATUS_FS) != SSTATUS_FS_DIRTY)
		return;
	a->noh.priv.sstatus |= SSTATUS_FS_DIRTY;
	a->noh.fp_dirty = true;
}

/* Apply what an emulated instruction asks of the back end besides moving the pc. */
/*
 * An sfence.vma flushes what it names. A satp write flushes nothing, as on
 * hardware: the next entry finds the shadows of the new address space.
 */
static void noh_emul_effects(struct vcpu_arch *a, const struct priv_emul_result *r)
{
	uint16_t asid = (uint16_t)r->fence.asid;

	if (!(r->flags & PRIV_EMUL_FLUSH))
		return;
	switch (r->fence.kind) {
	case PRIV_FENCE_ALL:
		noh_shadow_flush_all(a);
		break;
	case PRIV_FENCE_ASID:
		noh_shadow_flush_asid(a, asid);
		break;
	case PRIV_FENCE_ADDR:
		noh_shadow_flush_addr(a, r->fence.addr, NULL);
		break;
	case PRIV_FENCE_ADDR_ASID:
		noh_shadow_flush_addr(a, r->fence.addr, &asid);
		break;
	}
}

/* An illegal instruction: privileged ones are emulated, counter reads answered; the rest reflected.
 */
static bool noh_illegal(struct vcpu_arch *a, uint32_t insn, struct vcpu_exit *exit)
{
	struct priv_emul_result r;

	if (!insn && !noh_fetch(a, a->regs.sepc, &insn))
		return false; /* its code went away meanwhile: let it fetch again */
	r = priv_emul_insn(&a->noh.priv, insn, (uint64_t *)a->regs.gpr, a->regs.sepc);
	switch (r.action) {
	case PRIV_EMUL_DONE:
		a->noh.traps[NOH_TRAP_EMULATED]++;
		a->regs.sepc = r.next_pc;
		noh_emul_effects(a, &r);
		return false;
	case PRIV_EMUL_WFI:
		exit->kind = VCPU_EXIT_WFI;
		return true;
	case PRIV_EMUL_REFLECT:
		noh_reflect(a, EXC_ILLEGAL_INST, r.tval);
		return false;
	case PRIV_EMUL_UNHANDLED:
		break;
	}
	if (vcpu_counters_emulate(a, insn, noh_vcpu_counters_allowed(a)))
		a->noh.traps[NOH_TRAP_EMULATED]++;
	else
		noh_reflect(a, EXC_ILLEGAL_INST, insn);
	return false;
}

/* The load or store behind a device access, read back from the guest's code. */
static void noh_decode_mem(const struct vcpu_arch *a, enum vcpu_access access,
			   struct vcpu_exit_mem *m)
{
	struct insn_mem mem;

	*m = (struct vcpu_exit_mem){.decode = VCPU_DECODE_UNSUPPORTED};
	if (access == VCPU_ACCESS_FETCH)
		return;
	if (!noh_fetch(a, a->regs.sepc, &m->insn)) {
		m->decode = VCPU_DECODE_RETRY;
		return;
	}
	if (!insn_decode_mem(m->insn, &mem) || mem.write != (access == VCPU_ACCESS_WRITE))
		return;
	m->decode = VCPU_DECODE_OK;
	m->len = mem.len;
	m->width = mem.width;
	m->sign_extend = mem.sign_extend;
	m->reg = mem.reg;
	if (mem.write)
		m->value = vcpu_arch_reg(a, mem.reg);
}

static const enum vcpu_access noh_vcpu_access[] = {
    [GWALK_READ] = VCPU_ACCESS_READ,
    [GWALK_WRITE] = VCPU_ACCESS_WRITE,
    [GWALK_EXEC] = VCPU_ACCESS_FETCH,
};

static bool noh_page_fault(struct vcpu_arch *a, unsigned long code, uint64_t va,
			   struct vcpu_exit *exit)
{
	enum gwalk_access access = code == EXC_INST_PAGE_FAULT	  ? GWALK_EXEC
				   : code == EXC_STORE_PAGE_FAULT ? GWALK_WRITE
								  : GWALK_READ;
	struct noh_fault f;

	switch (noh_fill(a, va, access, &f)) {
	case NOH_FILL_DONE:
	case NOH_FILL_RETRY:
		a->noh.traps[NOH_TRAP_FILL]++;
		return false;
	case NOH_FILL_GUEST:
		noh_reflect(a, f.cause, f.tval);
		return false;
	case NOH_FILL_CORE:
		break;
	}
	exit->kind = VCPU_EXIT_GUEST_FAULT;
	exit->gpa = f.gpa;
	exit->access = noh_vcpu_access[access];
	exit->value = va;
	/* Without paging the address is the guest's own physical one, as with H. */
	exit->guest_mapped = a->noh.priv.satp >> PRIV_SATP_MODE_SHIFT != PRIV_SATP_MODE_BARE;
	exit->guest_table = f.table;
	if (f.table)
		exit->mem = (struct vcpu_exit_mem){.decode = VCPU_DECODE_UNSUPPORTED};
	else
		noh_decode_mem(a, exit->access, &exit->mem);
	return true;
}

/* Why the guest trapped: true with an exit for core, false when served here. */
static bool noh_exit(struct vcpu_arch *a, unsigned long scause, unsigned long stval,
		     struct vcpu_exit *exit)
{
	unsigned long code = SCAUSE_CODE(scause);

	*exit = (struct vcpu_exit){
	    .kind = VCPU_EXIT_OTHER, .cause = code, .pc = a->regs.sepc, .value = stval};
	if (scause & SCAUSE_INTERRUPT) {
		exit->kind = trap_irq_exit_kind(code);
		return true;
	}
	switch (code) {
	case EXC_ECALL_U:
		if (a->noh.priv.mode == PRIV_MODE_S) {
			exit->kind = VCPU_EXIT_SBI_CALL;
			return true;
		}
		noh_reflect(a, EXC_ECALL_U, 0);
		return false;
	case EXC_ILLEGAL_INST:
		return noh_illegal(a, (uint32_t)stval, exit);
	case EXC_INST_PAGE_FAULT:
	case EXC_LOAD_PAGE_FAULT:
	case EXC_STORE_PAGE_FAULT:
		return noh_page_fault(a, code, stval, exit);
	default:
		/* Breakpoints, misaligned fetches, access faults: the guest's own, as on hardware.
		 */
		noh_reflect(a, code, stval);
		return false;
	}
}

/*
 * The guest reads time itself, unless its kernel keeps it from its user
 * mode; cycle and instret always trap (vcpu_counters.c). A time read kept
 * from U-mode traps to M-mode, where OpenSBI 1.1 answers it anyway.
 */
static void noh_scounteren(struct vcpu_arch *a)
{
	const struct priv_state *p = &a->noh.priv;
	unsigned long tm =
	    p->mode == PRIV_MODE_U && !(p->scounteren & HCOUNTEREN_TM) ? 0 : HCOUNTEREN_TM;

	if (tm == a->noh.hart_scounteren)
		return;
	csr_write(scounteren, tm);
	a->noh.hart_scounteren = tm;
}

/* Deliver a pending interrupt the guest has enabled, then pick and ready its space. */
static int noh_prepare(struct vcpu_arch *a)
{
	int irq = priv_emul_pending_irq(&a->noh.priv);

	if (irq != PRIV_IRQ_NONE)
		noh_vcpu_trap(a, SCAUSE_INTERRUPT | (uint64_t)irq, 0);
	a->regs.sstatus = noh_real_sstatus(a);
	noh_scounteren(a);
	return noh_shadow_prepare(a);
}

bool noh_vcpu_run(struct vcpu_arch *a, struct vcpu_exit *exit)
{
	for (;;) {
		unsigned long scause, stval;

		if (noh_prepare(a)) {
			/* Core stops the guest for an exit it cannot serve; this line says why. */
			console_log("hart %llu: no page or ASID left for a guest's shadow tables",
				    (unsigned long long)hart_self());
			*exit = (struct vcpu_exit){.kind = VCPU_EXIT_OTHER, .pc = a->regs.sepc};
			return true;
		}
		noh_vcpu_enter(&a->regs, noh_shadow_satp(a));
		scause = csr_read(scause);
		stval = csr_read(stval);
		noh_fp_track(a, csr_read(sstatus));
		if (noh_exit(a, scause, stval, exit))
			return true;
	}
}
