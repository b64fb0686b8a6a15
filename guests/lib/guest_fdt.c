/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Device-tree helpers of the test guests, built on libfdt (linked into every
 * guest; --gc-sections keeps only what a guest calls).
 */
#include <libfdt.h>
#include <string.h>

#include "guest_fdt.h"

/* One or two big-endian cells, as #address-cells and #size-cells allow. */
static bool guest_fdt_cells(const fdt32_t *cells, int count, uint64_t *out)
{
	if (count == 1)
		*out = fdt32_ld(cells);
	else if (count == 2)
		*out = fdt64_ld((const fdt64_t *)cells);
	else
		return false;
	return true;
}

unsigned guest_fdt_cpu_count(const void *fdt)
{
	int cpus = fdt ? fdt_path_offset(fdt, "/cpus") : -FDT_ERR_BADMAGIC;
	unsigned count = 0;
	int node;

	if (cpus < 0)
		return 0;
	fdt_for_each_subnode(node, fdt, cpus)
	{
		const char *name = fdt_get_name(fdt, node, NULL);

		if (name && (strcmp(name, "cpu") == 0 || strncmp(name, "cpu@", 4) == 0))
			count++;
	}
	return count;
}

bool guest_fdt_memory(const void *fdt, uint64_t *base, uint64_t *size)
{
	/* "/memory" also matches a node named memory@80000000. */
	int node = fdt ? fdt_path_offset(fdt, "/memory") : -FDT_ERR_BADMAGIC;
	int acells = node >= 0 ? fdt_address_cells(fdt, 0) : -1;
	int scells = node >= 0 ? fdt_size_cells(fdt, 0) : -1;
	int len = 0;
	const fdt32_t *reg = node >= 0 ? fdt_getprop(fdt, node, "reg", &len) : NULL;

	if (!reg || acells < 1 || scells < 1 || len < (acells + scells) * 4)
		return false;
	return guest_fdt_cells(reg, acells, base) && guest_fdt_cells(reg + acells, scells, size);
}
