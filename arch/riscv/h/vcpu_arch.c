/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * vCPU state handling for the H extension: the initial state of a guest hart,
 * moving its VS CSRs on and off the physical hart, and the per-hart set-up of
 * which traps go straight to the guest.
 */
#include "arch/vcpu_arch.h"

#include <stddef.h>
#include <string.h>

#include "../csr.h"
#include "../fp_switch.h"
#include "../hart_probe.h"
#include "../hart_use.h"
#include "../vector_switch.h"
#include "h_backend.h"

_Static_assert(offsetof(struct vcpu_arch_regs, sepc) == VCPU_SEPC, "vcpu sepc");
_Static_assert(offsetof(struct vcpu_arch_regs, sstatus) == VCPU_SSTATUS, "vcpu sstatus");
_Static_assert(offsetof(struct vcpu_arch_regs, hstatus) == VCPU_HSTATUS, "vcpu hstatus");
_Static_assert(offsetof(struct vcpu_arch_regs, scause) == VCPU_SCAUSE, "vcpu scause");
_Static_assert(offsetof(struct vcpu_arch_regs, htinst) == VCPU_HTINST, "vcpu htinst");
_Static_assert(offsetof(struct vcpu_arch_regs, host) == VCPU_HOST(0), "vcpu host");
_Static_assert(sizeof(struct vcpu_arch_regs) == VCPU_REGS_SIZE, "vcpu regs size");
_Static_assert(offsetof(struct vcpu_arch, regs) == 0, "regs come first");

/*
 * Exceptions a guest handles itself, as it would on bare hardware. Illegal
 * instructions are among them: OpenSBI 1.1 takes those in M-mode and passes
 * them on by these same delegation bits.
 */
#define VCPU_HEDELEG                                                                               \
	((1UL << EXC_INST_MISALIGNED) | (1UL << EXC_ILLEGAL_INST) | (1UL << EXC_BREAKPOINT) |      \
	 (1UL << EXC_LOAD_MISALIGNED) | (1UL << EXC_STORE_MISALIGNED) | (1UL << EXC_ECALL_U) |     \
	 (1UL << EXC_INST_PAGE_FAULT) | (1UL << EXC_LOAD_PAGE_FAULT) |                             \
	 (1UL << EXC_STORE_PAGE_FAULT))
#define VCPU_HIDELEG ((1UL << IRQ_VS_SOFT) | (1UL << IRQ_VS_TIMER) | (1UL << IRQ_VS_EXT))

/*
 * The hgatp this hart last ran a guest under. Moving to another table under
 * the same VMID (all guests share VMID 0 when VMIDLEN is too small for them,
 * core/vm/vmid.c) would let the hart use the previous guest's cached
 * translations, so both stages are flushed then; with a VMID per guest a
 * switch flushes nothing.
 */
static __thread unsigned long hart_hgatp;

static void vcpu_arch_switch_space(unsigned long hgatp)
{
	bool alias = hgatp != hart_hgatp && !((hgatp ^ hart_hgatp) & HGATP_VMID_MASK);

	csr_write(hgatp, hgatp);
	if (alias) {
		h_vcpu_gstage_flush();
		h_vcpu_flush_vvma(); /* VS-stage entries of the VMID now in hgatp */
	}
	hart_hgatp = hgatp;
}

/* What this hart's optional CSRs are good for, from its probe. */
static __thread struct hart_use hart_use;

/*
 * With Smstateen, hstateen0 decides which newer state VS-mode may reach at
 * all: only senvcfg, which Erg switches per vCPU. The rest (sstateen0, AIA's
 * and the context CSRs, custom state) traps, and the guest sees it as an
 * illegal instruction, as if the hart lacked it.
 */
static void vcpu_arch_hart_stateen(void)
{
	if (hart_use.write_hstateen0)
		csr_write(CSR_HSTATEEN0, hart_use.hstateen0);
}

void h_vcpu_hart_init(void)
{
	hart_probe_csrs();
	hart_use = hart_use_of(&hart_csrs);
	vcpu_arch_hart_stateen();
	vector_switch_hart_init();
	csr_write(hedeleg, VCPU_HEDELEG);
	csr_write(hideleg, VCPU_HIDELEG);
	csr_write(hvip, 0);
	csr_write(hgatp, 0);
	hart_hgatp = 0;
	h_vcpu_gstage_flush();
}

/*
 * What a resume keeps of the loaded vCPU: its pending virtual interrupts and
 * its timer compare, read from the hart, where the guest may have changed
 * them (cleared SSIP, written stimecmp) since they were last saved.
 */
