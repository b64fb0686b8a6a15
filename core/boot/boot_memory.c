/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Carving free memory. Firmware gets everything below Erg's image in the RAM
 * bank that holds it, whether or not it said so in /reserved-memory: OpenSBI
 * always sits below its payload, and guessing low would let a guest's pages
 * land on it. The DTB stays where the firmware left it, reserved, since boot
 * keeps reading strings from it, and so does the boot archive, since every
 * guest reboot reloads its images from there.
 */
#include "boot/boot_memory.h"

#include "console/console.h"
#include "ports/arch_hooks.h"

static int boot_memory_take(struct mem_map *free, paddr_t base, uint64_t size, const char *what)
{
	if (!size)
		return 0;
	console_log("reserved 0x%08llx-0x%08llx %s", (unsigned long long)base,
		    (unsigned long long)(base + size - 1), what);
	return mem_map_remove(free, base, size);
}

/* The part of the image's RAM bank that lies below the image. */
static struct mem_range boot_memory_firmware(const struct platform *p)
{
	paddr_t image = arch_image_start();

	for (size_t i = 0; i < p->ram.count; i++) {
		const struct mem_range *r = &p->ram.range[i];

		if (r->base <= image && image - r->base < r->size)
			return (struct mem_range){r->base, image - r->base};
	}
	return (struct mem_range){0, 0};
}

int boot_memory_carve(const struct platform *p, paddr_t dtb, uint64_t dtb_size,
		      struct mem_map *free)
{
	struct mem_range fw = boot_memory_firmware(p);
	int err = 0;

	*free = p->ram;
	for (size_t i = 0; i < p->reserved_count; i++)
		err |= boot_memory_take(free, p->reserved[i].range.base, p->reserved[i].range.size,
					p->reserved[i].name);
	err |= boot_memory_take(free, fw.base, fw.size, "firmware below Erg");
	err |= boot_memory_take(free, arch_image_start(), arch_image_end() - arch_image_start(),
				"Erg image");
	err |= boot_memory_take(free, dtb, dtb_size, "firmware DTB");
	err |= boot_memory_take(free, p->archive.base, p->archive.size, "boot archive");
	mem_map_align(free, PAGE_SIZE);
	return err ? -1 : 0;
}
