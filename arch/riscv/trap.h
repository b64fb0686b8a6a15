/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * HS-mode trap handling: the vector, the dispatcher it calls, and the panic
 * dump for traps that mean Erg itself is broken.
 */
#ifndef ARCH_RISCV_TRAP_H
#define ARCH_RISCV_TRAP_H

#include "trap_frame.h"
#include "vcpu/vcpu_exit.h"

void trap_entry(void);
void trap_dispatch(struct trap_frame *frame);

/* The exit an interrupt of Erg's is when it comes while a guest runs (either back end). */
enum vcpu_exit_kind trap_irq_exit_kind(unsigned long code);

/* Print cause, epc, tval and every register, then stop this hart. */
void trap_panic(const struct trap_frame *frame) __attribute__((noreturn));

#endif
