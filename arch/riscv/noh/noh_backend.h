/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The no-H back end's side of the seam (core/ports/virt_backend.h): the
 * functions arch/riscv/backend.c calls when the boot hart lacks H, each
 * doing what the seam function of the same name without the prefix
 * promises; and what its files share among themselves.
 */
#ifndef ARCH_RISCV_NOH_NOH_BACKEND_H
#define ARCH_RISCV_NOH_NOH_BACKEND_H

#include "ports/virt_backend.h"

void noh_vcpu_hart_init(void);
void noh_vcpu_reset(struct vcpu_arch *a, const struct vcpu_arch_boot *boot);
void noh_vcpu_load(struct vcpu_arch *a);
void noh_vcpu_save(struct vcpu_arch *a);
bool noh_vcpu_run(struct vcpu_arch *a, struct vcpu_exit *exit);
void noh_vcpu_reflect_illegal(struct vcpu_arch *a, unsigned long insn);
void noh_vcpu_reflect_access_fault(struct vcpu_arch *a, const struct vcpu_exit *exit);
void noh_vcpu_timer_pending(struct vcpu_arch *a, bool pending);
bool noh_vcpu_irq_pending(const struct vcpu_arch *a);
void noh_vcpu_external_irq(struct vcpu_arch *a, bool pending);
void noh_vcpu_soft_irq(struct vcpu_arch *a);
void noh_vcpu_flush_vvma(void);
unsigned long noh_vcpu_counters_allowed(const struct vcpu_arch *a);

/* noh_root.c: Erg's side of every address space. */
void noh_root_init(void);	   /* once, on the boot hart, before any other */
void noh_root_hart_init(void);	   /* each hart: its own root goes into satp */
unsigned noh_root_asid_bits(void); /* the hart's ASIDLEN, probed by noh_root_hart_init */
const struct shadow_erg_range *noh_root_erg_range(void);

/* noh_shadow.c: the vCPU's shadow spaces. */
int noh_shadow_prepare(struct vcpu_arch *a); /* before entry: the space to run in, ready */
struct shadow_space *noh_shadow_current(struct vcpu_arch *a);
unsigned long noh_shadow_satp(const struct vcpu_arch *a);
void noh_shadow_flush_all(struct vcpu_arch *a);
void noh_shadow_forget(struct vcpu_arch *a);
/* After a fill: keep the vCPU's shadow tables within their bound. */
void noh_shadow_bound(struct vcpu_arch *a);
/* What an sfence.vma names: every address of one ASID, or one address of all or one ASID. */
void noh_shadow_flush_asid(struct vcpu_arch *a, uint16_t asid);
void noh_shadow_flush_addr(struct vcpu_arch *a, uint64_t va, const uint16_t *asid);
/* Fence va in the space the guest runs in (after a fill there). */
void noh_shadow_fence_addr(const struct vcpu_arch *a, uint64_t va);
void noh_shadow_fence_asids(const struct vcpu_arch *a);

/* Take a trap into the guest's virtual S: its pc moves to its vector. */
void noh_vcpu_trap(struct vcpu_arch *a, uint64_t cause, uint64_t tval);

/* noh_run.c: the names of enum noh_trap_kind, for the exit summary. */
extern const char *const noh_trap_names[NOH_TRAP_KINDS];

/* noh_entry.S */
void noh_vcpu_enter(struct vcpu_arch_regs *regs, unsigned long shadow_satp);

#endif
