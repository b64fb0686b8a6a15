/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Floods: as many exits and interrupts as a guest can make, to find
 * anything in Erg that leaks, wedges or falls behind (a lost or doubled
 * interrupt, a fence that never completes, a vCPU that never starts again).
 * Each flood must finish, with exactly the interrupts it asked for.
 */
#include "guest_irq.h"
#include "guest_time.h"
#include "hostile.h"

#define FLOOD_IRQS	    10000
#define FLOOD_WFIS	    10000
#define FLOOD_ECALLS	    100000
#define FLOOD_FENCES	    1000
#define FLOOD_CHURN	    200
#define FLOOD_IRQ_WAIT_US   100000   /* for one interrupt that is due at once */
#define FLOOD_HART_WAIT_US  5000000  /* for vCPU 1 to start or stop */
#define FLOOD_CROSS_WAIT_US 30000000 /* for vCPU 1's fences, each a round trip to vCPU 0 */
#define SBI_SPEC_VERSION_20 0x02000000L
#define SECOND_MASK	    (1UL << 1)

/* count calls of ask(), each of which must raise exactly one interrupt counted in *seen. */
static void hostile_flood_irqs(struct hostile_result *r, volatile unsigned long *seen,
			       long (*ask)(void))
{
	unsigned long before = *seen;

	for (unsigned long i = 1; i <= FLOOD_IRQS; i++) {
		long err = ask();

		if (err != SBI_SUCCESS) {
			hostile_escaped(r, "call %lu gave %s", i, hostile_sbi_error_name(err));
			return;
		}
		if (!hostile_wait(seen, before + i, FLOOD_IRQ_WAIT_US)) {
			hostile_escaped(r, "interrupt %lu never came", i);
			return;
		}
	}
	time_delay_us(HOSTILE_QUIET_US);
	if (*seen - before != FLOOD_IRQS)
		hostile_escaped(r, "%lu interrupts for %u calls", *seen - before, FLOOD_IRQS);
	else
		hostile_contained(r, "%u calls, %u interrupts, one each", FLOOD_IRQS, FLOOD_IRQS);
}

static long hostile_timer_now(void)
{
	return sbi_set_timer(0);
}

static long hostile_ipi_self(void)
{
	return sbi_send_ipi(1UL << 0, 0);
}

static void hostile_flood_timer(struct hostile_result *r)
{
	hostile_flood_irqs(r, &hostile_irqs[0].timer, hostile_timer_now);
}

static void hostile_flood_ipi(struct hostile_result *r)
{
	hostile_flood_irqs(r, &hostile_irqs[0].soft, hostile_ipi_self);
}

/* Interrupts off but the timer enabled and due: every WFI must end at once. */
static void hostile_flood_wfi(struct hostile_result *r)
{
	uint64_t start = time_now(), took;

	irq_global_disable();
	sbi_set_timer(0);
	for (unsigned i = 0; i < FLOOD_WFIS; i++)
		asm volatile("wfi");
	sbi_set_timer(UINT64_MAX);
	irq_global_enable();
	took = (time_now() - start) * 1000 / time_frequency();
	hostile_contained(r, "%u WFIs returned in %lu ms", FLOOD_WFIS, (unsigned long)took);
}

static void hostile_flood_ecall(struct hostile_result *r)
{
	for (unsigned long i = 0; i < FLOOD_ECALLS; i++) {
		long v = sbi_get_spec_version();

		if (v != SBI_SPEC_VERSION_20) {
			hostile_escaped(r, "call %lu answered 0x%lx", i, (unsigned long)v);
			return;
		}
	}
	hostile_contained(r, "%u calls answered", FLOOD_ECALLS);
}

/* vCPU 1 listening, ready for work. */
static bool hostile_listener_up(struct hostile_result *r)
{
	long err = hostile_second_start(HOSTILE_ROLE_LISTEN);

	if (err != SBI_SUCCESS || !hostile_wait(&hostile_second.listening, 1, FLOOD_HART_WAIT_US)) {
		hostile_escaped(r, "vCPU 1 did not come up (%s)", hostile_sbi_error_name(err));
		return false;
	}
	return true;
}

static bool hostile_listener_down(struct hostile_result *r)
{
	if (hostile_second_release(FLOOD_HART_WAIT_US))
		return true;
	hostile_escaped(r, "vCPU 1 did not stop");
	return false;
}

