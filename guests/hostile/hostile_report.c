/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * What every attack shares: the verdicts, the SBI error names they print,
 * and the interrupt handler whose counts show whether an attack raised an
 * interrupt it should not have (or failed to raise one it should).
 */
#include <stdarg.h>
#include <stdio.h>

#include "guest_mmio.h"
#include "guest_time.h"
#include "guest_trap.h"
#include "hostile.h"

#define PLIC_CLAIM(ctx) (0x0c200004UL + 0x1000UL * (ctx))

volatile struct hostile_irq_counts hostile_irqs[HOSTILE_VCPUS];

static void hostile_verdict(struct hostile_result *r, bool escaped, const char *fmt, va_list ap)
{
	r->escaped = escaped;
	vsnprintf(r->how, sizeof(r->how), fmt, ap);
}

void hostile_contained(struct hostile_result *r, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	hostile_verdict(r, false, fmt, ap);
	va_end(ap);
}

void hostile_escaped(struct hostile_result *r, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	hostile_verdict(r, true, fmt, ap);
	va_end(ap);
}

const char *hostile_sbi_error_name(long error)
{
	static const char *const names[] = {
	    "SBI_SUCCESS",
	    "SBI_ERR_FAILED",
	    "SBI_ERR_NOT_SUPPORTED",
	    "SBI_ERR_INVALID_PARAM",
	    "SBI_ERR_DENIED",
	    "SBI_ERR_INVALID_ADDRESS",
	    "SBI_ERR_ALREADY_AVAILABLE",
	    "SBI_ERR_ALREADY_STARTED",
	    "SBI_ERR_ALREADY_STOPPED",
	};

	if (error <= 0 && -error < (long)(sizeof(names) / sizeof(names[0])))
		return names[-error];
	return "no SBI error code";
}

void hostile_expect_refusal(struct hostile_result *r, struct sbiret got, long want)
{
	if (got.error == want && got.value == 0)
		hostile_contained(r, "refused with %s", hostile_sbi_error_name(want));
	else
		hostile_escaped(r, "got error %ld (%s) value %ld, want %s", got.error,
				hostile_sbi_error_name(got.error), got.value,
				hostile_sbi_error_name(want));
}

bool hostile_wait(volatile unsigned long *counter, unsigned long target, uint64_t us)
{
	uint64_t deadline = time_now() + time_us_to_ticks(us);

	while (*counter < target)
		if ((int64_t)(time_now() - deadline) >= 0)
			return *counter >= target;
	return true;
}

/* Every claimable source is completed at once: the attacks only count them. */
static void hostile_irq_external(volatile struct hostile_irq_counts *c, unsigned long hartid)
{
	uint32_t id = mmio_read32(PLIC_CLAIM(hartid));

	if (!id) {
		c->spurious++;
		return;
	}
	for (; id; id = mmio_read32(PLIC_CLAIM(hartid))) {
		c->ext++;
		mmio_write32(PLIC_CLAIM(hartid), id);
	}
}

static void hostile_irq(unsigned long hartid, unsigned long irq)
{
	volatile struct hostile_irq_counts *c = &hostile_irqs[hartid % HOSTILE_VCPUS];

	switch (irq) {
	case IRQ_S_SOFT:
		irq_clear_pending(IRQ_BIT(IRQ_S_SOFT));
		c->soft++;
		break;
	case IRQ_S_TIMER:
		sbi_set_timer(UINT64_MAX);
		c->timer++;
		break;
	case IRQ_S_EXT:
		hostile_irq_external(c, hartid);
		break;
	default:
		irq_disable(IRQ_BIT(irq));
		c->other++;
		break;
	}
}

void hostile_irq_setup(unsigned long hartid)
{
	trap_install(hartid, hostile_irq);
	irq_enable(IRQ_BIT(IRQ_S_SOFT) | IRQ_BIT(IRQ_S_TIMER) | IRQ_BIT(IRQ_S_EXT));
	irq_global_enable();
}
