/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * cpio "newc" and "crc" archives. Each entry is a 110-byte header of ASCII
 * text (a 6-digit magic and 13 fields of 8 hex digits), the name with its
 * NUL padded so that header and name end on a multiple of 4, then the data
 * padded to 4. The entry named TRAILER!!! ends the archive.
 */
#include "lib/cpio.h"

#include <string.h>

#define CPIO_MAGIC_LEN	 6
#define CPIO_FIELD_LEN	 8
#define CPIO_FIELD_SIZE	 6 /* filesize, counting fields after the magic from 0 */
#define CPIO_FIELD_NAME	 11
#define CPIO_FIELD_CHECK 12
#define CPIO_TRAILER	 "TRAILER!!!"

static int cpio_hex_digit(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* Field index of the header at h; false when it is not 8 hex digits. */
static bool cpio_field(const char *h, unsigned index, uint32_t *out)
{
	const char *f = h + CPIO_MAGIC_LEN + index * CPIO_FIELD_LEN;
	uint32_t value = 0;

	for (unsigned i = 0; i < CPIO_FIELD_LEN; i++) {
		int digit = cpio_hex_digit(f[i]);

		if (digit < 0)
			return false;
		value = value << 4 | (uint32_t)digit;
	}
	*out = value;
	return true;
}

static const char *cpio_strip(const char *name)
{
	while (name[0] == '.' && name[1] == '/')
		name += 2;
	return name;
}

/* The name of the entry at h (namesize bytes with the NUL); NULL when malformed. */
static const char *cpio_name(const char *h, uint32_t namesize)
{
	const char *name = h + CPIO_HEADER_LEN;

	if (namesize < 2 || name[namesize - 1] != '\0' || memchr(name, '\0', namesize - 1))
		return NULL;
	return name;
}

enum cpio_status cpio_next(const void *base, size_t size, size_t *offset, struct cpio_entry *e)
{
	const char *h, *name;
	size_t left, name_end, data_end;
	uint32_t filesize, namesize, check;

	if (*offset > size || size - *offset < CPIO_HEADER_LEN)
		return CPIO_TRUNCATED;
	h = (const char *)base + *offset;
	left = size - *offset;
	if (memcmp(h, "070701", CPIO_MAGIC_LEN) && memcmp(h, "070702", CPIO_MAGIC_LEN))
		return CPIO_BAD_MAGIC;
	for (unsigned i = 0; i <= CPIO_FIELD_CHECK; i++)
		if (!cpio_field(h, i, &check))
			return CPIO_BAD_FIELD;
	cpio_field(h, CPIO_FIELD_SIZE, &filesize);
	cpio_field(h, CPIO_FIELD_NAME, &namesize);
	/* 64-bit sums: neither a 32-bit field nor its padding can wrap them. */
	name_end = ALIGN_UP((uint64_t)CPIO_HEADER_LEN + namesize, 4);
	if (name_end > left)
		return CPIO_TRUNCATED;
	name = cpio_name(h, namesize);
	if (!name)
		return CPIO_BAD_NAME;
	if (!strcmp(name, CPIO_TRAILER))
		return CPIO_END;
	data_end = name_end + ALIGN_UP((uint64_t)filesize, 4);
	if (data_end > left)
		return CPIO_TRUNCATED;
	*e = (struct cpio_entry){cpio_strip(name), (const uint8_t *)h + name_end, filesize,
				 h[CPIO_MAGIC_LEN - 1] == '2', check};
	*offset += data_end;
	return CPIO_OK;
}

enum cpio_status cpio_find(const void *base, size_t size, const char *name, struct cpio_entry *e,
			   size_t *offset)
{
	enum cpio_status status;

	*offset = 0;
	name = cpio_strip(name);
	while ((status = cpio_next(base, size, offset, e)) == CPIO_OK)
		if (!strcmp(e->name, name))
			return CPIO_OK;
	return status == CPIO_END ? CPIO_NOT_FOUND : status;
}

uint32_t cpio_sum(const void *data, size_t size)
{
	const uint8_t *p = data;
	uint32_t sum = 0;

	for (size_t i = 0; i < size; i++)
		sum += p[i];
	return sum;
}

const char *cpio_status_text(enum cpio_status status)
{
	switch (status) {
	case CPIO_OK:
		return "ok";
	case CPIO_END:
		return "end of archive";
	case CPIO_NOT_FOUND:
		return "not in the archive";
	case CPIO_BAD_MAGIC:
		return "not a cpio newc or crc header";
	case CPIO_BAD_FIELD:
		return "a header field is not hex";
	case CPIO_BAD_NAME:
		return "a malformed name";
	case CPIO_TRUNCATED:
		return "cut short";
	}
	return "unknown";
}
