/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * HS-mode trap handling: the vector, the dispatcher it calls, and the panic
 * dump for traps that mean Erg itself is broken.
 */
#ifndef ARCH_RISCV_TRAP_H
#define ARCH_RISCV_TRAP_H

#include "trap_frame.h"

void trap_entry(void);
void trap_dispatch(struct trap_frame *frame);

/* Print cause, epc, tval and every register, then stop this hart. */
void trap_panic(const struct trap_frame *frame) __attribute__((noreturn));

#endif
