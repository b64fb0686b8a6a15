/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Device nodes of a guest. A child node's name, without any @unit-address,
 * picks a row of config_devices; each device model adds its row (name and
 * parse handler) here as it arrives. Any other child is refused.
 */
#include <libfdt.h>
#include <string.h>

#include "config/config_parts.h"
#include "mem/mem_map.h"
#include "vm/guest_layout.h"

struct config_device {
	const char *name;
	int (*parse)(const struct config_ctx *c, struct config_guest *g, int node);
};

static const char *const config_device_no_props[] = {NULL};

/* A device that is present or not, with no properties of its own. */
static int config_parse_flag(const struct config_ctx *c, int node, bool *present)
{
	if (*present)
		return config_fail(c, node, NULL, "a second device of this kind");
	if (config_check_props(c, node, config_device_no_props))
		return -1;
	*present = true;
	return 0;
}

static int config_parse_plic(const struct config_ctx *c, struct config_guest *g, int node)
{
	return config_parse_flag(c, node, &g->plic);
}

static int config_parse_uart(const struct config_ctx *c, struct config_guest *g, int node)
{
	return config_parse_flag(c, node, &g->uart);
}

/* Ends with a NULL name. */
static const struct config_device config_devices[] = {
    {"plic", config_parse_plic},
    {"uart", config_parse_uart},
    {"passthrough", config_parse_passthrough},
    {"virtio-blk", config_parse_virtio_blk},
    {"virtio-net", config_parse_virtio_net},
    {"virtio-console", config_parse_virtio_console},
    {"virtio-rng", config_parse_virtio_rng},
    {NULL, NULL},
};

/* A device window of the guest must not lie in its RAM. */
static int config_check_window(const struct config_ctx *c, const struct config_guest *g,
			       uint64_t base, uint64_t size, const char *what)
{
	for (size_t i = 0; i < g->region_count; i++)
		if (mem_range_overlaps(g->regions[i].gpa, g->regions[i].size, base, size))
			return config_fail(c, g->node, "memory",
					   "region %zu overlaps the %s at 0x%llx", i, what,
					   (unsigned long long)base);
	return 0;
}

int config_check_devices(const struct config_ctx *c, const struct config_guest *g)
{
	if (g->uart && !g->plic)
		return config_fail(c, g->node, NULL, "the uart needs a plic for its interrupt");
	if (g->plic && config_check_window(c, g, GUEST_PLIC_BASE, GUEST_PLIC_SIZE, "plic"))
		return -1;
	if (g->uart && config_check_window(c, g, GUEST_UART_BASE, GUEST_UART_SIZE, "uart"))
		return -1;
	return config_check_virtio(c, g) || config_check_passthrough(c, g);
}

int config_parse_device(const struct config_ctx *c, struct config_guest *g, int node)
{
	const char *name = fdt_get_name(c->fdt, node, NULL);
	size_t len = name ? strcspn(name, "@") : 0;

	for (const struct config_device *d = config_devices; name && d->name; d++)
		if (strlen(d->name) == len && !strncmp(d->name, name, len))
			return d->parse(c, g, node);
	return config_fail(c, node, NULL, "unknown device");
}