static void hostile_flood_ipi_other(struct hostile_result *r)
{
	unsigned long before = hostile_irqs[1].soft;

	if (!hostile_listener_up(r))
		return;
	for (unsigned i = 0; i < FLOOD_IRQS; i++) {
		long err = sbi_send_ipi(SECOND_MASK, 0);

		if (err != SBI_SUCCESS) {
			hostile_escaped(r, "IPI %u gave %s", i, hostile_sbi_error_name(err));
			hostile_listener_down(r);
			return;
		}
	}
	hostile_wait(&hostile_irqs[1].soft, before + 1, FLOOD_HART_WAIT_US);
	unsigned long took = hostile_irqs[1].soft - before;

	if (hostile_listener_down(r) && took)
		hostile_contained(r, "%u sent, vCPU 1 took %lu (pending bits merge)", FLOOD_IRQS,
				  took);
	else if (!took)
		hostile_escaped(r, "vCPU 1 took none of %u", FLOOD_IRQS);
}

static void hostile_flood_fence_all(struct hostile_result *r)
{
	if (!hostile_listener_up(r))
		return;
	for (unsigned i = 0; i < FLOOD_FENCES; i++) {
		long err = sbi_remote_sfence_vma(0, SBI_HART_MASK_ALL, 0, 0);

		if (err != SBI_SUCCESS) {
			hostile_escaped(r, "fence %u gave %s", i, hostile_sbi_error_name(err));
			hostile_listener_down(r);
			return;
		}
	}
	if (hostile_listener_down(r))
		hostile_contained(r, "%u fences done, vCPU 1 asleep in WFI", FLOOD_FENCES);
}

static void hostile_flood_cross_fences(struct hostile_result *r)
{
	unsigned long done = hostile_second.fences_done, mine = 0;
	uint64_t start = time_now();

	if (hostile_second_start(HOSTILE_ROLE_FENCE) != SBI_SUCCESS) {
		hostile_escaped(r, "vCPU 1 did not start");
		return;
	}
	for (unsigned i = 0; i < HOSTILE_CROSS_FENCES; i++)
		mine += sbi_remote_sfence_vma(SECOND_MASK, 0, 0, 0) == SBI_SUCCESS;
	if (!hostile_second_wait_stopped(FLOOD_CROSS_WAIT_US))
		hostile_escaped(r, "vCPU 1 did not finish in %u s", FLOOD_CROSS_WAIT_US / 1000000);
	else if (mine != HOSTILE_CROSS_FENCES ||
		 hostile_second.fences_done - done != HOSTILE_CROSS_FENCES)
		hostile_escaped(r, "%lu and %lu of %u fences done", mine,
				hostile_second.fences_done - done, HOSTILE_CROSS_FENCES);
	else
		hostile_contained(r, "%u fences each way in %lu ms, no deadlock",
				  HOSTILE_CROSS_FENCES,
				  (unsigned long)((time_now() - start) * 1000 / time_frequency()));
}

static void hostile_flood_churn(struct hostile_result *r)
{
	unsigned long runs = hostile_second.runs;

	for (unsigned i = 0; i < FLOOD_CHURN; i++) {
		long err;

		if (!hostile_second_wait_stopped(FLOOD_HART_WAIT_US)) {
			hostile_escaped(r, "vCPU 1 stuck after %u starts", i);
			return;
		}
		err = hostile_second_start(HOSTILE_ROLE_TOUCH);
		if (err != SBI_SUCCESS) {
			hostile_escaped(r, "start %u gave %s", i, hostile_sbi_error_name(err));
			return;
		}
	}
	if (!hostile_second_wait_stopped(FLOOD_HART_WAIT_US))
		hostile_escaped(r, "vCPU 1 did not stop at the end");
	else if (hostile_second.runs - runs != FLOOD_CHURN)
		hostile_escaped(r, "vCPU 1 ran %lu times for %u starts", hostile_second.runs - runs,
				FLOOD_CHURN);
	else
		hostile_contained(r, "%u starts, %u runs, stopped", FLOOD_CHURN, FLOOD_CHURN);
}

static const struct hostile_attack hostile_flood_attacks[] = {
    {"set_timer(0) 10000 times", hostile_flood_timer},
    {"IPI to itself 10000 times", hostile_flood_ipi},
    {"WFI 10000 times with a timer pending", hostile_flood_wfi},
    {"100000 SBI calls", hostile_flood_ecall},
    {"IPI to vCPU 1 10000 times", hostile_flood_ipi_other},
    {"remote sfence.vma to every vCPU 1000 times, one asleep", hostile_flood_fence_all},
    {"remote fences crossing between its two vCPUs", hostile_flood_cross_fences},
    {"hart_start/hart_stop churn of vCPU 1 200 times", hostile_flood_churn},
};

const struct hostile_group hostile_flood_group = {
    hostile_flood_attacks,
    sizeof(hostile_flood_attacks) / sizeof(hostile_flood_attacks[0]),
};
