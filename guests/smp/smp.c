/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * An SMP guest: vCPU 0 starts vCPUs 1..N-1 (N from the cpu nodes under
 * /cpus) with SBI HSM; each says "smp: vcpu <id> up". They then pass an IPI
 * round a ring, each vCPU forwarding to the next the IPI it got, for
 * SMP_ROUNDS rounds; then every vCPU at once sends remote fence.i and
 * sfence.vma to all (Erg's fences are synchronous, so vCPUs fencing each
 * other must not deadlock). The others stop themselves (HSM hart_stop) and
 * vCPU 0 checks that each vCPU took exactly SMP_ROUNDS IPIs and that HSM
 * reports the others stopped, prints the summary and shuts the guest down
 * (SRST).
 *
 * Under Erg vCPU 0 boots; natively OpenSBI may boot any hart, which then
 * plays vCPU 0's part. Any hart waiting on another gives up after
 * SMP_TIMEOUT_US; the boot hart then prints "smp: FAIL ..." and shuts
 * down, so a broken IPI ends the run instead of hanging it.
 */
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "guest.h"
#include "guest_fdt.h"
#include "guest_irq.h"
#include "guest_sbi.h"
#include "guest_time.h"

#define SMP_MAX_VCPUS	 8 /* the stacks guest_start.S reserves */
#define SMP_ROUNDS	 10
#define SMP_FENCE_ROUNDS 10
#define SMP_TIMEOUT_US	 2000000

static unsigned smp_vcpus;
static unsigned long smp_boot;			       /* the hart that runs main */
static volatile unsigned long smp_ipis[SMP_MAX_VCPUS]; /* IPIs each vCPU took */
static unsigned long smp_up, smp_done;		       /* vCPUs that came up, finished */
static unsigned long smp_release; /* set once every vCPU has finished fencing */
static long smp_fence_error;	  /* the first fence that failed */
static int smp_print_lock;

/* Lines from several vCPUs would mix character by character on the SBI console. */
__attribute__((format(printf, 1, 2))) static void smp_say(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	while (__atomic_exchange_n(&smp_print_lock, 1, __ATOMIC_ACQUIRE))
		;
	vprintf(fmt, ap);
	__atomic_store_n(&smp_print_lock, 0, __ATOMIC_RELEASE);
	va_end(ap);
}

static void smp_irq(unsigned long hartid, unsigned long irq)
{
	if (irq != IRQ_S_SOFT || hartid >= SMP_MAX_VCPUS) {
		irq_disable(IRQ_BIT(irq));
		return;
	}
	irq_clear_pending(IRQ_BIT(IRQ_S_SOFT));
	smp_ipis[hartid]++;
}

/* Waits until *counter reaches want; false on timeout. */
static bool smp_wait(volatile unsigned long *counter, unsigned long want)
{
	uint64_t deadline = time_now() + time_us_to_ticks(SMP_TIMEOUT_US);

	while (__atomic_load_n(counter, __ATOMIC_ACQUIRE) < want)
		if ((int64_t)(time_now() - deadline) >= 0)
			return false;
	return true;
}

static void smp_irq_setup(unsigned long id)
{
	irq_install(id, smp_irq);
	irq_enable(IRQ_BIT(IRQ_S_SOFT));
	irq_global_enable();
}

static void smp_record_error(long err)
{
	long none = 0;

	if (err)
		__atomic_compare_exchange_n(&smp_fence_error, &none, err, false, __ATOMIC_ACQ_REL,
					    __ATOMIC_ACQUIRE);
}

static void smp_fences(void)
{
	for (unsigned i = 0; i < SMP_FENCE_ROUNDS; i++) {
		smp_record_error(sbi_remote_fence_i(0, SBI_HART_MASK_ALL));
		smp_record_error(
		    sbi_remote_sfence_vma(0, SBI_HART_MASK_ALL, 0, SBI_FENCE_SIZE_ALL));
	}
}

/* Each round: wait for the IPI from the previous vCPU, pass one to the next. */
static bool smp_ring_forward(unsigned long id)
{
	unsigned long next = (id + 1) % smp_vcpus;

	for (unsigned long round = 1; round <= SMP_ROUNDS; round++) {
		if (!smp_wait(&smp_ipis[id], round))
			return false;
		smp_record_error(sbi_send_ipi(1UL << next, 0));
	}
	return true;
}

