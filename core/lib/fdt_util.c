/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Device-tree property readers. Every length is checked before a cell is
 * read, so a truncated or hostile DTB yields "absent", never a wild read.
 */
#include "lib/fdt_util.h"

#include <libfdt.h>
#include <string.h>

static uint64_t fdt_util_cells(const fdt32_t *cell, int count)
{
	uint64_t value = 0;

	for (int i = 0; i < count; i++)
		value = (value << 32) | fdt32_to_cpu(cell[i]);
	return value;
}

#define FDT_UTIL_MAX_DEPTH 16 /* deeper nodes are not looked at by for_each_compatible */

/* The parent's #address-cells and #size-cells, each limited to 1 or 2. */
static bool fdt_util_cells_of(const void *fdt, int parent, int *acells, int *scells)
{
	if (parent < 0)
		return false;
	*acells = fdt_address_cells(fdt, parent);
	*scells = fdt_size_cells(fdt, parent);
	return *acells >= 1 && *acells <= 2 && *scells >= 0 && *scells <= 2;
}

/* The node's reg entries and their shape; NULL when it has none that parse. */
static const fdt32_t *fdt_util_reg_entries(const void *fdt, int parent, int node, int *count,
					   int *acells, int *scells)
{
	int len;
	const fdt32_t *reg = fdt_getprop(fdt, node, "reg", &len);

	if (!reg || !fdt_util_cells_of(fdt, parent, acells, scells))
		return NULL;
	*count = len / (int)(sizeof(fdt32_t) * (size_t)(*acells + *scells));
	return reg;
}

bool fdt_util_reg_under(const void *fdt, int parent, int node, int index, paddr_t *base,
			uint64_t *size)
{
	int count, acells, scells;
	const fdt32_t *reg = fdt_util_reg_entries(fdt, parent, node, &count, &acells, &scells);

	if (!reg || index < 0 || index >= count)
		return false;
	reg += index * (acells + scells);
	*base = fdt_util_cells(reg, acells);
	*size = fdt_util_cells(reg + acells, scells);
	return true;
}

bool fdt_util_reg(const void *fdt, int node, int index, paddr_t *base, uint64_t *size)
{
	/* Finding the parent walks the tree from its root: once per call is enough. */
	return fdt_util_reg_under(fdt, fdt_parent_offset(fdt, node), node, index, base, size);
}

void fdt_util_for_each_compatible(const void *fdt, const char *compat,
				  void (*fn)(const void *fdt, int node, int parent, void *ctx),
				  void *ctx)
{
	int parents[FDT_UTIL_MAX_DEPTH];
	int depth = -1;

	for (int node = fdt_next_node(fdt, -1, &depth); node >= 0 && depth >= 0;
	     node = fdt_next_node(fdt, node, &depth)) {
		if (depth >= FDT_UTIL_MAX_DEPTH)
			continue;
		parents[depth] = node;
		if (depth > 0 && fdt_node_check_compatible(fdt, node, compat) == 0)
			fn(fdt, node, parents[depth - 1], ctx);
	}
}

bool fdt_util_read_u64(const void *fdt, int node, const char *name, uint64_t *out)
{
	int len;
	const fdt32_t *prop = fdt_getprop(fdt, node, name, &len);

	if (!prop || (len != 4 && len != 8))
		return false;
	*out = fdt_util_cells(prop, len / 4);
	return true;
}

uint32_t fdt_util_read_u32_or(const void *fdt, int node, const char *name, uint32_t dflt)
{
	int len;
	const fdt32_t *prop = fdt_getprop(fdt, node, name, &len);

	return prop && len == 4 ? fdt32_to_cpu(*prop) : dflt;
}

bool fdt_util_is_enabled(const void *fdt, int node)
{
	int len;
	const char *status = fdt_getprop(fdt, node, "status", &len);

	if (!status)
		return true;
	return strncmp(status, "okay", (size_t)len) == 0 || strncmp(status, "ok", (size_t)len) == 0;
}

const char *fdt_util_path(const void *fdt, int node, char *buf, int len)
{
	if (fdt_get_path(fdt, node, buf, len) < 0)
		return "?";
	return buf;
}

/* The 32-bit word at off of block, whatever its alignment. */
static uint32_t fdt_util_word(const uint8_t *block, uint32_t off)
{
	return fdt32_ld((const fdt32_t *)(const void *)(block + off));
}

bool fdt_util_check_struct(const void *fdt)
{
	const uint8_t *block = (const uint8_t *)fdt + fdt_off_dt_struct(fdt);
	uint32_t limit = fdt_totalsize(fdt) - fdt_off_dt_struct(fdt), off = 0, len;

	/* The same steps as libfdt's fdt_next_tag, each checked against the end first. */
	while (off <= limit && limit - off >= FDT_TAGSIZE) {
		uint32_t tag = fdt_util_word(block, off);

		off += FDT_TAGSIZE;
		switch (tag) {
		case FDT_BEGIN_NODE:
			len = (uint32_t)strnlen((const char *)block + off, limit - off);
			if (len == limit - off)
				return false;
			off += len + 1;
			break;
		case FDT_PROP:
			if (limit - off < 2 * FDT_TAGSIZE)
				return false;
			len = fdt_util_word(block, off);
			off += 2 * FDT_TAGSIZE;
			if (len > limit - off)
				return false;
			off += len;
			/* Before version 16, values of 8 bytes or more began 8-byte aligned. */
			if (fdt_version(fdt) < 16 && len >= 8 && (off - len) % 8)
				off += FDT_TAGSIZE;
			break;
		case FDT_END_NODE:
		case FDT_NOP:
			break;
		case FDT_END:
			return true;
		default:
			return false;
		}
		off = ALIGN_UP(off, FDT_TAGSIZE);
	}
	return false;
}
