/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Partition-config rules that span guests: pinned host memory (memory-host)
 * must not be shared, and all guest RAM together must fit in machine-memory
 * when the config gives it. Passthrough devices and disk slices have their
 * own cross-guest rules.
 */
#include "config/config_parts.h"
#include "mem/mem_map.h"

/* Fail when pinned region j of guest b overlaps a pinned region listed before it. */
static int config_check_pin(const struct config_ctx *c, const struct config *cfg, size_t b,
			    size_t j)
{
	const struct config_guest *gb = &cfg->guests[b];
	const struct config_region *rb = &gb->regions[j];

	for (size_t a = 0; a <= b; a++) {
		const struct config_guest *ga = &cfg->guests[a];
		size_t count = a == b ? j : ga->region_count;

		for (size_t i = 0; i < count; i++) {
			const struct config_region *ra = &ga->regions[i];

			if (!ra->hpa || !mem_range_overlaps(ra->hpa, ra->size, rb->hpa, rb->size))
				continue;
			if (a == b)
				return config_fail(c, gb->node, "memory-host",
						   "host ranges of regions %zu and %zu overlap", i,
						   j);
			return config_fail(c, gb->node, "memory-host",
					   "region %zu overlaps host memory of guest %s region %zu",
					   j, ga->name, i);
		}
	}
	return 0;
}

static int config_check_pins(const struct config_ctx *c, const struct config *cfg)
{
	for (size_t b = 0; b < cfg->guest_count; b++)
		for (size_t j = 0; j < cfg->guests[b].region_count; j++)
			if (cfg->guests[b].regions[j].hpa && config_check_pin(c, cfg, b, j))
				return -1;
	return 0;
}

static int config_check_total(const struct config_ctx *c, const struct config *cfg)
{
	uint64_t total = 0;

	for (size_t i = 0; i < cfg->guest_count; i++)
		total += config_guest_memory(&cfg->guests[i]);
	if (cfg->machine_memory && total > cfg->machine_memory)
		return config_fail(
		    c, 0, "machine-memory", "guests need 0x%llx bytes, more than the 0x%llx given",
		    (unsigned long long)total, (unsigned long long)cfg->machine_memory);
	return 0;
}

int config_check_guests(const struct config_ctx *c, const struct config *cfg)
{
	if (config_check_pins(c, cfg) || config_check_total(c, cfg) ||
	    config_check_passthrough_shared(c, cfg) || config_check_virtio_shared(c, cfg))
		return -1;
	return 0;
}
