/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * External interrupt dispatch. A source nobody owns is completed at once,
 * so it cannot wedge the PLIC's gateway.
 */
#include "dev/irq_external.h"

#include "console/console.h"
#include "console/console_input.h"
#include "dev/passthrough.h"
#include "lib/hart.h"
#include "ports/host_irq.h"
#include "ports/uart_console.h"

static unsigned irq_console;

void irq_external_init(const struct platform *p)
{
	if (!host_irq_init(&p->plic))
		return;
	/* Console input then arrives at once, not only at the next tick. */
	if (p->uart.irq && !host_irq_route(p->uart.irq, hart_self()) &&
	    uart_console_enable_rx_irq())
		irq_console = p->uart.irq;
}

void irq_external_dispatch(void)
{
	uint64_t hart = hart_self();
	unsigned irq;

	while ((irq = host_irq_claim(hart)) != 0) {
		if (irq == irq_console)
			console_input_poll();
		else if (passthrough_forward(irq))
			continue; /* completed when the guest completes it */
		host_irq_complete(hart, irq);
	}
}
