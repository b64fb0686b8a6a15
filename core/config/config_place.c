/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Placing a guest's boot images in its first region once their sizes are
 * known: the kernel at kernel-offset, the initrd at initrd-offset or by
 * default at the top of the region, both wholly inside it and apart. The
 * parser calls it for embedded images, boot for images from the archive, so
 * the rules are the same whichever way an image comes.
 */
#include <stdarg.h>
#include <stdio.h>

#include "config/config.h"
#include "mem/mem_map.h"

static int __attribute__((format(printf, 3, 4)))
config_misfit(struct config_misfit *m, const char *prop, const char *fmt, ...)
{
	va_list ap;

	m->prop = prop;
	va_start(ap, fmt);
	vsnprintf(m->why, sizeof(m->why), fmt, ap);
	va_end(ap);
	return -1;
}

/* Check that img's bytes fit in the first region at its offset. */
static int config_check_fit(const struct config_guest *g, const char *prop,
			    const struct config_image *img, struct config_misfit *m)
{
	uint64_t room = g->regions[0].size - img->offset;

	if (img->size > room)
		return config_misfit(m, prop,
				     "0x%zx bytes at offset 0x%llx do not fit in the first region "
				     "(size 0x%llx)",
				     img->size, (unsigned long long)img->offset,
				     (unsigned long long)g->regions[0].size);
	return 0;
}

static int config_place_kernel(struct config_guest *g, struct config_misfit *m)
{
	if (config_check_fit(g, "kernel", &g->kernel, m))
		return -1;
	g->kernel.gpa = g->regions[0].gpa + g->kernel.offset;
	g->entry_gpa = g->kernel.gpa;
	return 0;
}

static int config_place_initrd(struct config_guest *g, struct config_misfit *m)
{
	struct config_image *initrd = &g->initrd;

	if (!initrd->data)
		return 0;
	if (!initrd->offset_given) {
		if (initrd->size > g->regions[0].size)
			return config_misfit(m, "initrd",
					     "0x%zx bytes are larger than the first region "
					     "(size 0x%llx)",
					     initrd->size, (unsigned long long)g->regions[0].size);
		initrd->offset = ALIGN_DOWN(g->regions[0].size - initrd->size, PAGE_SIZE);
	} else if (config_check_fit(g, "initrd", initrd, m)) {
		return -1;
	}
	initrd->gpa = g->regions[0].gpa + initrd->offset;
	if (mem_range_overlaps(initrd->gpa, initrd->size, g->kernel.gpa, g->kernel.size))
		return config_misfit(m, "initrd",
				     "0x%llx-0x%llx overlaps the kernel at 0x%llx-0x%llx",
				     (unsigned long long)initrd->gpa,
				     (unsigned long long)(initrd->gpa + initrd->size - 1),
				     (unsigned long long)g->kernel.gpa,
				     (unsigned long long)(g->kernel.gpa + g->kernel.size - 1));
	return 0;
}

int config_place_images(struct config_guest *g, struct config_misfit *m)
{
	if (config_place_kernel(g, m) || config_place_initrd(g, m))
		return -1;
	return 0;
}
