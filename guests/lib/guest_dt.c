/*
 * A bounded walk over the structure block of a flattened device tree (the
 * devicetree specification, chapter 5). All fields are big-endian; tokens
 * and property values are padded to 4 bytes.
 */
#include <string.h>

#include "guest_dt.h"

#define DT_MAGIC       0xd00dfeed
#define DT_BEGIN_NODE  1
#define DT_END_NODE    2
#define DT_PROP	       3
#define DT_NOP	       4
#define DT_OFF_STRUCT  8 /* header fields, as byte offsets */
#define DT_OFF_STRINGS 12
#define DT_SIZE_STRUCT 36

static uint32_t dt_be32(const void *p)
{
	const uint8_t *b = p;

	return (uint32_t)b[0] << 24 | (uint32_t)b[1] << 16 | (uint32_t)b[2] << 8 | b[3];
}

static uint32_t dt_align4(uint32_t n)
{
	return (n + 3) & ~3u;
}

/* "memory@80000000" matches "memory"; "cpus" matches "cpus". */
static int dt_name_matches(const char *name, const char *want)
{
	size_t n = strlen(want);

	return strncmp(name, want, n) == 0 && (name[n] == '\0' || name[n] == '@');
}

const void *dt_find_prop(const void *dtb, const char *node, const char *prop, uint32_t *len)
{
	const char *base = dtb;

	if (!dtb || dt_be32(base) != DT_MAGIC)
		return NULL;
	const char *st = base + dt_be32(base + DT_OFF_STRUCT);
	const char *strings = base + dt_be32(base + DT_OFF_STRINGS);
	uint32_t size = dt_be32(base + DT_SIZE_STRUCT);
	int depth = 0, in_node = 0;

	for (uint32_t off = 0; off + 4 <= size;) {
		uint32_t token = dt_be32(st + off);

		off += 4;
		if (token == DT_BEGIN_NODE) {
			const char *name = st + off;

			depth++;
			if (depth == 2)
				in_node = dt_name_matches(name, node);
			off += dt_align4((uint32_t)strnlen(name, size - off) + 1);
		} else if (token == DT_END_NODE) {
			if (depth-- == 2)
				in_node = 0;
		} else if (token == DT_PROP && off + 8 <= size) {
			uint32_t plen = dt_be32(st + off);
			const char *pname = strings + dt_be32(st + off + 4);

			if (depth == 2 && in_node && strcmp(pname, prop) == 0) {
				*len = plen;
				return st + off + 8;
			}
			off += 8 + dt_align4(plen);
		} else if (token != DT_NOP) {
			break; /* DT_END or a broken tree */
		}
	}
	return NULL;
}

uint32_t dt_read_u32(const void *dtb, const char *node, const char *prop, uint32_t fallback)
{
	uint32_t len = 0;
	const void *value = dt_find_prop(dtb, node, prop, &len);

	return value && len == 4 ? dt_be32(value) : fallback;
}

unsigned dt_count_children(const void *dtb, const char *node, const char *name)
{
	const char *base = dtb;
	unsigned count = 0;

	if (!dtb || dt_be32(base) != DT_MAGIC)
		return 0;
	const char *st = base + dt_be32(base + DT_OFF_STRUCT);
	uint32_t size = dt_be32(base + DT_SIZE_STRUCT);
	int depth = 0, in_node = 0;

	for (uint32_t off = 0; off + 4 <= size;) {
		uint32_t token = dt_be32(st + off);

		off += 4;
		if (token == DT_BEGIN_NODE) {
			const char *child = st + off;

			depth++;
			if (depth == 2)
				in_node = dt_name_matches(child, node);
			else if (depth == 3 && in_node && dt_name_matches(child, name))
				count++;
			off += dt_align4((uint32_t)strnlen(child, size - off) + 1);
		} else if (token == DT_END_NODE) {
			if (depth-- == 2)
				in_node = 0;
		} else if (token == DT_PROP && off + 8 <= size) {
			off += 8 + dt_align4(dt_be32(st + off));
		} else if (token != DT_NOP) {
			break; /* DT_END or a broken tree */
		}
	}
	return count;
}

uint64_t dt_cells_u64(const void *cells)
{
	const uint8_t *b = cells;

	return (uint64_t)dt_be32(b) << 32 | dt_be32(b + 4);
}
