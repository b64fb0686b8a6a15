/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Partition config, top level: the blob, the root node, the list of guests
 * and the optional window tables. One guest's properties are read in
 * config_guest.c, rules across guests are in config_cross.c, the /schedule
 * node in config_schedule.c.
 */
#include "config/config.h"

#include <libfdt.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "config/config_parts.h"
#include "lib/fdt_util.h"

static const char *const config_root_props[] = {
    "compatible", "machine-memory", "uplink", "#address-cells", "#size-cells", "model", NULL,
};

static const char *const config_no_props[] = {NULL};

int config_fail(const struct config_ctx *c, int node, const char *prop, const char *fmt, ...)
{
	char path[128];
	const char *where = node < 0 ? "dtb" : fdt_util_path(c->fdt, node, path, sizeof(path));
	/* The root's path already ends in a slash. */
	const char *sep = prop && strcmp(where, "/") ? "/" : "";
	va_list ap;
	int n;

	n = snprintf(c->err, c->errlen, "%s%s%s: ", where, sep, prop ? prop : "");
	if (n < 0 || (size_t)n >= c->errlen)
		return -1;
	va_start(ap, fmt);
	vsnprintf(c->err + n, c->errlen - (size_t)n, fmt, ap);
	va_end(ap);
	return -1;
}

int config_check_props(const struct config_ctx *c, int node, const char *const *known)
{
	int prop;

	fdt_for_each_property_offset(prop, c->fdt, node)
	{
		const char *name = NULL;
		const char *const *k = known;

		if (!fdt_getprop_by_offset(c->fdt, prop, &name, NULL) || !name)
			return config_fail(c, node, NULL, "unreadable property");
		/* dtc adds these itself when something refers to the node. */
		if (!strcmp(name, "phandle") || !strcmp(name, "linux,phandle"))
			continue;
		while (*k && strcmp(*k, name))
			k++;
		if (!*k)
			return config_fail(c, node, name, "unknown property");
	}
	return 0;
}

static int config_parse_root(const struct config_ctx *c, struct config *cfg)
{
	int match = fdt_node_check_compatible(c->fdt, 0, CONFIG_COMPATIBLE);
	int node;

	if (match < 0)
		return config_fail(c, 0, NULL, "missing compatible \"%s\"", CONFIG_COMPATIBLE);
	if (match)
		return config_fail(c, 0, "compatible", "must be \"%s\"", CONFIG_COMPATIBLE);
	if (config_check_props(c, 0, config_root_props))
		return -1;
	fdt_for_each_subnode(node, c->fdt, 0)
	{
		const char *name = fdt_get_name(c->fdt, node, NULL);

		if (!name || (strcmp(name, "guests") && strcmp(name, "schedule")))
			return config_fail(c, node, NULL,
					   "unknown node (only guests and schedule belong here)");
	}
	if (!fdt_getprop(c->fdt, 0, "machine-memory", NULL))
		return 0;
	if (!fdt_util_read_u64(c->fdt, 0, "machine-memory", &cfg->machine_memory))
		return config_fail(c, 0, "machine-memory", "must be 1 or 2 cells");
	if (!cfg->machine_memory)
		return config_fail(c, 0, "machine-memory", "must not be 0");
	return 0;
}

static int config_parse_guests(const struct config_ctx *c, struct config *cfg)
{
	int guests = fdt_subnode_offset(c->fdt, 0, "guests");
	int node;

	/* Required so that a config that lost its guests is not silently empty. */
	if (guests < 0)
		return config_fail(c, 0, NULL, "missing the guests node");
	if (config_check_props(c, guests, config_no_props))
		return -1;
	fdt_for_each_subnode(node, c->fdt, guests)
	{
		if (cfg->guest_count == CONFIG_MAX_GUESTS)
			return config_fail(c, guests, NULL, "more than %d guests",
					   CONFIG_MAX_GUESTS);
		if (config_parse_guest(c, node, &cfg->guests[cfg->guest_count++]))
			return -1;
	}
	return config_check_guests(c, cfg);
}

int config_parse(const void *blob, struct config *out, char *err, size_t errlen)
{
	struct config_ctx c = {blob, err, errlen};

	memset(out, 0, sizeof(*out));
	if (errlen)
		err[0] = '\0';
	if (fdt_check_header(blob))
		return config_fail(&c, -1, NULL, "not a valid flattened device tree");
	/* libfdt loads tags as aligned words and fdt_check_header leaves this to us. */
	if (fdt_off_dt_struct(blob) % FDT_TAGSIZE)
		return config_fail(&c, -1, NULL, "structure block not 4-byte aligned");
	if (!fdt_util_check_struct(blob))
		return config_fail(&c, -1, NULL,
				   "structure block malformed or past the end of the blob");
	if (config_parse_root(&c, out) || config_parse_guests(&c, out) ||
	    config_parse_uplink(&c, out) || config_parse_schedule(&c, out))
		return -1;
	return 0;
}

uint64_t config_guest_memory(const struct config_guest *g)
{
	uint64_t total = 0;

	for (size_t i = 0; i < g->region_count; i++)
		total += g->regions[i].size;
	return total;
}
