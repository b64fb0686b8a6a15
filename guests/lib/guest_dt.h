/*
 * Just enough of a flattened device tree reader for the test guests: find a
 * property of a top-level node (such as /cpus or /chosen) in the DTB that
 * arrives in a1. Guests do not link libfdt, to stay small and standalone.
 */
#ifndef GUESTS_LIB_GUEST_DT_H
#define GUESTS_LIB_GUEST_DT_H

#include <stdint.h>

/*
 * The value of property prop of top-level node node ("cpus" matches /cpus,
 * "memory" matches /memory@80000000), its length in *len; NULL when the DTB
 * is invalid or has no such property.
 */
const void *dt_find_prop(const void *dtb, const char *node, const char *prop, uint32_t *len);

/* The property as a 32-bit cell, or fallback when missing or not one cell. */
uint32_t dt_read_u32(const void *dtb, const char *node, const char *prop, uint32_t fallback);

/*
 * The number of children of top-level node node whose names match name
 * ("cpu" matches cpu@0 and cpu@1 under /cpus, not cpu-map); 0 when the DTB
 * is invalid or has no such node.
 */
unsigned dt_count_children(const void *dtb, const char *node, const char *name);

/* A 64-bit number written as two cells (high first), as /memory's reg is. */
uint64_t dt_cells_u64(const void *cells);

#endif
