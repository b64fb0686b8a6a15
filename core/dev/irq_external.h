/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Supervisor external interrupts on a hart: everything the physical PLIC
 * has for it, handed to Erg's console input or to the guest that owns the
 * source.
 */
#ifndef CORE_DEV_IRQ_EXTERNAL_H
#define CORE_DEV_IRQ_EXTERNAL_H

#include "platform/platform.h"

/* Take over the PLIC and route the console UART's input interrupt to this hart. */
void irq_external_init(const struct platform *p);

/* Claim and dispatch until the PLIC has nothing more for this hart. */
void irq_external_dispatch(void);

#endif
