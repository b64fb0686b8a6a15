/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Firmware DTB → struct platform: the top level, RAM, reserved memory and
 * the boot archive.
 * Harts are read in platform_cpus.c and devices in platform_devices.c.
 */
#include "platform/platform.h"

#include <libfdt.h>
#include <stdio.h>
#include <string.h>

#include "lib/fdt_util.h"
#include "platform/platform_parts.h"

int platform_fail(struct platform *p, const void *fdt, int node, const char *why)
{
	char path[96];

	snprintf(p->error, sizeof(p->error), "%s: %s",
		 node < 0 ? "dtb" : fdt_util_path(fdt, node, path, sizeof(path)), why);
	return -1;
}

static int platform_parse_ram(const void *fdt, struct platform *p)
{
	int node = -1;

	while ((node = fdt_node_offset_by_prop_value(fdt, node, "device_type", "memory",
						     sizeof("memory"))) >= 0) {
		paddr_t base;
		uint64_t size;

		if (!fdt_util_is_enabled(fdt, node))
			continue;
		for (int i = 0; fdt_util_reg(fdt, node, i, &base, &size); i++)
			if (mem_map_add(&p->ram, base, size))
				return platform_fail(p, fdt, node, "too many RAM ranges");
	}
	if (!p->ram.count)
		return platform_fail(p, fdt, -1, "no memory node with a reg");
	return 0;
}

static int platform_add_reserved(struct platform *p, paddr_t base, uint64_t size, const char *name)
{
	if (p->reserved_count == PLATFORM_MAX_RESERVED)
		return -1;
	p->reserved[p->reserved_count++] = (struct platform_reserved){{base, size}, name};
	return 0;
}

static int platform_parse_reserved(const void *fdt, struct platform *p)
{
	int parent = fdt_path_offset(fdt, "/reserved-memory");
	int node;

	for (int i = 0; i < fdt_num_mem_rsv(fdt); i++) {
		uint64_t base, size;

		if (fdt_get_mem_rsv(fdt, i, &base, &size) == 0 &&
		    platform_add_reserved(p, base, size, "memreserve"))
			return platform_fail(p, fdt, -1, "too many reserved ranges");
	}
	if (parent < 0)
		return 0;
	fdt_for_each_subnode(node, fdt, parent)
	{
		paddr_t base;
		uint64_t size;

		/* Nodes with only a size are for the OS to place; Erg has none. */
		if (!fdt_util_is_enabled(fdt, node) || !fdt_util_reg(fdt, node, 0, &base, &size))
			continue;
		if (platform_add_reserved(p, base, size, fdt_get_name(fdt, node, NULL)))
			return platform_fail(p, fdt, node, "too many reserved ranges");
	}
	return 0;
}

static void platform_parse_rng_seed(const void *fdt, struct platform *p)
{
	int len = 0;

	p->rng_seed = fdt_getprop(fdt, fdt_path_offset(fdt, "/chosen"), "rng-seed", &len);
	p->rng_seed_len = p->rng_seed && len > 0 ? (size_t)len : 0;
}

/*
 * The boot loader's initrd, the archive of guest images: each bound is 4 or
 * 8 bytes, big-endian, end exclusive. It must lie in RAM, since boot reads it.
 */
static void platform_parse_archive(const void *fdt, struct platform *p)
{
	int chosen = fdt_path_offset(fdt, "/chosen");
	uint64_t start, end;
	bool has_start = fdt_util_read_u64(fdt, chosen, "linux,initrd-start", &start);
	bool has_end = fdt_util_read_u64(fdt, chosen, "linux,initrd-end", &end);

	if (!has_start && !has_end)
		return;
	if (has_start && has_end && end > start && mem_map_contains(&p->ram, start, end - start))
		p->archive = (struct mem_range){start, end - start};
	else
		p->archive_ignored = true;
}

int platform_parse(const void *fdt, struct platform *p)
{
	memset(p, 0, sizeof(*p));
	if (fdt_check_header(fdt))
		return platform_fail(p, fdt, -1, "not a valid flattened device tree");
	p->model = fdt_getprop(fdt, 0, "model", NULL);
	p->bootargs = fdt_getprop(fdt, fdt_path_offset(fdt, "/chosen"), "bootargs", NULL);
	platform_parse_rng_seed(fdt, p);
	if (platform_parse_ram(fdt, p) || platform_parse_reserved(fdt, p) ||
	    platform_parse_cpus(fdt, p))
		return -1;
	platform_parse_archive(fdt, p);
	platform_parse_devices(fdt, p);
	return 0;
}

const struct platform_hart *platform_hart(const struct platform *p, uint64_t hartid)
{
	for (size_t i = 0; i < p->hart_count; i++)
		if (p->harts[i].id == hartid)
			return &p->harts[i];
	return NULL;
}