static void smp_secondary(unsigned long id)
{
	smp_irq_setup(id);
	smp_say("smp: vcpu %lu up\n", id);
	__atomic_fetch_add(&smp_up, 1, __ATOMIC_ACQ_REL);
	if (!smp_ring_forward(id))
		smp_say("smp: vcpu %lu: no IPI in round %lu\n", id, smp_ipis[id] + 1);
	smp_fences();
	__atomic_fetch_add(&smp_done, 1, __ATOMIC_ACQ_REL);
	/*
	 * Stop only once nobody fences any more: OpenSBI 1.1 can wait for
	 * ever on a fence to a hart that is stopping.
	 */
	while (!__atomic_load_n(&smp_release, __ATOMIC_ACQUIRE))
		;
	/* Returning stops this vCPU (HSM hart_stop). */
}

/* The boot hart's part of the ring: it starts each round and counts it done. */
static bool smp_ring_lead(void)
{
	unsigned long next = (smp_boot + 1) % smp_vcpus;

	for (unsigned long round = 1; round <= SMP_ROUNDS; round++) {
		long err = sbi_send_ipi(1UL << next, 0);

		if (err) {
			smp_say("smp: FAIL send_ipi round %lu: error %ld\n", round, err);
			return false;
		}
		if (!smp_wait(&smp_ipis[smp_boot], round)) {
			smp_say("smp: FAIL round %lu did not come back (vcpu %lu took %lu)\n",
				round, smp_boot, smp_ipis[smp_boot]);
			return false;
		}
	}
	return true;
}

static bool smp_start_all(void)
{
	for (unsigned long id = 0; id < smp_vcpus; id++) {
		long err = id == smp_boot ? 0 : guest_hart_start(id, smp_secondary);

		if (err) {
			smp_say("smp: FAIL hart_start %lu: error %ld\n", id, err);
			return false;
		}
	}
	if (!smp_wait(&smp_up, smp_vcpus - 1)) {
		smp_say("smp: FAIL only %lu of %u secondary vcpus up\n", smp_up, smp_vcpus - 1);
		return false;
	}
	return true;
}

/* Every vCPU took exactly one IPI a round, and HSM knows no hart past the last cpu node. */
static bool smp_counts_agree(void)
{
	long status = sbi_hart_get_status(smp_vcpus);

	for (unsigned long id = 0; id < smp_vcpus; id++) {
		if (smp_ipis[id] != SMP_ROUNDS) {
			smp_say("smp: FAIL vcpu %lu took %lu IPIs in %u rounds\n", id, smp_ipis[id],
				SMP_ROUNDS);
			return false;
		}
	}
	if (status != SBI_ERR_INVALID_PARAM) {
		smp_say("smp: FAIL hart_get_status(%u) is %ld, not -3\n", smp_vcpus, status);
		return false;
	}
	return true;
}

/* The others stop once done: HSM must then report them stopped. */
static bool smp_all_stopped(void)
{
	uint64_t deadline = time_now() + time_us_to_ticks(SMP_TIMEOUT_US);

	for (unsigned long id = 0; id < smp_vcpus; id++) {
		long status;

		if (id == smp_boot)
			continue;
		while ((status = sbi_hart_get_status(id)) != SBI_HSM_STOPPED) {
			if ((int64_t)(time_now() - deadline) >= 0) {
				smp_say("smp: FAIL vcpu %lu status %ld, not stopped\n", id, status);
				return false;
			}
		}
	}
	return true;
}

int main(unsigned long hartid, const void *dtb)
{
	time_init(dtb);
	smp_vcpus = guest_fdt_cpu_count(dtb);
	smp_boot = hartid;
	if (smp_vcpus == 0 || smp_vcpus > SMP_MAX_VCPUS || hartid >= smp_vcpus) {
		smp_say("smp: FAIL boot on hart %lu with %u cpu nodes\n", hartid, smp_vcpus);
		return 1;
	}
	smp_irq_setup(hartid);
	smp_say("smp: vcpu %lu up\n", hartid);
	if (!smp_start_all() || !smp_ring_lead())
		return 1;
	smp_fences();
	if (!smp_wait(&smp_done, smp_vcpus - 1)) {
		smp_say("smp: FAIL only %lu of %u secondary vcpus finished\n", smp_done,
			smp_vcpus - 1);
		return 1;
	}
	__atomic_store_n(&smp_release, 1, __ATOMIC_RELEASE);
	if (smp_fence_error) {
		smp_say("smp: FAIL a fence or IPI returned %ld\n", smp_fence_error);
		return 1;
	}
	if (!smp_counts_agree() || !smp_all_stopped())
		return 1;
	smp_say("smp: %u vcpus, %u ipi rounds, fences ok\n", smp_vcpus, SMP_ROUNDS);
	return 0;
}