static void vcpu_arch_keep_irqs(struct vcpu_arch *a, const struct vcpu_arch_boot *boot,
				unsigned long *hvip, uint64_t *vstimecmp)
{
	*hvip = 0;
	*vstimecmp = UINT64_MAX;
	if (!boot->keep_irqs)
		return;
	*hvip = csr_read(hvip);
	*vstimecmp = a->csrs.henvcfg & HENVCFG_STCE ? csr_read(vstimecmp) : a->csrs.vstimecmp;
}

void h_vcpu_reset(struct vcpu_arch *a, const struct vcpu_arch_boot *boot)
{
	void *vector = a->vector; /* its room, for good */
	unsigned long hvip;
	uint64_t vstimecmp;

	vcpu_arch_keep_irqs(a, boot, &hvip, &vstimecmp);
	memset(a, 0, sizeof(*a));
	a->regs.sepc = boot->entry;
	a->regs.gpr[10] = boot->a0;
	a->regs.gpr[11] = boot->a1;
	/*
	 * Back to VS-mode with FP (and V, when it has it) usable and zeroed; the
	 * guest's own vsstatus.FS and VS still rule.
	 */
	a->regs.sstatus = SSTATUS_SPP | SSTATUS_FS_INITIAL;
	a->fp_fresh = true;
	a->vector = vector;
	if (vector) {
		a->regs.sstatus |= SSTATUS_VS_INITIAL;
		vector_switch_reset(a);
	}
	/* VTW: a guest WFI traps, until the scheduler says it may wait in the hart
	 * (h_vcpu_trap_wfi). */
	a->regs.hstatus = HSTATUS_SPV | HSTATUS_SPVP | HSTATUS_VTW;
	/*
	 * Only time reaches the hardware directly. The hart's cycle and instret
	 * run for every partition on it, so a guest reading them could time the
	 * others (how long they held the hart, how much they executed); its reads
	 * trap instead and get its own counters (vcpu_counters.c).
	 */
	a->csrs.hcounteren = HCOUNTEREN_TM;
	/* The guest's user mode may read the counters until its kernel says otherwise. */
	a->csrs.scounteren = HCOUNTEREN_CY | HCOUNTEREN_TM | HCOUNTEREN_IR;
	a->csrs.henvcfg =
	    (boot->offer.sstc ? HENVCFG_STCE : 0) | (boot->offer.svpbmt ? HENVCFG_PBMTE : 0);
	a->csrs.hgatp = boot->space;
	a->csrs.hvip = hvip;
	a->csrs.vstimecmp = vstimecmp;
}

/* FP registers move lazily (fp_switch.c): saved here only when the guest dirtied them. */
static void vcpu_arch_fp_save(struct vcpu_arch *a)
{
	if ((a->regs.sstatus & SSTATUS_FS) != SSTATUS_FS_DIRTY)
		return;
	fp_switch_save(a);
	a->regs.sstatus = (a->regs.sstatus & ~SSTATUS_FS) | SSTATUS_FS_CLEAN;
}

/* Vector registers likewise (vector_switch.c). */
static void vcpu_arch_vector_save(struct vcpu_arch *a)
{
	if (!a->vector || (a->regs.sstatus & SSTATUS_VS) != SSTATUS_VS_DIRTY)
		return;
	vector_switch_save(a);
	a->regs.sstatus = (a->regs.sstatus & ~SSTATUS_VS) | SSTATUS_VS_CLEAN;
}

void h_vcpu_load(struct vcpu_arch *a)
{
	const struct vcpu_arch_csrs *c = &a->csrs;

	csr_write(vsstatus, c->vsstatus);
	csr_write(vsie, c->vsie);
	csr_write(vstvec, c->vstvec);
	csr_write(vsscratch, c->vsscratch);
	csr_write(vsepc, c->vsepc);
	csr_write(vscause, c->vscause);
	csr_write(vstval, c->vstval);
	csr_write(vsatp, c->vsatp);
	csr_write(hvip, c->hvip);
	csr_write(htimedelta, c->htimedelta);
	csr_write(hcounteren, c->hcounteren);
	csr_write(scounteren, c->scounteren);
	if (hart_use.switch_senvcfg)
		csr_write(CSR_SENVCFG, c->senvcfg);
	if (hart_use.write_henvcfg)
		csr_write(CSR_HENVCFG, c->henvcfg);
	vcpu_arch_switch_space(c->hgatp);
	if (c->henvcfg & HENVCFG_STCE)
		csr_write(vstimecmp, c->vstimecmp);
	fp_switch_restore(a);
	if (a->vector)
		vector_switch_restore(a);
	vcpu_counters_load(a);
}

