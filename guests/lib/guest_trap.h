/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Surviving exceptions on purpose, for test guests that provoke them. A
 * guest calls trap_install() on a hart; from then on that hart's trap vector
 * hands interrupts to the guest_irq handler, as irq_install() would, and
 * exceptions to the innermost trap_try() running on the hart. trap_try()
 * works like setjmp: the body that raised the exception is abandoned at the
 * faulting instruction, the stack and callee-saved registers are put back,
 * and trap_try() returns true with the exception's scause, sepc and stval.
 * An exception outside any trap_try() is as fatal as before.
 */
#ifndef GUESTS_LIB_GUEST_TRAP_H
#define GUESTS_LIB_GUEST_TRAP_H

#include <stdbool.h>

#include "guest_irq.h"

/* scause exception codes the test guests expect to see (privileged spec). */
#define TRAP_INST_ACCESS_FAULT 1
#define TRAP_ILLEGAL_INST      2
#define TRAP_LOAD_ACCESS_FAULT 5

struct trap_info {
	unsigned long cause; /* scause */
	unsigned long epc;   /* sepc: the instruction that raised it */
	unsigned long tval;  /* stval */
};

typedef void (*trap_body)(void *arg);

/* Installs the trap vector on this hart (hartid below 8); handler takes the interrupts. */
void trap_install(unsigned long hartid, irq_handler handler);

/*
 * Runs body(arg) on this hart. False when it returned; true when it raised an
 * exception, described in *info. Interrupts taken meanwhile go to the handler
 * and body carries on. Nests; a body may not keep pointers into its own
 * abandoned stack frame.
 */
bool trap_try(trap_body body, void *arg, struct trap_info *info);

#endif
