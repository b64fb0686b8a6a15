/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Supervisor external interrupts on a hart: everything the physical PLIC
 * has for it, handed to one of Erg's own devices (the console's input, the
 * switch's uplink) or to the guest that owns the source.
 */
#ifndef CORE_DEV_IRQ_EXTERNAL_H
#define CORE_DEV_IRQ_EXTERNAL_H

#include "platform/platform.h"

/* Erg's own sources at most (the console UART, the uplink, the disks). */
#define IRQ_EXTERNAL_OWN_MAX 8

/* Take over the PLIC and route the console UART's input interrupt to this hart. */
void irq_external_init(const struct platform *p);

/* Route source irq to this hart for Erg itself, served by serve: 0, or -1 when it cannot be. */
int irq_external_own(unsigned irq, void (*serve)(void));

/* Stop (or resume) the delivery of one of Erg's own sources to this hart. */
void irq_external_mask(unsigned irq, bool masked);

/* Claim and dispatch until the PLIC has nothing more for this hart. */
void irq_external_dispatch(void);

#endif
