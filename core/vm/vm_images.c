/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Guest images from the boot archive. A named image is looked up by its
 * name, its bytes summed against a crc entry's check field, and only then
 * placed, as only now is its size known. The archive stays reserved, so the
 * image's data points into it for every later reboot of the guest.
 */
#include "vm/vm_images.h"

#include <stdio.h>
#include <string.h>

#include "console/console.h"
#include "lib/cpio.h"

static const void *vm_images_archive(const struct platform *p)
{
	return (const void *)(uintptr_t)p->archive.base;
}

void vm_images_survey(const struct platform *p)
{
	struct cpio_entry e;
	enum cpio_status status;
	size_t offset = 0, files = 0;
	uint64_t bytes = 0;

	if (!p->archive.size) {
		console_log("boot archive: none");
		return;
	}
	while ((status = cpio_next(vm_images_archive(p), p->archive.size, &offset, &e)) ==
	       CPIO_OK) {
		files++;
		bytes += e.size;
	}
	if (status == CPIO_END)
		console_log("boot archive: %zu file%s, %llu bytes", files, files == 1 ? "" : "s",
			    (unsigned long long)bytes);
	else
		console_log("boot archive: %s at offset 0x%zx, after %zu file%s",
			    cpio_status_text(status), offset, files, files == 1 ? "" : "s");
}

/* The one reason an image could not be had from the archive, as "what \"file\": why". */
static int vm_images_why(char *why, size_t len, const char *what, const char *file,
			 const char *reason)
{
	snprintf(why, len, "%s \"%s\": %s", what, file, reason);
	return -1;
}

static int vm_images_take(const struct platform *p, const char *what, struct config_image *img,
			  char *why, size_t len)
{
	struct cpio_entry e;
	enum cpio_status status;
	size_t offset;
	uint32_t sum;
	char reason[96];

	if (!img->file)
		return 0;
	if (!p->archive.size)
		return vm_images_why(why, len, what, img->file, "no boot archive (no initrd)");
	status = cpio_find(vm_images_archive(p), p->archive.size, img->file, &e, &offset);
	if (status == CPIO_NOT_FOUND)
		return vm_images_why(why, len, what, img->file, "not in the boot archive");
	if (status != CPIO_OK) {
		snprintf(reason, sizeof(reason), "boot archive damaged at offset 0x%zx (%s)",
			 offset, cpio_status_text(status));
		return vm_images_why(why, len, what, img->file, reason);
	}
	if (!e.size)
		return vm_images_why(why, len, what, img->file, "empty in the boot archive");
	sum = cpio_sum(e.data, e.size);
	if (e.has_check && sum != e.check) {
		snprintf(reason, sizeof(reason), "checksum 0x%08x, archive says 0x%08x", sum,
			 e.check);
		return vm_images_why(why, len, what, img->file, reason);
	}
	img->data = e.data;
	img->size = e.size;
	return 0;
}

/* Place g's images; on a misfit, say which image, by its file name when it has one. */
static int vm_images_place(struct config_guest *g, char *why, size_t len)
{
	struct config_misfit misfit;
	const struct config_image *img;

	if (!config_place_images(g, &misfit))
		return 0;
	img = strcmp(misfit.prop, "kernel") ? &g->initrd : &g->kernel;
	if (img->file)
		return vm_images_why(why, len, misfit.prop, img->file, misfit.why);
	snprintf(why, len, "%s: %s", misfit.prop, misfit.why);
	return -1;
}

/* Forget named images again, so that no later restart loads half of them (vm_load refuses). */
static int vm_images_drop(struct config_guest *g)
{
	if (g->kernel.file)
		g->kernel.data = NULL;
	if (g->initrd.file)
		g->initrd.data = NULL;
	return -1;
}

int vm_images_fetch(struct config_guest *g, const struct platform *p, char *why, size_t len)
{
	if (!g->kernel.file && !g->initrd.file)
		return 0;
	if (vm_images_take(p, "kernel", &g->kernel, why, len) ||
	    vm_images_take(p, "initrd", &g->initrd, why, len) || vm_images_place(g, why, len))
		return vm_images_drop(g);
	return 0;
}
