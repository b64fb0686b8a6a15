/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The narrow interface core/ uses to reach the hardware. arch/riscv defines
 * these hooks; tests/host/host_arch.c defines host versions so core/ links
 * and runs on the build machine.
 */
#ifndef CORE_PORTS_ARCH_HOOKS_H
#define CORE_PORTS_ARCH_HOOKS_H

#include "lib/types.h"

/* Console output before the UART is known (SBI legacy putchar). */
void arch_early_putchar(char c);

/* Timer: read the time counter, choose the back end, arm a one-shot deadline. */
uint64_t arch_time_now(void);
void arch_timer_init(bool use_sstc);
void arch_timer_program(uint64_t deadline);
const char *arch_timer_name(void);

/* Local interrupts: the previous state comes back from save and goes to restore. */
unsigned long arch_irq_save(void);
void arch_irq_restore(unsigned long state);
void arch_irq_enable(void);
void arch_wait_for_interrupt(void);
/*
 * Whether an interrupt of Erg's own other than a kick (its timer, a device)
 * waits on this hart. Kicks are left out: they only ask a hart to look at
 * requests, which a waiting hart does anyway.
 */
bool arch_irq_waiting(void);

/*
 * Serve those interrupts (each once, as if taken) without opening
 * interrupts: for a hart that waits in the middle of serving a guest's exit.
 */
void arch_irq_serve(void);

/* Start a stopped hart at Erg's secondary entry; returns 0 or a negative SBI error. */
long arch_hart_start(uint64_t hartid);

/* Interrupt another hart so it looks at its work again; clear such a kick here. */
void arch_hart_kick(uint64_t hartid);
void arch_ipi_clear(void);

/* VMID bits the hart implements (VMIDLEN, 0-14), probed by the arch. */
unsigned arch_vmid_bits(void);

/* Load and store windows of Erg's own image, from the link script. */
paddr_t arch_image_start(void);
paddr_t arch_image_end(void);

/* The partition config blob compiled into the image. */
const void *arch_config_blob(void);

/* Provoke an access fault on purpose, to show the panic path works. */
void arch_selftest_fault(void);

/* End of the line: stop this hart for good, or power the machine off. */
void arch_hart_halt(void) __attribute__((noreturn));
void arch_poweroff(void) __attribute__((noreturn));

#endif
