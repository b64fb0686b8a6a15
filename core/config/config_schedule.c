/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The optional /schedule node of the partition config: one child per hart,
 * hart@ID, holding that hart's cyclic window table (ARINC 653 style). A
 * major frame is cut into windows, each owned by one guest or "idle"; the
 * lengths must fill the frame exactly and each owner must be allowed on the
 * hart. Read after the guests, since owners are guest names.
 */
#include <libfdt.h>
#include <string.h>

#include "config/config_parts.h"

/* The owner name that leaves a window to no guest. */
#define CONFIG_IDLE_NAME "idle"

static const char *const config_schedule_props[] = {NULL};

static const char *const config_table_props[] = {
    "frame-us", "windows", "window-us", "background", NULL,
};

/*
 * The hart id of a "hart@ID" node. ID is hexadecimal, as device-tree unit
 * addresses are; accumulation stops once past the limit so it cannot wrap.
 */
static int config_table_hart(const struct config_ctx *c, int node, uint32_t *hart)
{
	static const char hex[] = "0123456789abcdef";
	const char *name = fdt_get_name(c->fdt, node, NULL);

	if (!name || strncmp(name, "hart", 4) || (name[4] && name[4] != '@'))
		return config_fail(c, node, NULL, "unknown node (only hart@ID belongs here)");
	if (!name[4] || !name[5])
		return config_fail(c, node, NULL, "needs the hart id as unit address, hart@ID");
	*hart = 0;
	for (const char *id = name + 5; *id; id++) {
		const char *digit = strchr(hex, *id);

		if (!digit)
			return config_fail(c, node, NULL,
					   "unit address must be the hart id in lower-case hex");
		if (*hart < ERG_MAX_HARTS)
			*hart = *hart * 16 + (uint32_t)(digit - hex);
	}
	if (*hart >= ERG_MAX_HARTS)
		return config_fail(c, node, NULL, "hart 0x%s is not below %d", name + 5,
				   ERG_MAX_HARTS);
	return 0;
}

static int config_table_frame(const struct config_ctx *c, int node, struct config_table *t)
{
	int len;
	const fdt32_t *cell = fdt_getprop(c->fdt, node, "frame-us", &len);

	if (!cell)
		return config_fail(c, node, NULL, "missing frame-us");
	if (len != 4)
		return config_fail(c, node, "frame-us", "must be one cell");
	t->frame_us = fdt32_ld(cell);
	if (!t->frame_us)
		return config_fail(c, node, "frame-us", "must not be 0");
	return 0;
}

static int config_guest_index(const struct config *cfg, const char *name)
{
	for (size_t i = 0; i < cfg->guest_count; i++)
		if (!strcmp(cfg->guests[i].name, name))
			return (int)i;
	return -1;
}

/* Window i of t is owned by name: a guest allowed on t's hart, or idle. */
static int config_table_owner(const struct config_ctx *c, const struct config *cfg, int node,
			      struct config_table *t, size_t i, const char *name)
{
	int owner = config_guest_index(cfg, name);

	if (!strcmp(name, CONFIG_IDLE_NAME)) {
		/* A guest may be called idle; in a table the word must mean one thing. */
		if (owner >= 0)
			return config_fail(c, node, "windows",
					   "\"idle\" is ambiguous: a guest has that name");
		t->owner[i] = CONFIG_IDLE_OWNER;
		return 0;
	}
	if (owner < 0)
		return config_fail(c, node, "windows", "window %zu: no guest named \"%s\"", i,
				   name);
	if (!(cfg->guests[owner].hart_mask & (1ULL << t->hart)))
		return config_fail(c, node, "windows",
				   "window %zu: guest %s may not run on hart %u (see its harts)", i,
				   name, t->hart);
	t->owner[i] = owner;
	return 0;
}

static int config_table_owners(const struct config_ctx *c, const struct config *cfg, int node,
			       struct config_table *t)
{
	int count = fdt_stringlist_count(c->fdt, node, "windows");

	if (count == -FDT_ERR_NOTFOUND)
		return config_fail(c, node, NULL, "missing windows");
	if (count < 0)
		return config_fail(c, node, "windows", "must be a list of strings");
	if (!count)
		return config_fail(c, node, "windows", "names no owner");
	if (count > CONFIG_MAX_WINDOWS)
		return config_fail(c, node, "windows", "%d windows, more than %d", count,
				   CONFIG_MAX_WINDOWS);
	t->count = (size_t)count;
	for (size_t i = 0; i < t->count; i++) {
		const char *name = fdt_stringlist_get(c->fdt, node, "windows", (int)i, NULL);

		if (!name)
			return config_fail(c, node, "windows", "must be a list of strings");
		if (config_table_owner(c, cfg, node, t, i, name))
			return -1;
	}
	return 0;
}

/* window-us: one length per window, none 0, together exactly the frame. */
static int config_table_lengths(const struct config_ctx *c, int node, struct config_table *t)
{
	int len;
	const fdt32_t *cell = fdt_getprop(c->fdt, node, "window-us", &len);
	uint64_t sum = 0;

	if (!cell)
		return config_fail(c, node, NULL, "missing window-us");
	if (len % 4)
		return config_fail(c, node, "window-us", "must be a list of one-cell lengths");
	if ((size_t)len / 4 != t->count)
		return config_fail(c, node, "window-us", "%d lengths for %zu windows", len / 4,
				   t->count);
	for (size_t i = 0; i < t->count; i++) {
		t->length_us[i] = fdt32_ld(cell + i);
		if (!t->length_us[i])
			return config_fail(c, node, "window-us", "window %zu has length 0", i);
		sum += t->length_us[i];
	}
	if (sum != t->frame_us)
		return config_fail(c, node, "window-us",
				   "windows sum to %llu us, not the frame's %llu",
				   (unsigned long long)sum, (unsigned long long)t->frame_us);
	return 0;
}

static int config_table_flags(const struct config_ctx *c, int node, struct config_table *t)
{
	int len;
	int child = fdt_first_subnode(c->fdt, node);

	if (fdt_getprop(c->fdt, node, "background", &len)) {
		if (len)
			return config_fail(c, node, "background", "takes no value");
		t->background = true;
	}
	if (child >= 0)
		return config_fail(c, child, NULL, "unknown node (a window table has no children)");
	return 0;
}

static int config_parse_table(const struct config_ctx *c, struct config *cfg, int node)
{
	struct config_table *t;
	uint32_t hart = 0;

	if (config_table_hart(c, node, &hart))
		return -1;
	for (size_t i = 0; i < cfg->table_count; i++)
		if (cfg->tables[i].hart == hart)
			return config_fail(c, node, NULL, "a second table for hart %u", hart);
	/* Ids are distinct and below ERG_MAX_HARTS, so tables[] has room. */
	t = &cfg->tables[cfg->table_count];
	t->hart = hart;
	t->node = node;
	if (config_check_props(c, node, config_table_props) || config_table_frame(c, node, t) ||
	    config_table_owners(c, cfg, node, t) || config_table_lengths(c, node, t) ||
	    config_table_flags(c, node, t))
		return -1;
	cfg->table_count++;
	return 0;
}

int config_parse_schedule(const struct config_ctx *c, struct config *cfg)
{
	int schedule = fdt_subnode_offset(c->fdt, 0, "schedule");
	int node;

	if (schedule < 0)
		return 0;
	if (config_check_props(c, schedule, config_schedule_props))
		return -1;
	fdt_for_each_subnode(node, c->fdt, schedule)
	{
		if (config_parse_table(c, cfg, node))
			return -1;
	}
	return 0;
}
