/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Interrupts for the test guests that want them. By default a test guest
 * takes no interrupts and any trap is fatal (guest_start.S). A guest that
 * calls irq_install() on a hart gets a trap vector there that saves the
 * interrupted context, passes each supervisor interrupt to one handler and
 * returns to where it was; exceptions stay fatal. Interrupts still arrive
 * only once the guest enables them: its sources with irq_enable() and the
 * hart with irq_global_enable().
 */
#ifndef GUESTS_LIB_GUEST_IRQ_H
#define GUESTS_LIB_GUEST_IRQ_H

/* Supervisor interrupt numbers: scause codes and sie/sip bit positions. */
#define IRQ_S_SOFT  1
#define IRQ_S_TIMER 5
#define IRQ_S_EXT   9

#define IRQ_BIT(irq) (1UL << (irq))

/*
 * Called with interrupts off on the interrupted hart, with the interrupt
 * number (scause without its interrupt bit). It must clear the source
 * (sip.SSIP for a software interrupt, a new deadline for the timer) or the
 * interrupt is taken again as soon as it returns.
 */
typedef void (*irq_handler)(unsigned long hartid, unsigned long irq);

/* Points this hart's trap vector at the interrupt entry; handler serves every hart. */
void irq_install(unsigned long hartid, irq_handler handler);

/* Sets or clears sie bits (IRQ_BIT(n) masks). */
void irq_enable(unsigned long mask);
void irq_disable(unsigned long mask);

/* sstatus.SIE: interrupts on or off for this hart. */
void irq_global_enable(void);
void irq_global_disable(void);

/*
 * sip: the pending interrupts, and clearing the writable ones (SSIP). Under
 * a hypervisor on QEMU 7.2 a read shows only SSIP (a QEMU bug, fixed in 8.0):
 * do not test for a pending timer this way.
 */
unsigned long irq_pending(void);
void irq_clear_pending(unsigned long mask);

#endif
