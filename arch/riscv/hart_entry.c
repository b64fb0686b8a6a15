/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * C side of hart entry: give the hart its thread-local storage and trap
 * vector before any core code runs, then hand over to the boot sequence.
 * Also starting harts and stopping them, which the entry code pairs with.
 */
#include <string.h>

#include "boot/boot.h"
#include "csr.h"
#include "layout.h"
#include "ports/arch_hooks.h"
#include "sbi_call.h"
#include "trap.h"

/* From linker.ld: the TLS template and the stack array. */
extern char __tdata_start[], __tdata_end[], __tls_end[];
extern char _secondary_start[], erg_stacks[];

void arch_boot_entry(unsigned long hartid, unsigned long dtb) __attribute__((noreturn));
void arch_secondary_entry(unsigned long hartid, bool misdirected) __attribute__((noreturn));

static char hart_tls[ERG_MAX_HARTS][ERG_TLS_AREA] __attribute__((aligned(64)));

/* Copy the TLS template for this hart and point tp at it (RISC-V: tp = block start). */
static void hart_setup(unsigned long hartid)
{
	char *block = hart_tls[hartid];
	size_t init = (size_t)(__tdata_end - __tdata_start);

	memcpy(block, __tdata_start, init);
	memset(block + init, 0, (size_t)(__tls_end - __tdata_start) - init);
	__asm__ volatile("mv tp, %0" : : "r"(block));
	csr_write(stvec, (unsigned long)trap_entry);
	/* Timer, software and external interrupts are taken once sstatus.SIE is set. */
	csr_write(sie, SIE_STIE | SIE_SSIE | SIE_SEIE);
}

void arch_boot_entry(unsigned long hartid, unsigned long dtb)
{
	hart_setup(hartid);
	boot_main(hartid, dtb);
}

/* misdirected: the firmware sent the hart to _start while starting it (boot.S). */
void arch_secondary_entry(unsigned long hartid, bool misdirected)
{
	hart_setup(hartid);
	boot_secondary_main(hartid, misdirected);
}

long arch_hart_start(uint64_t hartid)
{
	return sbi_hart_start(hartid, (unsigned long)_secondary_start, 0);
}

void arch_hart_halt(void)
{
	csr_write(sie, 0);
	csr_clear(sstatus, SSTATUS_SIE);
	for (;;)
		__asm__ volatile("wfi");
}

void arch_poweroff(void)
{
	sbi_system_shutdown();
	arch_hart_halt();
}
