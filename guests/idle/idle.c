/*
 * An idle guest: it sleeps in WFI between timer interrupts, 20 of them
 * 100 ms apart, then reports how long that took and shuts down. Under Erg
 * each WFI blocks the vCPU (not the hart's time), so the run takes 2 s and
 * costs about one WFI exit per wake-up.
 */
#include <stdint.h>
#include <stdio.h>

#include "guest.h"
#include "guest_irq.h"
#include "guest_sbi.h"
#include "guest_time.h"

#define IDLE_WAKEUPS   20
#define IDLE_PERIOD_US 100000

static volatile unsigned idle_ticks;

static void idle_on_interrupt(unsigned long hartid, unsigned long irq)
{
	(void)hartid;
	if (irq == IRQ_S_TIMER) {
		idle_ticks++;
		sbi_set_timer(UINT64_MAX);
	}
}

int main(unsigned long hartid, const void *dtb)
{
	uint64_t start;

	time_init(dtb);
	irq_install(hartid, idle_on_interrupt);
	irq_enable(IRQ_BIT(IRQ_S_TIMER));
	irq_global_enable();
	start = time_now();
	printf("idle: sleeping through %u timer interrupts\n", IDLE_WAKEUPS);
	for (unsigned i = 1; i <= IDLE_WAKEUPS; i++) {
		sbi_set_timer(start + i * time_us_to_ticks(IDLE_PERIOD_US));
		while (idle_ticks < i)
			__asm__ volatile("wfi");
	}
	printf("idle: %u wake-ups in %lu ms\n", (unsigned)idle_ticks,
	       (unsigned long)((time_now() - start) / time_us_to_ticks(1000)));
	return 0;
}