void h_vcpu_save(struct vcpu_arch *a)
{
	struct vcpu_arch_csrs *c = &a->csrs;

	c->vsstatus = csr_read(vsstatus);
	c->vsie = csr_read(vsie);
	c->vstvec = csr_read(vstvec);
	c->vsscratch = csr_read(vsscratch);
	c->vsepc = csr_read(vsepc);
	c->vscause = csr_read(vscause);
	c->vstval = csr_read(vstval);
	c->vsatp = csr_read(vsatp);
	c->hvip = csr_read(hvip);
	c->scounteren = csr_read(scounteren);
	if (hart_use.switch_senvcfg)
		c->senvcfg = csr_read(CSR_SENVCFG);
	if (c->henvcfg & HENVCFG_STCE)
		c->vstimecmp = csr_read(vstimecmp);
	vcpu_counters_save(a);
	vcpu_arch_fp_save(a);
	vcpu_arch_vector_save(a);
	/* A guest off the hart must not wake the hart's own WFI with its interrupts. */
	csr_write(vsie, 0);
	csr_write(hvip, 0);
	if (c->henvcfg & HENVCFG_STCE)
		csr_write(vstimecmp, UINT64_MAX);
}

void h_vcpu_set_timer(struct vcpu_arch *a, uint64_t deadline)
{
	a->csrs.vstimecmp = deadline;
	csr_write(vstimecmp, deadline);
}

/* Raise or lower one virtual interrupt of the loaded guest, and in its saved state. */
static void vcpu_arch_set_hvip(struct vcpu_arch *a, unsigned irq, bool pending)
{
	unsigned long bit = 1UL << irq;

	a->csrs.hvip = pending ? a->csrs.hvip | bit : a->csrs.hvip & ~bit;
	if (pending)
		csr_set(hvip, bit);
	else
		csr_clear(hvip, bit);
}

void h_vcpu_timer_pending(struct vcpu_arch *a, bool pending)
{
	vcpu_arch_set_hvip(a, IRQ_VS_TIMER, pending);
}

void h_vcpu_external_irq(struct vcpu_arch *a, bool pending)
{
	vcpu_arch_set_hvip(a, IRQ_VS_EXT, pending);
}

void h_vcpu_soft_irq(struct vcpu_arch *a)
{
	vcpu_arch_set_hvip(a, IRQ_VS_SOFT, true);
}

/* hfence.vvma applies to the VMID in hgatp, which is the loaded guest's. */
void h_vcpu_flush_vvma(void)
{
	__asm__ volatile(".option push\n.option arch, +h\nhfence.vvma zero, zero\n.option pop" ::
			     : "memory");
}

void h_vcpu_gstage_flush(void)
{
	__asm__ volatile(".option push\n.option arch, +h\nhfence.gvma zero, zero\n.option pop" ::
			     : "memory");
}

/*
 * VTW clear: a guest WFI waits in the hart, its own interrupts waking it with
 * no exit and Erg's still trapping. Taken at the next entry (vcpu_arch_enter
 * loads hstatus).
 */
void h_vcpu_trap_wfi(struct vcpu_arch *a, bool trap)
{
	if (trap)
		a->regs.hstatus |= HSTATUS_VTW;
	else
		a->regs.hstatus &= ~HSTATUS_VTW;
}

/*
 * Deliver an illegal-instruction exception to the loaded guest, following
 * the spec's trap entry into VS-mode: vsepc, vscause and vstval record it;
 * vsstatus.SPP takes the privilege the guest was in (hstatus.SPVP, set by
 * the trap that brought it here), SPIE takes SIE and SIE is cleared; the
 * guest resumes at its vector base in VS-mode whichever mode it left, so
 * the sret back must see SPP = 1 (and SPVP = 1 for HLV/HLVX), or a user
 * program's fault would run its kernel's handler in VU-mode.
 */
void h_vcpu_reflect_illegal(struct vcpu_arch *a, unsigned long insn)
{
	unsigned long vsstatus = csr_read(vsstatus);
	unsigned long sie = (vsstatus >> SSTATUS_SIE_SHIFT) & 1;
	bool from_vs = a->regs.hstatus & HSTATUS_SPVP;

	csr_write(vsepc, a->regs.sepc);
	csr_write(vscause, EXC_ILLEGAL_INST);
	csr_write(vstval, insn);
	vsstatus &= ~(SSTATUS_SPP | SSTATUS_SPIE | SSTATUS_SIE);
	vsstatus |= (sie << SSTATUS_SPIE_SHIFT) | (from_vs ? SSTATUS_SPP : 0);
	csr_write(vsstatus, vsstatus);
	a->regs.sepc = csr_read(vstvec) & ~3UL;
	a->regs.sstatus |= SSTATUS_SPP;
	a->regs.hstatus |= HSTATUS_SPVP;
}

/* Its user mode reads a counter only if its kernel allows it in scounteren, as on hardware. */
unsigned long h_vcpu_counters_allowed(const struct vcpu_arch *a)
{
	return a->regs.hstatus & HSTATUS_SPVP ? ~0UL : csr_read(scounteren);
}
