/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The seam (core/ports/virt_backend.h) for one image with two back ends:
 * the boot hart's own answer to reading hstatus picks the H back end
 * (arch/riscv/h/) or, on a hart without H, trap-and-emulate with shadow
 * page tables (arch/riscv/noh/), and every seam call goes to that one. The
 * choice never changes after boot, so each branch below always goes the
 * same way.
 */
#include "h/h_backend.h"
#include "hart_probe.h"
#include "hart_use.h"
#include "noh/noh_backend.h"
#include "ports/arch_hooks.h"
#include "vcpu_counters.h"
#include "vector_switch.h"
#include "vm/vmid.h"

unsigned long csr_probe_hstatus(void);

const char *vcpu_arch_select(void)
{
	vcpu_arch_noh = csr_probe_hstatus() != 0;
	if (!vcpu_arch_noh)
		return "H extension (guests in VS-mode behind G-stage tables)";
	noh_root_init();
	return "trap-and-emulate (no H: guests in U-mode behind shadow page tables)";
}

/*
 * Without H, guests get none of them: Erg emulates their timer, and its
 * shadow tables would have to carry memory types. With H, Sstc and Svpbmt
 * are enabled through henvcfg, where the hart has it, and V is switched.
 */
struct isa_offer vcpu_arch_guest_offer(void)
{
	if (vcpu_arch_noh)
		return (struct isa_offer){0};
	hart_probe_csrs();
	return (struct isa_offer){
	    .sstc = hart_use_guest_sstc(&hart_csrs, true),
	    .vector = true,
	    .svpbmt = hart_csrs.henvcfg,
	};
}

int vcpu_arch_create(struct vcpu_arch *a, const struct isa_offer *offer)
{
	return offer->vector ? vector_switch_create(a) : 0;
}

void vcpu_arch_hart_init(void)
{
	if (vcpu_arch_noh)
		noh_vcpu_hart_init();
	else
		h_vcpu_hart_init();
}

void vcpu_arch_reset(struct vcpu_arch *a, const struct vcpu_arch_boot *boot)
{
	if (vcpu_arch_noh)
		noh_vcpu_reset(a, boot);
	else
		h_vcpu_reset(a, boot);
}

void vcpu_arch_trap_wfi(struct vcpu_arch *a, bool trap)
{
	if (!vcpu_arch_noh)
		h_vcpu_trap_wfi(a, trap);
}

void vcpu_arch_load(struct vcpu_arch *a)
{
	if (vcpu_arch_noh)
		noh_vcpu_load(a);
	else
		h_vcpu_load(a);
}

void vcpu_arch_save(struct vcpu_arch *a)
{
	if (vcpu_arch_noh)
		noh_vcpu_save(a);
	else
		h_vcpu_save(a);
}

bool vcpu_arch_run(struct vcpu_arch *a, struct vcpu_exit *exit)
{
	return vcpu_arch_noh ? noh_vcpu_run(a, exit) : h_vcpu_run(a, exit);
}

bool vcpu_arch_emulate_insn(struct vcpu_arch *a, uint32_t insn)
{
	return vcpu_counters_emulate(
	    a, insn, vcpu_arch_noh ? noh_vcpu_counters_allowed(a) : h_vcpu_counters_allowed(a));
}

void vcpu_arch_reflect_illegal(struct vcpu_arch *a, unsigned long insn)
{
	if (vcpu_arch_noh)
		noh_vcpu_reflect_illegal(a, insn);
	else
		h_vcpu_reflect_illegal(a, insn);
}

/* With H the guest's tables never lead Erg to a fault: the hart walks them. */
void vcpu_arch_reflect_access_fault(struct vcpu_arch *a, const struct vcpu_exit *exit)
{
	if (vcpu_arch_noh)
		noh_vcpu_reflect_access_fault(a, exit);
}

/* Without H guests have no timer compare of their own: core keeps their deadline. */
void vcpu_arch_set_timer(struct vcpu_arch *a, uint64_t deadline)
{
	if (!vcpu_arch_noh)
		h_vcpu_set_timer(a, deadline);
}

void vcpu_arch_timer_pending(struct vcpu_arch *a, bool pending)
{
	if (vcpu_arch_noh)
		noh_vcpu_timer_pending(a, pending);
	else
		h_vcpu_timer_pending(a, pending);
}

bool vcpu_arch_irq_pending(const struct vcpu_arch *a)
{
	return vcpu_arch_noh ? noh_vcpu_irq_pending(a) : h_vcpu_irq_pending(a);
}

void vcpu_arch_external_irq(struct vcpu_arch *a, bool pending)
{
	if (vcpu_arch_noh)
		noh_vcpu_external_irq(a, pending);
	else
		h_vcpu_external_irq(a, pending);
}

void vcpu_arch_soft_irq(struct vcpu_arch *a)
{
	if (vcpu_arch_noh)
		noh_vcpu_soft_irq(a);
	else
		h_vcpu_soft_irq(a);
}

void vcpu_arch_fence_i(void)
{
	__asm__ volatile("fence.i" ::: "memory");
}

void vcpu_arch_flush_vvma(void)
{
	if (vcpu_arch_noh)
		noh_vcpu_flush_vvma();
	else
		h_vcpu_flush_vvma();
}

/* Without H the shadows follow the guest-physical map by its unmap count (noh_shadow.c). */
void vcpu_arch_gstage_flush(void)
{
	if (!vcpu_arch_noh)
		h_vcpu_gstage_flush();
}

/*
 * Without H there is no hgatp.VMID, and no need for one: every vCPU's
 * shadow spaces carry ASIDs of their own, so a switch between guests
 * flushes nothing, as with a VMID per guest.
 */
unsigned vcpu_arch_trap_kinds(void)
{
	return vcpu_arch_noh ? NOH_TRAP_KINDS : 0;
}

const char *vcpu_arch_trap_name(unsigned kind)
{
	return noh_trap_names[kind];
}

uint64_t vcpu_arch_traps(const struct vcpu_arch *a, unsigned kind)
{
	return vcpu_arch_noh ? a->noh.traps[kind] : 0;
}

unsigned arch_vmid_bits(void)
{
	return vcpu_arch_noh ? VMID_BITS_MAX : h_vmid_bits();
}
