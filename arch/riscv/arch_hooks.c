/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The simple arch hooks core/ calls: early console, interrupt masking, image
 * bounds, the config blob and the fault self-test.
 */
#include "ports/arch_hooks.h"

#include "csr.h"
#include "sbi_call.h"

extern char _start[], _end[], erg_config_blob[];

void arch_early_putchar(char c)
{
	sbi_legacy_putchar(c);
}

unsigned long arch_irq_save(void)
{
	return csr_read_clear(sstatus, SSTATUS_SIE) & SSTATUS_SIE;
}

void arch_irq_restore(unsigned long state)
{
	csr_set(sstatus, state & SSTATUS_SIE);
}

void arch_irq_enable(void)
{
	csr_set(sstatus, SSTATUS_SIE);
}

void arch_wait_for_interrupt(void)
{
	__asm__ volatile("wfi" ::: "memory");
}

void arch_hart_kick(uint64_t hartid)
{
	sbi_send_ipi(1, hartid);
}

void arch_ipi_clear(void)
{
	csr_clear(sip, SIE_SSIE);
}

paddr_t arch_image_start(void)
{
	return (paddr_t)(uintptr_t)_start;
}

paddr_t arch_image_end(void)
{
	return (paddr_t)(uintptr_t)_end;
}

const void *arch_config_blob(void)
{
	return erg_config_blob;
}

/* Address 0 holds no device on any platform Erg supports, so a load faults. */
void arch_selftest_fault(void)
{
	__asm__ volatile("ld zero, 8(zero)" ::: "memory");
}
