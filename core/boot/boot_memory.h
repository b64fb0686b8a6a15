/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The machine's free memory at boot: RAM minus everything that is already
 * somebody's. The page allocator is built over the result.
 */
#ifndef CORE_BOOT_BOOT_MEMORY_H
#define CORE_BOOT_BOOT_MEMORY_H

#include "platform/platform.h"

/* Fill *free and log each range taken out; 0, or -1 when the map overflows. */
int boot_memory_carve(const struct platform *p, paddr_t dtb, uint64_t dtb_size,
		      struct mem_map *free);

#endif
