/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * vCPU state of the no-H back end: its first state, moving it on and off a
 * hart, and the virtual interrupts core raises. The supervisor state is
 * virtual (priv_state.h) and lives in memory, so a switch moves little: the
 * FP registers lazily, the counters, and fences for the vCPU's own ASIDs.
 */
#include <string.h>

#include "../csr.h"
#include "../fp_switch.h"
#include "noh_backend.h"
#include "priv_emul.h"

/* The vCPU loaded on this hart, for the fences core asks without naming it. */
static __thread struct vcpu_arch *noh_loaded;

/* What guests are offered: Sv39 (the shadows' own format), FP, and no Sstc: timers go through SBI.
 */
static const struct priv_features noh_features = {.sv39 = true, .fp = true};

void noh_vcpu_hart_init(void)
{
	noh_root_hart_init();
}

/*
 * A reset keeps what the vCPU owns for good (its shadow spaces, emptied,
 * and their ASIDs) and, on a resume, its pending interrupts.
 */
void noh_vcpu_reset(struct vcpu_arch *a, const struct vcpu_arch_boot *boot)
{
	struct noh_vcpu kept;
	uint64_t sip = boot->keep_irqs ? a->noh.priv.sip : 0;

	noh_shadow_forget(a);
	kept = a->noh;
	memset(a, 0, sizeof(*a));
	memcpy(a->noh.sets, kept.sets, sizeof(kept.sets));
	a->noh.uses = kept.uses;
	memcpy(a->noh.traps, kept.traps, sizeof(kept.traps));
	priv_state_reset(&a->noh.priv, &noh_features);
	a->noh.priv.sip = sip;
	/* Its user mode may read the counters until its kernel says otherwise, as with H. */
	a->noh.priv.scounteren = PRIV_SCOUNTEREN_MASK;
	a->noh.vm = (const struct vm_arch *)(uintptr_t)boot->space;
	a->noh.vm_unmaps = __atomic_load_n(&a->noh.vm->unmaps, __ATOMIC_ACQUIRE);
	a->regs.sepc = boot->entry;
	a->regs.gpr[10] = boot->a0;
	a->regs.gpr[11] = boot->a1;
	a->fp_fresh = true;
}

void noh_vcpu_load(struct vcpu_arch *a)
{
	noh_loaded = a;
	a->noh.hart_scounteren = ~0UL; /* another vCPU may have set it */
	noh_shadow_fence_asids(a);
	fp_switch_restore(a);
	vcpu_counters_load(a);
}

void noh_vcpu_save(struct vcpu_arch *a)
{
	vcpu_counters_save(a);
	if (a->noh.fp_dirty) {
		fp_switch_save(a);
		a->noh.fp_dirty = false;
	}
	noh_loaded = NULL;
}

void noh_vcpu_trap(struct vcpu_arch *a, uint64_t cause, uint64_t tval)
{
	a->regs.sepc = priv_emul_trap(&a->noh.priv, cause, tval, a->regs.sepc);
}

void noh_vcpu_reflect_illegal(struct vcpu_arch *a, unsigned long insn)
{
	noh_vcpu_trap(a, EXC_ILLEGAL_INST, insn);
}

/* exit->value holds the guest-virtual address of the access (noh_run.c). */
void noh_vcpu_reflect_access_fault(struct vcpu_arch *a, const struct vcpu_exit *exit)
{
	static const uint64_t causes[] = {
	    [VCPU_ACCESS_READ] = GWALK_CAUSE_LOAD_ACCESS,
	    [VCPU_ACCESS_WRITE] = GWALK_CAUSE_STORE_ACCESS,
	    [VCPU_ACCESS_FETCH] = GWALK_CAUSE_FETCH_ACCESS,
	};

	noh_vcpu_trap(a, causes[exit->access], exit->value);
}

static void noh_vcpu_set_sip(struct vcpu_arch *a, uint64_t bit, bool pending)
{
	if (pending)
		a->noh.priv.sip |= bit;
	else
		a->noh.priv.sip &= ~bit;
}

void noh_vcpu_timer_pending(struct vcpu_arch *a, bool pending)
{
	noh_vcpu_set_sip(a, PRIV_SIP_STIP, pending);
}

void noh_vcpu_external_irq(struct vcpu_arch *a, bool pending)
{
	noh_vcpu_set_sip(a, PRIV_SIP_SEIP, pending);
}

void noh_vcpu_soft_irq(struct vcpu_arch *a)
{
	noh_vcpu_set_sip(a, PRIV_SIP_SSIP, true);
}

/* An interrupt it enabled is pending, whether or not sstatus.SIE lets it in now: WFI ends. */
bool noh_vcpu_irq_pending(const struct vcpu_arch *a)
{
	return a->noh.priv.sip & a->noh.priv.sie & (PRIV_SIP_SSIP | PRIV_SIP_STIP | PRIV_SIP_SEIP);
}

/* A remote sfence.vma for the loaded vCPU: its shadows may hold what the guest changed. */
void noh_vcpu_flush_vvma(void)
{
	if (noh_loaded)
		noh_shadow_flush_all(noh_loaded);
}

unsigned long noh_vcpu_counters_allowed(const struct vcpu_arch *a)
{
	return a->noh.priv.mode == PRIV_MODE_U ? a->noh.priv.scounteren : ~0UL;
}
