/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * A guest's crash policy: what Erg does when the guest crashes (a fault Erg
 * cannot emulate, or an SBI shutdown for a system failure). on-crash "halt",
 * the default, stops it; "restart" reloads it as a reboot does, at most
 * max-restarts times, after which the next crash stops it. core/vm/vm_stop.c
 * acts on it.
 */
#include <libfdt.h>
#include <string.h>

#include "config/config_parts.h"

static const char *const config_crash_names[] = {
    [CONFIG_CRASH_HALT] = "halt",
    [CONFIG_CRASH_RESTART] = "restart",
};

const char *config_crash_name(enum config_crash_policy policy)
{
	return config_crash_names[policy];
}

/* One string, exactly one of the policy names. */
static int config_parse_on_crash(const struct config_ctx *c, struct config_guest *g)
{
	int len;
	const char *value = fdt_getprop(c->fdt, g->node, "on-crash", &len);

	g->on_crash = CONFIG_CRASH_HALT;
	if (!value)
		return 0;
	for (size_t i = 0; i < ARRAY_SIZE(config_crash_names); i++) {
		const char *name = config_crash_names[i];

		if ((size_t)len == strlen(name) + 1 && !memcmp(value, name, (size_t)len)) {
			g->on_crash = (enum config_crash_policy)i;
			return 0;
		}
	}
	return config_fail(c, g->node, "on-crash", "must be \"halt\" or \"restart\"");
}

int config_parse_crash(const struct config_ctx *c, struct config_guest *g)
{
	if (config_parse_on_crash(c, g))
		return -1;
	if (g->on_crash == CONFIG_CRASH_RESTART)
		return config_parse_u32(c, g->node, "max-restarts", 1, CONFIG_RESTARTS_MAX,
					CONFIG_RESTARTS_DEFAULT, &g->max_restarts);
	g->max_restarts = 0;
	if (fdt_getprop(c->fdt, g->node, "max-restarts", NULL))
		return config_fail(c, g->node, "max-restarts", "only with on-crash = \"restart\"");
	return 0;
}
