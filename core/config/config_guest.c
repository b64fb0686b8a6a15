/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * One guest of the partition config: its node name, vCPU count, the harts
 * they may run on, scheduling priority and slice, bootargs and device nodes.
 * Memory, images and the crash policy have files of their own
 * (config_memory.c, config_image.c, config_crash.c); window tables are
 * config_schedule.c.
 */
#include <libfdt.h>
#include <string.h>

#include "config/config_parts.h"

_Static_assert(ERG_MAX_HARTS < 64, "hart_mask holds one bit per hart");

/* Every property a guest may have, grouped by the file that reads it. */
static const char *const config_guest_props[] = {
    "vcpus",	"harts",	"bootargs",	 /* here */
    "priority", "slice-us",			 /* here: scheduling */
    "memory",	"memory-host",			 /* config_memory.c */
    "kernel",	"kernel-file",	"kernel-offset", /* config_image.c */
    "initrd",	"initrd-file",	"initrd-offset", /* config_image.c */
    "on-crash", "max-restarts",			 /* config_crash.c */
    NULL,
};

static int config_parse_name(const struct config_ctx *c, int node, struct config_guest *g)
{
	int len;
	const char *name = fdt_get_name(c->fdt, node, &len);

	if (!name || len < 1)
		return config_fail(c, node, NULL, "guest has no name");
	if (len > CONFIG_NAME_MAX)
		return config_fail(c, node, NULL, "guest name longer than %d characters",
				   CONFIG_NAME_MAX);
	if (strspn(name, "abcdefghijklmnopqrstuvwxyz0123456789_-") != (size_t)len)
		return config_fail(c, node, NULL, "guest name may only use a-z, 0-9, _ and -");
	memcpy(g->name, name, (size_t)len);
	g->name[len] = '\0';
	return 0;
}

static int config_parse_vcpus(const struct config_ctx *c, struct config_guest *g)
{
	int len;
	const fdt32_t *cell = fdt_getprop(c->fdt, g->node, "vcpus", &len);

	if (!cell)
		return config_fail(c, g->node, NULL, "missing vcpus");
	if (len != 4)
		return config_fail(c, g->node, "vcpus", "must be one cell");
	g->vcpus = fdt32_ld(cell);
	if (!g->vcpus)
		return config_fail(c, g->node, "vcpus", "must be at least 1");
	if (g->vcpus > CONFIG_MAX_VCPUS)
		return config_fail(c, g->node, "vcpus", "%u is more than the limit of %d", g->vcpus,
				   CONFIG_MAX_VCPUS);
	return 0;
}

static int config_parse_harts(const struct config_ctx *c, struct config_guest *g)
{
	int len;
	const fdt32_t *cell = fdt_getprop(c->fdt, g->node, "harts", &len);

	if (!cell) {
		g->hart_mask = (1ULL << ERG_MAX_HARTS) - 1;
		return 0;
	}
	if (!len)
		return config_fail(c, g->node, "harts", "empty list");
	if (len % 4)
		return config_fail(c, g->node, "harts", "must be a list of one-cell hart ids");
	for (int i = 0; i < len / 4; i++) {
		uint32_t hart = fdt32_ld(cell + i);

		if (hart >= ERG_MAX_HARTS)
			return config_fail(c, g->node, "harts", "hart %u is not below %d", hart,
					   ERG_MAX_HARTS);
		if (g->hart_mask & (1ULL << hart))
			return config_fail(c, g->node, "harts", "hart %u listed twice", hart);
		g->hart_mask |= 1ULL << hart;
	}
	return 0;
}

int config_parse_u32(const struct config_ctx *c, int node, const char *prop, uint32_t min,
		     uint32_t max, uint32_t dflt, uint32_t *out)
{
	int len;
	const fdt32_t *cell = fdt_getprop(c->fdt, node, prop, &len);

	*out = dflt;
	if (!cell)
		return 0;
	if (len != 4)
		return config_fail(c, node, prop, "must be one cell");
	*out = fdt32_ld(cell);
	if (*out < min || *out > max)
		return config_fail(c, node, prop, "%u is outside %u to %u", *out, min, max);
	return 0;
}

static int config_parse_sched(const struct config_ctx *c, struct config_guest *g)
{
	if (config_parse_u32(c, g->node, "priority", 0, CONFIG_PRIORITY_MAX, 0, &g->priority) ||
	    config_parse_u32(c, g->node, "slice-us", CONFIG_SLICE_US_MIN, CONFIG_SLICE_US_MAX,
			     CONFIG_SLICE_US_DEFAULT, &g->slice_us))
		return -1;
	return 0;
}

static int config_parse_bootargs(const struct config_ctx *c, struct config_guest *g)
{
	int len;
	const char *args = fdt_getprop(c->fdt, g->node, "bootargs", &len);

	if (!args)
		return 0;
	if (len < 1 || strnlen(args, (size_t)len) != (size_t)len - 1)
		return config_fail(c, g->node, "bootargs", "must be one string");
	g->bootargs = args;
	return 0;
}

static int config_parse_devices(const struct config_ctx *c, struct config_guest *g)
{
	int node;

	fdt_for_each_subnode(node, c->fdt, g->node)
	{
		if (config_parse_device(c, g, node))
			return -1;
	}
	return 0;
}

int config_parse_guest(const struct config_ctx *c, int node, struct config_guest *g)
{
	g->node = node;
	if (config_parse_name(c, node, g) || config_check_props(c, node, config_guest_props) ||
	    config_parse_vcpus(c, g) || config_parse_harts(c, g) || config_parse_memory(c, g) ||
	    config_parse_images(c, g) || config_parse_sched(c, g) || config_parse_crash(c, g) ||
	    config_parse_bootargs(c, g) || config_parse_devices(c, g) || config_check_devices(c, g))
		return -1;
	return 0;
}
