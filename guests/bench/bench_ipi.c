/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * IPI latency between two harts (two vCPUs of the guest under Erg): this
 * hart waits for a tick boundary and sends an IPI (SBI send_ipi); the other
 * hart, waiting in WFI, notes the time at its handler's first instruction
 * (bench_vector.S) and answers with an IPI of its own, which this hart
 * awaits in WFI before the next round.
 *
 * QEMU's -icount runs one hart at a time, and a hart runs on until it
 * sleeps; so the figure counts every instruction either hart executes
 * between the send and the handler, the sender's return from its call and
 * its WFI included.
 */
#include <stdio.h>

#include "bench.h"
#include "guest.h"
#include "guest_irq.h"
#include "guest_sbi.h"
#include "guest_time.h"

#define BENCH_IPI_ROUNDS 101 /* the first warms up and is not counted */

static unsigned long bench_ipi_sender;
static uint64_t bench_ipi_tick[BENCH_IPI_ROUNDS], bench_ipi_spins[BENCH_IPI_ROUNDS];

/* WFI until a software interrupt is pending (sie enables it, SIE is off), then clear it. */
static void bench_ipi_wait(void)
{
	while (!(irq_pending() & IRQ_BIT(IRQ_S_SOFT)))
		asm volatile("wfi" ::: "memory");
	irq_clear_pending(IRQ_BIT(IRQ_S_SOFT));
	__atomic_thread_fence(__ATOMIC_ACQUIRE);
}

static void bench_ipi_reply(void)
{
	__atomic_thread_fence(__ATOMIC_RELEASE);
	sbi_send_ipi(1UL << bench_ipi_sender, 0);
}

/* The receiving hart: each IPI is taken by bench_vector, recorded and answered. */
static void bench_ipi_receiver(unsigned long hartid)
{
	(void)hartid;
	asm volatile("csrw stvec, %0" : : "r"(bench_vector) : "memory");
	irq_clear_pending(IRQ_BIT(IRQ_S_SOFT));
	irq_enable(IRQ_BIT(IRQ_S_SOFT));
	bench_ipi_reply(); /* ready */
	for (unsigned i = 0; i < BENCH_IPI_ROUNDS; i++) {
		bench_irq_sleep();
		bench_ipi_tick[i] = bench_irq_record.tick;
		bench_ipi_spins[i] = bench_irq_record.spins;
		bench_irq_record.tick = 0;
		irq_clear_pending(IRQ_BIT(IRQ_S_SOFT));
		irq_enable(IRQ_BIT(IRQ_S_SOFT));
		bench_ipi_reply();
	}
}

static void bench_ipi_report(unsigned long to, const uint64_t *edge)
{
	int64_t sum = 0, min = INT64_MAX, max = INT64_MIN;

	for (unsigned i = 1; i < BENCH_IPI_ROUNDS; i++) {
		int64_t latency = (int64_t)(bench_irq_insns(bench_ipi_tick[i], bench_ipi_spins[i]) -
					    edge[i] * BENCH_INSNS_PER_TICK);

		sum += latency;
		min = latency < min ? latency : min;
		max = latency > max ? latency : max;
	}
	bench_report("ipi", sum * 100 / (BENCH_IPI_ROUNDS - 1),
		     "(mean of %u IPIs from hart %lu to hart %lu; raw %ld..%ld)",
		     BENCH_IPI_ROUNDS - 1, bench_ipi_sender, to, (long)min, (long)max);
}

void bench_ipi_run(const struct bench_env *env)
{
	static uint64_t edge[BENCH_IPI_ROUNDS];
	unsigned long to = env->hartid == 0 ? 1 : 0;
	long err;

	if (env->cpus < 2) {
		printf("bench: ipi n/a (one hart)\n");
		return;
	}
	bench_ipi_sender = env->hartid;
	bench_irq_record.tick = 0;
	irq_clear_pending(IRQ_BIT(IRQ_S_SOFT));
	irq_enable(IRQ_BIT(IRQ_S_SOFT));
	err = guest_hart_start(to, bench_ipi_receiver);
	if (err) {
		printf("bench: ipi n/a (hart %lu did not start: error %ld)\n", to, err);
		return;
	}
	bench_ipi_wait();
	for (unsigned i = 0; i < BENCH_IPI_ROUNDS; i++) {
		edge[i] = bench_tick_edge();
		sbi_send_ipi(1UL << to, 0);
		bench_ipi_wait();
	}
	irq_disable(IRQ_BIT(IRQ_S_SOFT));
	bench_ipi_report(to, edge);
}
