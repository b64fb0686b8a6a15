/*
 * vCPU 1, on a hart of its own: it sleeps in WFI until vCPU 0 turns the
 * storm on, then sends IPIs and remote fences as fast as it can, most of
 * them to vCPU 0, which shares its hart with the real-time guest. Every IPI
 * Erg delivers there is work on that hart, so this is the storm that
 * reaches the neighbour from another hart. It sleeps again when the storm
 * is turned off; asleep it costs its hart nothing.
 */
#include "guest.h"
#include "guest_irq.h"
#include "guest_sbi.h"
#include "noisy.h"

#define NOISY_SECOND 1

static volatile int noisy_storm_on;

static void noisy_second_main(unsigned long hartid)
{
	(void)hartid;
	/* WFI wakes for an interrupt enabled in sie even with SIE off; none is taken. */
	irq_enable(IRQ_BIT(IRQ_S_SOFT));
	for (;;) {
		while (!__atomic_load_n(&noisy_storm_on, __ATOMIC_ACQUIRE)) {
			asm volatile("wfi");
			irq_clear_pending(IRQ_BIT(IRQ_S_SOFT));
		}
		while (__atomic_load_n(&noisy_storm_on, __ATOMIC_ACQUIRE))
			noisy_ipi_round();
	}
}

long noisy_second_start(void)
{
	return guest_hart_start(NOISY_SECOND, noisy_second_main);
}

void noisy_second_storm(bool on)
{
	__atomic_store_n(&noisy_storm_on, on, __ATOMIC_RELEASE);
	if (on)
		sbi_send_ipi(1UL << NOISY_SECOND, 0); /* out of its WFI */
}
