/*
 * Passthrough devices at run time: each guest's windows mapped into its
 * address space, and their interrupts taken on the hart of the guest's
 * vCPU 0, handed to the guest's PLIC, and completed on the real PLIC when
 * the guest completes them.
 */
#ifndef CORE_PASSTHROUGH_H
#define CORE_PASSTHROUGH_H

#include "vm.h"

/* Map vm's windows and route their interrupts; 0, or -1 with the reason logged. */
int passthrough_attach(struct vm *vm, const struct platform *p);

/* The guest completed source on its PLIC: complete it on the real one (a vplic hook). */
void passthrough_complete(void *arg, unsigned source);

/* Hand a claimed physical source to the guest that owns it; false when none does. */
bool passthrough_forward(unsigned irq);

#endif
