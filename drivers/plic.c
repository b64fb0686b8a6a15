/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The physical PLIC, for the interrupts of passthrough devices. Register
 * layout per the RISC-V PLIC specification: priorities, per-context enable
 * bits, thresholds and claim/complete. Each hart uses the supervisor context
 * the firmware DTB gives it.
 */
#include "arch/mmio.h"
#include "ports/host_irq.h"

#define PLIC_PRIORITY(irq)    (4UL * (irq))
#define PLIC_ENABLE(ctx, irq) (0x2000UL + 0x80UL * (ctx) + 4UL * ((irq) / 32))
#define PLIC_THRESHOLD(ctx)   (0x200000UL + 0x1000UL * (ctx))
#define PLIC_CLAIM(ctx)	      (0x200004UL + 0x1000UL * (ctx))

static struct platform_plic plic_host;
static bool plic_ready;

static int32_t plic_context(uint64_t hart)
{
	return plic_ready && hart < ERG_MAX_HARTS ? plic_host.s_context[hart] : -1;
}

static void plic_enable(uint32_t ctx, unsigned irq, bool on)
{
	uintptr_t reg = (uintptr_t)plic_host.base + PLIC_ENABLE(ctx, irq);
	uint32_t bits = mmio_read32(reg);

	bits = on ? bits | (1u << (irq % 32)) : bits & ~(1u << (irq % 32));
	mmio_write32(reg, bits);
}

bool host_irq_init(const struct platform_plic *plic)
{
	if (!plic->present)
		return false;
	plic_host = *plic;
	plic_ready = true;
	for (size_t h = 0; h < ERG_MAX_HARTS; h++) {
		int32_t ctx = plic->s_context[h];

		if (ctx < 0)
			continue;
		for (unsigned irq = 1; irq <= plic->sources; irq++)
			plic_enable((uint32_t)ctx, irq, false);
		mmio_write32((uintptr_t)plic->base + PLIC_THRESHOLD(ctx), 0);
	}
	return true;
}

int host_irq_route(unsigned irq, uint64_t hart)
{
	int32_t ctx = plic_context(hart);

	if (ctx < 0 || !irq || irq > plic_host.sources)
		return -1;
	mmio_write32((uintptr_t)plic_host.base + PLIC_PRIORITY(irq), 1);
	plic_enable((uint32_t)ctx, irq, true);
	return 0;
}

void host_irq_unroute(unsigned irq, uint64_t hart)
{
	int32_t ctx = plic_context(hart);

	if (ctx >= 0 && irq && irq <= plic_host.sources)
		plic_enable((uint32_t)ctx, irq, false);
}

unsigned host_irq_claim(uint64_t hart)
{
	int32_t ctx = plic_context(hart);

	return ctx < 0 ? 0 : mmio_read32((uintptr_t)plic_host.base + PLIC_CLAIM(ctx));
}

void host_irq_complete(uint64_t hart, unsigned irq)
{
	int32_t ctx = plic_context(hart);

	if (ctx >= 0)
		mmio_write32((uintptr_t)plic_host.base + PLIC_CLAIM(ctx), irq);
}
