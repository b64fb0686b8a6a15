/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Passthrough devices: a guest node's "passthrough@..." children hand it a
 * physical MMIO window (mapped at the same address in the guest) and the
 * device's interrupts (routed through the guest's PLIC under the same
 * numbers). No two guests may share a window or an interrupt.
 */
#include <libfdt.h>

#include "config/config_parts.h"
#include "mem/mem_map.h"
#include "vm/guest_layout.h"

static const char *const config_passthrough_props[] = {"reg", "interrupts", NULL};

static int config_passthrough_reg(const struct config_ctx *c, int node,
				  struct config_passthrough *pt)
{
	int len;
	const fdt64_t *reg = fdt_getprop(c->fdt, node, "reg", &len);

	if (!reg || len != 16)
		return config_fail(c, node, "reg", "must be one (address, size) pair of 2+2 cells");
	pt->base = fdt64_ld(reg);
	pt->size = fdt64_ld(reg + 1);
	if (!pt->size || (pt->base | pt->size) % PAGE_SIZE)
		return config_fail(c, node, "reg", "window must be 4 KiB aligned and not empty");
	if (pt->base >= CONFIG_GPA_LIMIT || pt->size > CONFIG_GPA_LIMIT - pt->base)
		return config_fail(c, node, "reg", "window ends above 2^41, beyond Sv39x4 reach");
	return 0;
}

static int config_passthrough_irqs(const struct config_ctx *c, int node,
				   struct config_passthrough *pt)
{
	int len;
	const fdt32_t *irqs = fdt_getprop(c->fdt, node, "interrupts", &len);

	if (!irqs)
		return 0;
	if (!len || len % 4 || (size_t)len / 4 > CONFIG_MAX_PASSTHROUGH_IRQS)
		return config_fail(c, node, "interrupts", "must be 1 to %d one-cell numbers",
				   CONFIG_MAX_PASSTHROUGH_IRQS);
	pt->irq_count = (size_t)len / 4;
	for (size_t i = 0; i < pt->irq_count; i++) {
		pt->irqs[i] = fdt32_ld(irqs + i);
		if (!pt->irqs[i] || pt->irqs[i] >= GUEST_PLIC_SOURCES ||
		    pt->irqs[i] == GUEST_UART_IRQ)
			return config_fail(c, node, "interrupts",
					   "interrupt %u is not free on the guest's plic",
					   pt->irqs[i]);
	}
	return 0;
}

int config_parse_passthrough(const struct config_ctx *c, struct config_guest *g, int node)
{
	struct config_passthrough *pt = &g->passthrough[g->passthrough_count];

	if (g->passthrough_count == CONFIG_MAX_PASSTHROUGH)
		return config_fail(c, node, NULL, "more than %d passthrough devices",
				   CONFIG_MAX_PASSTHROUGH);
	if (config_check_props(c, node, config_passthrough_props) ||
	    config_passthrough_reg(c, node, pt) || config_passthrough_irqs(c, node, pt))
		return -1;
	pt->node = node;
	g->passthrough_count++;
	return 0;
}

/* Window k of guest g against its RAM, its emulated devices and its other windows. */
static int config_check_window_of(const struct config_ctx *c, const struct config_guest *g,
				  size_t k)
{
	const struct config_passthrough *pt = &g->passthrough[k];

	for (size_t i = 0; i < g->region_count; i++)
		if (mem_range_overlaps(g->regions[i].gpa, g->regions[i].size, pt->base, pt->size))
			return config_fail(c, pt->node, "reg", "overlaps memory region %zu", i);
	if ((g->plic && mem_range_overlaps(GUEST_PLIC_BASE, GUEST_PLIC_SIZE, pt->base, pt->size)) ||
	    (g->uart && mem_range_overlaps(GUEST_UART_BASE, GUEST_UART_SIZE, pt->base, pt->size)) ||
	    mem_range_overlaps(GUEST_VIRTIO_BASE, g->virtio_count * GUEST_VIRTIO_SLOT, pt->base,
			       pt->size))
		return config_fail(c, pt->node, "reg", "overlaps an emulated device");
	for (size_t i = 0; i < pt->irq_count; i++)
		if (pt->irqs[i] >= GUEST_VIRTIO_IRQ &&
		    pt->irqs[i] < GUEST_VIRTIO_IRQ + g->virtio_count)
			return config_fail(c, pt->node, "interrupts",
					   "interrupt %u is a virtio device's", pt->irqs[i]);
	if (pt->irq_count && !g->plic)
		return config_fail(c, pt->node, "interrupts", "needs a plic in the guest");
	return 0;
}

int config_check_passthrough(const struct config_ctx *c, const struct config_guest *g)
{
	for (size_t k = 0; k < g->passthrough_count; k++)
		if (config_check_window_of(c, g, k))
			return -1;
	return 0;
}

/* Does window/irq k of guest b clash with one listed before it (any guest)? */
static int config_check_shared(const struct config_ctx *c, const struct config *cfg, size_t b,
			       size_t k)
{
	const struct config_passthrough *pb = &cfg->guests[b].passthrough[k];

	for (size_t a = 0; a <= b; a++) {
		const struct config_guest *ga = &cfg->guests[a];

		for (size_t j = 0; j < (a == b ? k : ga->passthrough_count); j++) {
			const struct config_passthrough *pa = &ga->passthrough[j];

			if (mem_range_overlaps(pa->base, pa->size, pb->base, pb->size))
				return config_fail(c, pb->node, "reg",
						   "window also passed to guest %s", ga->name);
			for (size_t x = 0; x < pa->irq_count; x++)
				for (size_t y = 0; y < pb->irq_count; y++)
					if (pa->irqs[x] == pb->irqs[y])
						return config_fail(
						    c, pb->node, "interrupts",
						    "interrupt %u also passed to guest %s",
						    pb->irqs[y], ga->name);
		}
	}
	return 0;
}

int config_check_passthrough_shared(const struct config_ctx *c, const struct config *cfg)
{
	for (size_t b = 0; b < cfg->guest_count; b++)
		for (size_t k = 0; k < cfg->guests[b].passthrough_count; k++)
			if (config_check_shared(c, cfg, b, k))
				return -1;
	return 0;
}
