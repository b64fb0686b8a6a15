/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * trap_install() for guest_trap.h: the guest_irq set-up (handler, hart id in
 * sscratch), then the vector of guest_trap_entry.S in its place.
 */
#include "guest_trap.h"

#define TRAP_MAX_HARTS 8 /* as many as guest_start.S has stacks for */

void trap_vector(void);

void trap_install(unsigned long hartid, irq_handler handler)
{
	if (hartid >= TRAP_MAX_HARTS)
		return;
	irq_install(hartid, handler);
	asm volatile("csrw stvec, %0" : : "r"((unsigned long)trap_vector) : "memory");
}
