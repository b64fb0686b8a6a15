/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * /cpus: the timebase and every enabled hart with its ISA string. Harts are
 * kept in DTB order; those past ERG_MAX_HARTS are counted, not managed. A hart
 * without an MMU (no mmu-type, or "riscv,none": the E51 or S7 monitor core of
 * SiFive and StarFive SoCs) has no S-mode to give Erg: it is listed apart
 * and never started.
 */
#include <libfdt.h>
#include <string.h>

#include "lib/fdt_util.h"
#include "platform/platform_parts.h"
#include "sched/tick.h"

/* The phandle of the hart's own interrupt controller, which PLIC contexts name. */
static uint32_t platform_hart_intc(const void *fdt, int node)
{
	int child;

	fdt_for_each_subnode(child, fdt, node)
	{
		if (fdt_node_check_compatible(fdt, child, "riscv,cpu-intc") == 0)
			return fdt_get_phandle(fdt, child);
	}
	return 0;
}

static bool platform_hart_has_mmu(const void *fdt, int node)
{
	const char *mmu = fdt_getprop(fdt, node, "mmu-type", NULL);

	return mmu && strcmp(mmu, "riscv,none") != 0;
}

static int platform_parse_hart(const void *fdt, int cpus, int node, struct platform *p)
{
	struct platform_hart *hart;
	uint64_t hartid;
	paddr_t reg;
	uint64_t unused;

	if (!fdt_util_reg_under(fdt, cpus, node, 0, &reg, &unused))
		return platform_fail(p, fdt, node, "hart has no reg (hart id)");
	hartid = reg;
	if (!platform_hart_has_mmu(fdt, node)) {
		if (p->harts_without_mmu < ERG_MAX_HARTS)
			p->without_mmu[p->harts_without_mmu++] = hartid;
		return 0;
	}
	if (p->hart_count == ERG_MAX_HARTS) {
		p->harts_ignored++;
		return 0;
	}
	hart = &p->harts[p->hart_count];
	hart->id = hartid;
	hart->isa_string = fdt_getprop(fdt, node, "riscv,isa", NULL);
	if (!hart->isa_string || !isa_parse(hart->isa_string, &hart->isa))
		return platform_fail(p, fdt, node, "missing or malformed riscv,isa");
	hart->intc_phandle = platform_hart_intc(fdt, node);
	p->hart_count++;
	return 0;
}

static bool platform_is_cpu(const void *fdt, int node)
{
	int len;
	const char *type = fdt_getprop(fdt, node, "device_type", &len);

	return type && fdt_stringlist_contains(type, len, "cpu");
}

int platform_parse_cpus(const void *fdt, struct platform *p)
{
	int cpus = fdt_path_offset(fdt, "/cpus");
	int node;

	if (cpus < 0)
		return platform_fail(p, fdt, -1, "no /cpus node");
	fdt_for_each_subnode(node, fdt, cpus)
	{
		if (!platform_is_cpu(fdt, node) || !fdt_util_is_enabled(fdt, node))
			continue;
		if (platform_parse_hart(fdt, cpus, node, p))
			return -1;
		/* A timebase on the cpu node serves when /cpus has none. */
		if (!p->timebase_hz)
			fdt_util_read_u64(fdt, node, "timebase-frequency", &p->timebase_hz);
	}
	fdt_util_read_u64(fdt, cpus, "timebase-frequency", &p->timebase_hz);
	if (!p->hart_count)
		return platform_fail(p, fdt, cpus, "no enabled hart");
	if (!p->timebase_hz)
		return platform_fail(p, fdt, cpus, "no timebase-frequency");
	if (p->timebase_hz < TICK_HZ)
		return platform_fail(p, fdt, cpus, "timebase-frequency below the tick rate");
	return 0;
}
