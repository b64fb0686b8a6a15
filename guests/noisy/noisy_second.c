/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * vCPU 1, on a hart of its own: it sleeps in WFI until vCPU 0 hands it a
 * role, runs the role again and again until vCPU 0 takes it back, and
 * sleeps again; asleep it costs its hart nothing. Its roles are the ones
 * that reach the real-time guest's hart from another: IPIs and remote
 * fences aimed at vCPU 0, and feeding a virtqueue while Erg drains it on
 * the other hart.
 */
#include <stddef.h>

#include "guest.h"
#include "guest_irq.h"
#include "guest_sbi.h"
#include "guest_time.h"
#include "noisy.h"

#define NOISY_SECOND	     1
#define NOISY_SECOND_STOP_US 100000 /* a role's round is far shorter */

static noisy_role_fn volatile noisy_role;
static volatile int noisy_busy;

static void noisy_second_main(unsigned long hartid)
{
	(void)hartid;
	/* WFI wakes for an interrupt enabled in sie even with SIE off; none is taken. */
	irq_enable(IRQ_BIT(IRQ_S_SOFT));
	for (;;) {
		noisy_role_fn role;

		while (!(role = __atomic_load_n(&noisy_role, __ATOMIC_ACQUIRE))) {
			asm volatile("wfi");
			irq_clear_pending(IRQ_BIT(IRQ_S_SOFT));
		}
		__atomic_store_n(&noisy_busy, 1, __ATOMIC_SEQ_CST);
		/* Checked after busy is set: a role taken back meanwhile does not run. */
		while (__atomic_load_n(&noisy_role, __ATOMIC_SEQ_CST) == role)
			role();
		__atomic_store_n(&noisy_busy, 0, __ATOMIC_RELEASE);
	}
}

long noisy_second_start(void)
{
	return guest_hart_start(NOISY_SECOND, noisy_second_main);
}

void noisy_second_run(noisy_role_fn role)
{
	__atomic_store_n(&noisy_role, role, __ATOMIC_RELEASE);
	sbi_send_ipi(1UL << NOISY_SECOND, 0); /* out of its WFI */
}

bool noisy_second_stop(void)
{
	uint64_t deadline = time_now() + time_us_to_ticks(NOISY_SECOND_STOP_US);

	__atomic_store_n(&noisy_role, NULL, __ATOMIC_SEQ_CST);
	while (__atomic_load_n(&noisy_busy, __ATOMIC_SEQ_CST))
		if ((int64_t)(time_now() - deadline) >= 0)
			return false;
	return true;
}
