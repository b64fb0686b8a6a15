/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The one trap dispatcher for traps Erg takes in HS-mode. Interrupts are
 * looked up by code in a table; any exception here is a bug in Erg itself
 * and ends in the panic dump.
 */
#include <stddef.h>

#include "csr.h"
#include "dev/irq_external.h"
#include "ports/arch_hooks.h"
#include "sched/tick.h"
#include "trap.h"
#include "trap_frame.h"

_Static_assert(offsetof(struct trap_frame, regs[1]) == TF_REG(1), "trap frame regs");
_Static_assert(offsetof(struct trap_frame, sepc) == TF_SEPC, "trap frame sepc");
_Static_assert(offsetof(struct trap_frame, sstatus) == TF_SSTATUS, "trap frame sstatus");
_Static_assert(offsetof(struct trap_frame, scause) == TF_SCAUSE, "trap frame scause");
_Static_assert(offsetof(struct trap_frame, stval) == TF_STVAL, "trap frame stval");
_Static_assert(sizeof(struct trap_frame) == TF_SIZE, "trap frame size");
_Static_assert(TF_SIZE % 16 == 0, "trap frame keeps the stack 16-byte aligned");

typedef void (*trap_irq_handler)(struct trap_frame *frame);

static void trap_irq_timer(struct trap_frame *frame)
{
	(void)frame;
	tick_handle();
}

static void trap_irq_soft(struct trap_frame *frame)
{
	(void)frame;
	arch_ipi_clear();
}

static void trap_irq_external(struct trap_frame *frame)
{
	(void)frame;
	irq_external_dispatch();
}

static const trap_irq_handler trap_irq_table[] = {
    [IRQ_S_SOFT] = trap_irq_soft,
    [IRQ_S_EXT] = trap_irq_external,
    [IRQ_S_TIMER] = trap_irq_timer,
};

void trap_dispatch(struct trap_frame *frame)
{
	unsigned long code = SCAUSE_CODE(frame->scause);

	if (!(frame->scause & SCAUSE_INTERRUPT))
		trap_panic(frame);
	if (code < sizeof(trap_irq_table) / sizeof(trap_irq_table[0]) && trap_irq_table[code])
		trap_irq_table[code](frame);
	else
		trap_panic(frame);
}

enum vcpu_exit_kind trap_irq_exit_kind(unsigned long code)
{
	switch (code) {
	case IRQ_S_TIMER:
		return VCPU_EXIT_IRQ_TIMER;
	case IRQ_S_SOFT:
		return VCPU_EXIT_IRQ_SOFT;
	case IRQ_S_EXT:
		return VCPU_EXIT_IRQ_EXT;
	default:
		return VCPU_EXIT_OTHER;
	}
}

/* Erg's enabled interrupts pending on this hart, kicks left out. */
static unsigned long trap_irqs_waiting(void)
{
	return csr_read(sip) & csr_read(sie) & ~SIE_SSIE;
}

bool arch_irq_waiting(void)
{
	return trap_irqs_waiting();
}

/*
 * Called, not trapped into: a trap here would clear the trap state of the
 * guest exit being served (hstatus.SPV, sstatus.SPP), and its sret would
 * open interrupts again, so a timer whose deadline has passed would trap
 * for ever before the caller could see that its slice is over.
 */
void arch_irq_serve(void)
{
	unsigned long waiting = trap_irqs_waiting();

	for (unsigned long code = 0; code < sizeof(trap_irq_table) / sizeof(trap_irq_table[0]);
	     code++)
		if ((waiting >> code) & 1 && trap_irq_table[code])
			trap_irq_table[code](NULL);
}
