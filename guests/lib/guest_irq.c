/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Interrupt dispatch for the test guests (see guest_irq.h). The hart id
 * lives in sscratch, which the test guests use for nothing else, so a
 * handler knows its hart without a thread pointer.
 */
#include "guest_irq.h"

#define SSTATUS_SIE	 (1UL << 1)
#define SCAUSE_INTERRUPT (1UL << 63)

/* From guest_irq_entry.S and guest_runtime.c. */
void guest_irq_entry(void);
void irq_dispatch(unsigned long scause, unsigned long sepc, unsigned long stval);
__attribute__((noreturn)) void guest_trap(unsigned long scause, unsigned long sepc,
					  unsigned long stval);

static irq_handler irq_current;

void irq_install(unsigned long hartid, irq_handler handler)
{
	irq_current = handler;
	asm volatile("csrw sscratch, %0" : : "r"(hartid));
	asm volatile("csrw stvec, %0" : : "r"((unsigned long)guest_irq_entry) : "memory");
}

void irq_dispatch(unsigned long scause, unsigned long sepc, unsigned long stval)
{
	unsigned long hartid;

	/* An exception is as fatal here as before irq_install(). */
	if (!(scause & SCAUSE_INTERRUPT) || !irq_current)
		guest_trap(scause, sepc, stval);
	asm volatile("csrr %0, sscratch" : "=r"(hartid));
	irq_current(hartid, scause & ~SCAUSE_INTERRUPT);
}

void irq_enable(unsigned long mask)
{
	asm volatile("csrs sie, %0" : : "r"(mask) : "memory");
}

void irq_disable(unsigned long mask)
{
	asm volatile("csrc sie, %0" : : "r"(mask) : "memory");
}

void irq_global_enable(void)
{
	asm volatile("csrs sstatus, %0" : : "r"(SSTATUS_SIE) : "memory");
}

void irq_global_disable(void)
{
	asm volatile("csrc sstatus, %0" : : "r"(SSTATUS_SIE) : "memory");
}

unsigned long irq_pending(void)
{
	unsigned long sip;

	asm volatile("csrr %0, sip" : "=r"(sip));
	return sip;
}

void irq_clear_pending(unsigned long mask)
{
	asm volatile("csrc sip, %0" : : "r"(mask) : "memory");
}
