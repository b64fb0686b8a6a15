/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * What every bench figure shares: finding tick boundaries, turning what the
 * interrupt handler recorded into an instruction count, the two ways of
 * arming the timer, and the report line.
 */
#include <stdarg.h>
#include <stdio.h>

#include "bench.h"
#include "guest_irq.h"
#include "guest_sbi.h"
#include "guest_time.h"

#define CSR_STIMECMP 0x14d

volatile struct bench_irq_record bench_irq_record;

/* rdtime inline, so that the loop is 2 instructions and the boundary is seen within 2. */
static inline uint64_t bench_rdtime(void)
{
	uint64_t t;

	asm volatile("rdtime %0" : "=r"(t));
	return t;
}

uint64_t bench_tick_edge(void)
{
	uint64_t start = bench_rdtime();
	uint64_t now;

	while ((now = bench_rdtime()) == start)
		;
	return now;
}

/*
 * The handler's first instruction ran `spins` rounds of 3 instructions (plus
 * about 2) before the boundary that ended tick: the phase to within 2.
 */
uint64_t bench_irq_insns(uint64_t tick, uint64_t spins)
{
	return (tick + 1) * BENCH_INSNS_PER_TICK - 3 * spins + 2;
}

void bench_timer_arm(bool stimecmp, uint64_t deadline)
{
	if (stimecmp)
		asm volatile("csrw %0, %1" : : "i"(CSR_STIMECMP), "r"(deadline) : "memory");
	else
		sbi_set_timer(deadline);
}

/* WFI returns for an interrupt sie enables even with SIE off, so no handler is needed. */
void bench_sleep_until(bool stimecmp, uint64_t deadline)
{
	irq_enable(IRQ_BIT(IRQ_S_TIMER));
	bench_timer_arm(stimecmp, deadline);
	while ((int64_t)(time_now() - deadline) < 0)
		asm volatile("wfi" ::: "memory");
	bench_timer_arm(stimecmp, UINT64_MAX);
	irq_disable(IRQ_BIT(IRQ_S_TIMER));
}

void bench_report(const char *name, int64_t hundredths, const char *fmt, ...)
{
	uint64_t mag = hundredths < 0 ? (uint64_t)-hundredths : (uint64_t)hundredths;
	va_list ap;

	printf("bench: %s %s%lu.%02lu ", name, hundredths < 0 ? "-" : "",
	       (unsigned long)(mag / 100), (unsigned long)(mag % 100));
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	printf("\n");
}
