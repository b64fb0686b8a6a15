/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The H-extension back end's side of the seam (core/ports/virt_backend.h):
 * the functions arch/riscv/backend.c calls when the boot hart has H. Each
 * does what the seam function of the same name without the prefix promises.
 */
#ifndef ARCH_RISCV_H_H_BACKEND_H
#define ARCH_RISCV_H_H_BACKEND_H

#include "ports/virt_backend.h"

void h_vcpu_hart_init(void);
void h_vcpu_reset(struct vcpu_arch *a, const struct vcpu_arch_boot *boot);
void h_vcpu_trap_wfi(struct vcpu_arch *a, bool trap);
void h_vcpu_load(struct vcpu_arch *a);
void h_vcpu_save(struct vcpu_arch *a);
bool h_vcpu_run(struct vcpu_arch *a, struct vcpu_exit *exit);
void h_vcpu_reflect_illegal(struct vcpu_arch *a, unsigned long insn);
void h_vcpu_set_timer(struct vcpu_arch *a, uint64_t deadline);
void h_vcpu_timer_pending(struct vcpu_arch *a, bool pending);
bool h_vcpu_irq_pending(const struct vcpu_arch *a);
void h_vcpu_external_irq(struct vcpu_arch *a, bool pending);
void h_vcpu_soft_irq(struct vcpu_arch *a);
void h_vcpu_flush_vvma(void);
void h_vcpu_gstage_flush(void);
/* Counter reads from the guest's user mode obey its scounteren; these are the bits it allows. */
unsigned long h_vcpu_counters_allowed(const struct vcpu_arch *a);
/* VMIDLEN (hart_probe.c). */
unsigned h_vmid_bits(void);

#endif
