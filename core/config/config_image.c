/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * A guest's boot images: the kernel, loaded at the first region's base plus
 * kernel-offset and entered there, and an optional initrd, by default at the
 * top of the first region. Both must lie wholly in the first region.
 */
#include <libfdt.h>

#include "config/config_parts.h"
#include "lib/fdt_util.h"
#include "mem/mem_map.h"

static int config_read_image(const struct config_ctx *c, struct config_guest *g, const char *name,
			     struct config_image *img)
{
	int len;
	const void *data = fdt_getprop(c->fdt, g->node, name, &len);

	if (!data)
		return 0;
	if (!len)
		return config_fail(c, g->node, name, "empty image");
	img->data = data;
	img->size = (size_t)len;
	return 0;
}

/* An optional offset into the first region; *given says whether it was there. */
static int config_read_offset(const struct config_ctx *c, struct config_guest *g, const char *name,
			      uint64_t *offset, bool *given)
{
	*given = fdt_getprop(c->fdt, g->node, name, NULL) != NULL;
	if (*given && !fdt_util_read_u64(c->fdt, g->node, name, offset))
		return config_fail(c, g->node, name, "must be 1 or 2 cells");
	if (*given && *offset >= g->regions[0].size)
		return config_fail(
		    c, g->node, name, "0x%llx is outside the first region (size 0x%llx)",
		    (unsigned long long)*offset, (unsigned long long)g->regions[0].size);
	return 0;
}

/* Check that size bytes at offset fit in the first region. */
static int config_check_fit(const struct config_ctx *c, struct config_guest *g, const char *name,
			    size_t size, uint64_t offset)
{
	uint64_t room = g->regions[0].size - offset;

	if (size > room)
		return config_fail(c, g->node, name,
				   "0x%zx bytes at offset 0x%llx do not fit in the first region "
				   "(size 0x%llx)",
				   size, (unsigned long long)offset,
				   (unsigned long long)g->regions[0].size);
	return 0;
}

static int config_place_kernel(const struct config_ctx *c, struct config_guest *g)
{
	uint64_t offset = 0;
	bool given;

	if (config_read_image(c, g, "kernel", &g->kernel))
		return -1;
	if (!g->kernel.data)
		return config_fail(c, g->node, NULL, "missing kernel");
	if (config_read_offset(c, g, "kernel-offset", &offset, &given) ||
	    config_check_fit(c, g, "kernel", g->kernel.size, offset))
		return -1;
	g->kernel.gpa = g->regions[0].gpa + offset;
	g->entry_gpa = g->kernel.gpa;
	return 0;
}

static int config_place_initrd(const struct config_ctx *c, struct config_guest *g)
{
	struct config_image *initrd = &g->initrd;
	uint64_t offset = 0;
	bool given;

	if (config_read_image(c, g, "initrd", initrd) ||
	    config_read_offset(c, g, "initrd-offset", &offset, &given))
		return -1;
	if (!initrd->data) {
		if (given)
			return config_fail(c, g->node, "initrd-offset", "given without initrd");
		return 0;
	}
	if (!given) {
		if (initrd->size > g->regions[0].size)
			return config_fail(c, g->node, "initrd",
					   "0x%zx bytes are larger than the first region "
					   "(size 0x%llx)",
					   initrd->size, (unsigned long long)g->regions[0].size);
		offset = ALIGN_DOWN(g->regions[0].size - initrd->size, PAGE_SIZE);
	} else if (config_check_fit(c, g, "initrd", initrd->size, offset)) {
		return -1;
	}
	initrd->gpa = g->regions[0].gpa + offset;
	if (mem_range_overlaps(initrd->gpa, initrd->size, g->kernel.gpa, g->kernel.size))
		return config_fail(c, g->node, "initrd",
				   "0x%llx-0x%llx overlaps the kernel at 0x%llx-0x%llx",
				   (unsigned long long)initrd->gpa,
				   (unsigned long long)(initrd->gpa + initrd->size - 1),
				   (unsigned long long)g->kernel.gpa,
				   (unsigned long long)(g->kernel.gpa + g->kernel.size - 1));
	return 0;
}

int config_parse_images(const struct config_ctx *c, struct config_guest *g)
{
	if (config_place_kernel(c, g) || config_place_initrd(c, g))
		return -1;
	return 0;
}
