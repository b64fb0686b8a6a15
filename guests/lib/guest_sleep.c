/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * WFI sleeps on the SBI timer. The handler stops the timer (the SBI way of
 * clearing it) and notes the time at its first instruction.
 */
#include "guest_sleep.h"

#include "guest_irq.h"
#include "guest_sbi.h"
#include "guest_time.h"

static volatile uint64_t sleep_woke_at;
static volatile unsigned sleep_wakeups;

static void sleep_on_interrupt(unsigned long hartid, unsigned long irq)
{
	uint64_t now = time_now();

	(void)hartid;
	if (irq != IRQ_S_TIMER)
		return;
	sleep_woke_at = now;
	sleep_wakeups++;
	sbi_set_timer(UINT64_MAX);
}

void sleep_init(unsigned long hartid)
{
	irq_install(hartid, sleep_on_interrupt);
	irq_enable(IRQ_BIT(IRQ_S_TIMER));
	irq_global_enable();
}

/*
 * The check and the WFI run with interrupts off: an interrupt taken between
 * them would leave the WFI waiting for a timer already served. WFI still
 * wakes on one pending, which is taken once they are back on.
 */
uint64_t sleep_until(uint64_t deadline)
{
	unsigned before = sleep_wakeups;

	sbi_set_timer(deadline);
	irq_global_disable();
	while (sleep_wakeups == before) {
		__asm__ volatile("wfi");
		irq_global_enable();
		irq_global_disable();
	}
	irq_global_enable();
	return sleep_woke_at;
}
