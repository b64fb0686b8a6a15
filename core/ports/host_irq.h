/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The physical interrupt controller as core/ needs it for passthrough
 * devices: route a source to a hart, claim there, complete. The PLIC driver
 * in drivers/ defines these hooks (a host stand-in does for unit tests).
 */
#ifndef CORE_PORTS_HOST_IRQ_H
#define CORE_PORTS_HOST_IRQ_H

#include "platform/platform.h"

/* Take over the PLIC: every source off. false when there is none. */
bool host_irq_init(const struct platform_plic *plic);

/* Deliver source irq to hart's supervisor context (and to no other). */
int host_irq_route(unsigned irq, uint64_t hart);

/* Stop delivering source irq to hart (route it again to resume). */
void host_irq_unroute(unsigned irq, uint64_t hart);

/* The next pending source for this hart (0: none), and its completion. */
unsigned host_irq_claim(uint64_t hart);
void host_irq_complete(uint64_t hart, unsigned irq);

#endif
