/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The two device-tree questions the test guests ask more than once, answered
 * with libfdt on the DTB that arrives in a1: how many harts, and where RAM is.
 */
#ifndef GUESTS_LIB_GUEST_FDT_H
#define GUESTS_LIB_GUEST_FDT_H

#include <stdbool.h>
#include <stdint.h>

/* The number of cpu@N nodes under /cpus (cpu-map is not one); 0 without /cpus. */
unsigned guest_fdt_cpu_count(const void *fdt);

/*
 * The first (base, size) pair of /memory's reg, cell sizes from the root;
 * false when the DTB has no usable /memory node.
 */
bool guest_fdt_memory(const void *fdt, uint64_t *base, uint64_t *size);

#endif
