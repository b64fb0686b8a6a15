/*
 * Device nodes of a guest. A child node's name, without any @unit-address,
 * picks a row of config_devices; each device model adds its row (name and
 * parse handler) here as it arrives. Any other child is refused.
 */
#include <libfdt.h>
#include <string.h>

#include "config_parts.h"

struct config_device {
	const char *name;
	int (*parse)(const struct config_ctx *c, struct config_guest *g, int node);
};

/* Ends with a NULL name. None known yet: uart, plic, virtio-* and others come here. */
static const struct config_device config_devices[] = {
    {NULL, NULL},
};

int config_parse_device(const struct config_ctx *c, struct config_guest *g, int node)
{
	const char *name = fdt_get_name(c->fdt, node, NULL);
	size_t len = name ? strcspn(name, "@") : 0;

	for (const struct config_device *d = config_devices; name && d->name; d++)
		if (strlen(d->name) == len && !strncmp(d->name, name, len))
			return d->parse(c, g, node);
	return config_fail(c, node, NULL, "unknown device");
}
