/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * External interrupt dispatch. Erg's own sources are listed once at boot,
 * each with the function that serves it; a source nobody owns is completed
 * at once, so it cannot wedge the PLIC's gateway.
 */
#include "dev/irq_external.h"

#include "console/console.h"
#include "console/console_input.h"
#include "dev/passthrough.h"
#include "lib/hart.h"
#include "ports/host_irq.h"
#include "ports/uart_console.h"

struct irq_external_own {
	unsigned irq;
	void (*serve)(void);
};

static struct irq_external_own irq_own[IRQ_EXTERNAL_OWN_MAX];
static unsigned irq_own_count;

int irq_external_own(unsigned irq, void (*serve)(void))
{
	if (!irq || irq_own_count == IRQ_EXTERNAL_OWN_MAX || host_irq_route(irq, hart_self()))
		return -1;
	irq_own[irq_own_count++] = (struct irq_external_own){irq, serve};
	return 0;
}

void irq_external_mask(unsigned irq, bool masked)
{
	if (masked)
		host_irq_unroute(irq, hart_self());
	else
		(void)host_irq_route(irq, hart_self()); /* routed once already */
}

void irq_external_init(const struct platform *p)
{
	if (!host_irq_init(&p->plic))
		return;
	/* Console input then arrives at once, not only at the next tick. */
	if (p->uart.irq && !irq_external_own(p->uart.irq, console_input_poll))
		uart_console_enable_rx_irq();
}

/* Serve one of Erg's own sources: false when irq is none of them. */
static bool irq_external_serve(unsigned irq)
{
	for (unsigned i = 0; i < irq_own_count; i++)
		if (irq_own[i].irq == irq) {
			irq_own[i].serve();
			return true;
		}
	return false;
}

void irq_external_dispatch(void)
{
	uint64_t hart = hart_self();
	unsigned irq;

	while ((irq = host_irq_claim(hart)) != 0) {
		if (!irq_external_serve(irq) && passthrough_forward(irq))
			continue; /* completed when the guest completes it */
		host_irq_complete(hart, irq);
	}
}
