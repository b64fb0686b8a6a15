/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * A guest's boot images as the config gives them: the kernel and an optional
 * initrd, each either embedded (kernel, initrd) or named in the boot loader's
 * archive (kernel-file, initrd-file), and their offsets in the first region.
 * Embedded images are placed at once (config_place.c); a named one only at
 * boot, once the archive tells its size.
 */
#include <libfdt.h>
#include <string.h>

#include "config/config_parts.h"
#include "lib/fdt_util.h"

/* An image's two forms: the bytes in the config, or a file in the boot archive. */
static int config_read_image(const struct config_ctx *c, struct config_guest *g, const char *prop,
			     const char *file_prop, struct config_image *img)
{
	int len, file_len;
	const void *data = fdt_getprop(c->fdt, g->node, prop, &len);
	const char *file = fdt_getprop(c->fdt, g->node, file_prop, &file_len);

	if (data && file)
		return config_fail(c, g->node, file_prop, "given with %s: name the image once",
				   prop);
	if (data && !len)
		return config_fail(c, g->node, prop, "empty image");
	if (file && file_len <= 1)
		return config_fail(c, g->node, file_prop, "empty file name");
	if (file && strnlen(file, (size_t)file_len) != (size_t)file_len - 1)
		return config_fail(c, g->node, file_prop, "must be one string");
	img->data = data;
	img->size = data ? (size_t)len : 0;
	img->file = file;
	return 0;
}

/* An optional offset into the first region. */
static int config_read_offset(const struct config_ctx *c, struct config_guest *g, const char *prop,
			      struct config_image *img)
{
	img->offset_given = fdt_getprop(c->fdt, g->node, prop, NULL) != NULL;
	if (img->offset_given && !fdt_util_read_u64(c->fdt, g->node, prop, &img->offset))
		return config_fail(c, g->node, prop, "must be 1 or 2 cells");
	if (img->offset_given && img->offset >= g->regions[0].size)
		return config_fail(
		    c, g->node, prop, "0x%llx is outside the first region (size 0x%llx)",
		    (unsigned long long)img->offset, (unsigned long long)g->regions[0].size);
	return 0;
}

static bool config_image_given(const struct config_image *img)
{
	return img->data || img->file;
}

int config_parse_images(const struct config_ctx *c, struct config_guest *g)
{
	struct config_misfit misfit;

	if (config_read_image(c, g, "kernel", "kernel-file", &g->kernel))
		return -1;
	if (!config_image_given(&g->kernel))
		return config_fail(c, g->node, NULL, "missing kernel");
	if (config_read_offset(c, g, "kernel-offset", &g->kernel) ||
	    config_read_image(c, g, "initrd", "initrd-file", &g->initrd) ||
	    config_read_offset(c, g, "initrd-offset", &g->initrd))
		return -1;
	if (!config_image_given(&g->initrd) && g->initrd.offset_given)
		return config_fail(c, g->node, "initrd-offset", "given without initrd");
	/* The entry point does not depend on the sizes: known before boot either way. */
	g->entry_gpa = g->regions[0].gpa + g->kernel.offset;
	if (g->kernel.file || g->initrd.file)
		return 0;
	if (config_place_images(g, &misfit))
		return config_fail(c, g->node, misfit.prop, "%s", misfit.why);
	return 0;
}
