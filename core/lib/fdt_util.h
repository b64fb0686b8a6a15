/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Small helpers over libfdt for reading the properties Erg needs, with the
 * cell sizes taken from the parent node as the device-tree spec requires.
 */
#ifndef CORE_LIB_FDT_UTIL_H
#define CORE_LIB_FDT_UTIL_H

#include "lib/types.h"

/* The index-th (address, size) pair of node's reg; false when absent or malformed. */
bool fdt_util_reg(const void *fdt, int node, int index, paddr_t *base, uint64_t *size);

/* The same for a node whose parent is known: no walk of the tree to find it. */
bool fdt_util_reg_under(const void *fdt, int parent, int node, int index, paddr_t *base,
			uint64_t *size);

/*
 * Call fn for each node compatible with compat, with its parent, in one walk
 * of the tree (libfdt finds a parent by walking from the root, each time).
 */
void fdt_util_for_each_compatible(const void *fdt, const char *compat,
				  void (*fn)(const void *fdt, int node, int parent, void *ctx),
				  void *ctx);

/* A one-cell or two-cell integer property; false when absent or of another size. */
bool fdt_util_read_u64(const void *fdt, int node, const char *name, uint64_t *out);

/* A one-cell property, or dflt when it is absent. */
uint32_t fdt_util_read_u32_or(const void *fdt, int node, const char *name, uint32_t dflt);

/* Status absent, "okay" or "ok". */
bool fdt_util_is_enabled(const void *fdt, int node);

/*
 * Whether every tag of the structure block up to FDT_END, and every node name
 * and property value, lies inside the blob (fdt_check_header looks at the
 * header only). libfdt adds a property's length to an int offset before it
 * checks the bounds, which overflows for a length near 2^31: run this on a
 * blob from outside before walking it with libfdt.
 */
bool fdt_util_check_struct(const void *fdt);

/* The node's full path, for messages ("?" when it cannot be had). */
const char *fdt_util_path(const void *fdt, int node, char *buf, int len);

#endif
