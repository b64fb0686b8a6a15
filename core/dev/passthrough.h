/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Passthrough devices at run time: each guest's windows mapped into its
 * address space, and their interrupts taken on the hart of the guest's
 * vCPU 0, handed to the guest's PLIC, and completed on the real PLIC when
 * the guest completes them; masked while the guest is stopped or rebooting.
 */
#ifndef CORE_DEV_PASSTHROUGH_H
#define CORE_DEV_PASSTHROUGH_H

#include "vm/vm.h"

/* Map vm's windows and route their interrupts; 0, or -1 with the reason logged. */
int passthrough_attach(struct vm *vm, const struct platform *p);

/* The guest completed source on its PLIC: complete it on the real one (a vplic hook). */
void passthrough_complete(void *arg, unsigned source);

/* The guest stops or reboots: mask its sources, complete the claims it still holds. */
void passthrough_suspend(struct vm *vm);

/* The guest runs again: complete what its old life held, unmask its sources. */
void passthrough_resume(struct vm *vm);

/* Hand a claimed physical source to the guest that owns it; false when none does. */
bool passthrough_forward(unsigned irq);

#endif
