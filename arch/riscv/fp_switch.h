/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Moving a vCPU's FP registers on and off its hart, for both back ends
 * (fp_switch.c). Each back end decides from its own dirty state when a save
 * is needed.
 */
#ifndef ARCH_RISCV_FP_SWITCH_H
#define ARCH_RISCV_FP_SWITCH_H

#include "arch/vcpu_arch.h"

/* Save the hart's FP registers into the vCPU (it dirtied them). */
void fp_switch_save(struct vcpu_arch *a);

/* Give the hart the vCPU's FP registers, unless they are there already. */
void fp_switch_restore(struct vcpu_arch *a);

#endif
