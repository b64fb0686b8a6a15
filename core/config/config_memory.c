/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * A guest's RAM: the guest-physical regions of "memory" and the optional
 * host-physical backing of "memory-host". Both use 2-cell numbers whatever
 * #address-cells says, because they describe the guest, not the config tree.
 */
#include <libfdt.h>

#include "config/config_parts.h"
#include "mem/mem_map.h"

/* The i-th 2-cell number of a property; fdt64_ld copes with 4-byte alignment. */
static uint64_t config_u64_at(const void *prop, int i)
{
	return fdt64_ld((const fdt64_t *)prop + i);
}

static int config_check_region(const struct config_ctx *c, const struct config_guest *g, size_t i)
{
	const struct config_region *r = &g->regions[i];

	if (!r->size)
		return config_fail(c, g->node, "memory", "region %zu has size 0", i);
	if (r->gpa % PAGE_SIZE)
		return config_fail(c, g->node, "memory",
				   "region %zu base 0x%llx is not 4 KiB aligned", i,
				   (unsigned long long)r->gpa);
	if (r->size % PAGE_SIZE)
		return config_fail(c, g->node, "memory",
				   "region %zu size 0x%llx is not 4 KiB aligned", i,
				   (unsigned long long)r->size);
	if (r->gpa >= CONFIG_GPA_LIMIT || r->size > CONFIG_GPA_LIMIT - r->gpa)
		return config_fail(c, g->node, "memory",
				   "region %zu ends above 2^41, beyond Sv39x4 reach", i);
	for (size_t j = 0; j < i; j++)
		if (mem_range_overlaps(g->regions[j].gpa, g->regions[j].size, r->gpa, r->size))
			return config_fail(c, g->node, "memory", "regions %zu and %zu overlap", j,
					   i);
	return 0;
}

static int config_parse_pins(const struct config_ctx *c, struct config_guest *g)
{
	int len;
	const void *prop = fdt_getprop(c->fdt, g->node, "memory-host", &len);

	if (!prop)
		return 0;
	if (!len || len % 8)
		return config_fail(c, g->node, "memory-host", "must be a list of 2-cell addresses");
	if ((size_t)len / 8 != g->region_count)
		return config_fail(c, g->node, "memory-host",
				   "address count %d does not match region count %zu", len / 8,
				   g->region_count);
	for (size_t i = 0; i < g->region_count; i++) {
		struct config_region *r = &g->regions[i];

		r->hpa = config_u64_at(prop, (int)i);
		/* 0 means "Erg picks" in struct config_region, so it cannot be asked for. */
		if (!r->hpa)
			return config_fail(c, g->node, "memory-host",
					   "region %zu at host address 0 (leave memory-host out "
					   "to let Erg pick)",
					   i);
		if (r->hpa % PAGE_SIZE)
			return config_fail(c, g->node, "memory-host",
					   "region %zu host address 0x%llx is not 4 KiB aligned", i,
					   (unsigned long long)r->hpa);
		if (r->size > UINT64_MAX - r->hpa)
			return config_fail(c, g->node, "memory-host",
					   "region %zu runs past the end of the host address space",
					   i);
	}
	return 0;
}

int config_parse_memory(const struct config_ctx *c, struct config_guest *g)
{
	int len;
	const void *prop = fdt_getprop(c->fdt, g->node, "memory", &len);

	if (!prop)
		return config_fail(c, g->node, NULL, "missing memory");
	if (!len || len % 16)
		return config_fail(c, g->node, "memory", "must be (base, size) pairs of 2+2 cells");
	if (len / 16 > CONFIG_MAX_REGIONS)
		return config_fail(c, g->node, "memory", "%d regions, more than the limit of %d",
				   len / 16, CONFIG_MAX_REGIONS);
	g->region_count = (size_t)len / 16;
	for (size_t i = 0; i < g->region_count; i++) {
		g->regions[i].gpa = config_u64_at(prop, (int)(2 * i));
		g->regions[i].size = config_u64_at(prop, (int)(2 * i + 1));
		if (config_check_region(c, g, i))
			return -1;
	}
	return config_parse_pins(c, g);
}
