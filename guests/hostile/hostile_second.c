/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * vCPU 1, the neighbour that makes HSM, hart masks and remote fences mean
 * something: vCPU 0 starts it on a role, the role runs, and the runtime
 * stops the hart with HSM when the role returns.
 */
#include "guest.h"
#include "guest_irq.h"
#include "guest_time.h"
#include "hostile.h"

#define HOSTILE_SECOND	1
#define HOSTILE_POLL_US 100

volatile struct hostile_second hostile_second;

static void hostile_role_listen(unsigned long hartid)
{
	hostile_second.runs++;
	hostile_irq_setup(hartid);
	__atomic_store_n(&hostile_second.listening, 1, __ATOMIC_RELEASE);
	while (!__atomic_load_n(&hostile_second.release, __ATOMIC_ACQUIRE))
		asm volatile("wfi");
	/* HSM asks for interrupts off before hart_stop. */
	irq_global_disable();
	__atomic_store_n(&hostile_second.listening, 0, __ATOMIC_RELEASE);
}

static void hostile_role_touch(unsigned long hartid)
{
	(void)hartid;
	__atomic_add_fetch(&hostile_second.runs, 1, __ATOMIC_ACQ_REL);
}

static void hostile_role_fence(unsigned long hartid)
{
	(void)hartid;
	hostile_second.runs++;
	for (unsigned i = 0; i < HOSTILE_CROSS_FENCES; i++)
		if (sbi_remote_sfence_vma(1UL << 0, 0, 0, 0) == SBI_SUCCESS)
			__atomic_add_fetch(&hostile_second.fences_done, 1, __ATOMIC_ACQ_REL);
}

long hostile_second_start(enum hostile_role role)
{
	static const guest_hart_fn roles[] = {
	    [HOSTILE_ROLE_LISTEN] = hostile_role_listen,
	    [HOSTILE_ROLE_TOUCH] = hostile_role_touch,
	    [HOSTILE_ROLE_FENCE] = hostile_role_fence,
	};

	if (role == HOSTILE_ROLE_LISTEN)
		__atomic_store_n(&hostile_second.release, 0, __ATOMIC_RELEASE);
	return guest_hart_start(HOSTILE_SECOND, roles[role]);
}

bool hostile_second_wait_stopped(uint64_t us)
{
	uint64_t deadline = time_now() + time_us_to_ticks(us);

	while (sbi_hart_get_status(HOSTILE_SECOND) != SBI_HSM_STOPPED) {
		if ((int64_t)(time_now() - deadline) >= 0)
			return false;
		time_delay_us(HOSTILE_POLL_US);
	}
	return true;
}

bool hostile_second_release(uint64_t us)
{
	__atomic_store_n(&hostile_second.release, 1, __ATOMIC_RELEASE);
	sbi_send_ipi(1UL << HOSTILE_SECOND, 0); /* out of its WFI */
	return hostile_second_wait_stopped(us);
}
