/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Moving a vCPU's vector registers on and off its hart (vector_switch.c),
 * as fp_switch.h does its FP registers; the back end decides from its own
 * dirty state when a save is needed.
 */
#ifndef ARCH_RISCV_VECTOR_SWITCH_H
#define ARCH_RISCV_VECTOR_SWITCH_H

#include "arch/vcpu_arch.h"

/* Give the vCPU room for its vector state, once, at its guest's creation; -1 when none is left. */
int vector_switch_create(struct vcpu_arch *a);

/* The vCPU reset: its vector registers, vl, vtype and the rest read zero when it next runs. */
void vector_switch_reset(struct vcpu_arch *a);

/* Save the hart's vector state into the vCPU (it dirtied it). */
void vector_switch_save(struct vcpu_arch *a);

/* Give the hart the vCPU's vector state, unless it is there already. */
void vector_switch_restore(struct vcpu_arch *a);

/* Per hart, before any guest runs there: every hart must have the one VLEN the vCPUs were given. */
void vector_switch_hart_init(void);

#endif
