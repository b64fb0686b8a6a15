/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * A reader of cpio "newc" archives (magic 070701) and of their checksummed
 * form "crc" (070702), the format of the boot loader's archive of guest
 * images. It only reads: every field is checked against the archive's end
 * before it is used, so a damaged or hostile archive gives an error, never a
 * read outside it.
 */
#ifndef CORE_LIB_CPIO_H
#define CORE_LIB_CPIO_H

#include "lib/types.h"

#define CPIO_HEADER_LEN 110

enum cpio_status {
	CPIO_OK,
	CPIO_END,	/* the trailer entry: no more files */
	CPIO_NOT_FOUND, /* cpio_find only */
	CPIO_BAD_MAGIC,
	CPIO_BAD_FIELD, /* a header field that is not 8 hex digits */
	CPIO_BAD_NAME,	/* a name that is empty or does not end in its NUL */
	CPIO_TRUNCATED, /* a header, name or data running past the archive's end */
};

/* One file of an archive; name and data point into the archive. */
struct cpio_entry {
	const char *name; /* NUL-terminated, without a leading "./" */
	const uint8_t *data;
	size_t size;
	bool has_check; /* a 070702 entry: check is the sum of its data's bytes */
	uint32_t check;
};

/*
 * The entry at *offset of the archive (size bytes at base); on CPIO_OK,
 * *offset moves to the next one. CPIO_END at the trailer; an error leaves
 * *offset at the entry at fault.
 */
enum cpio_status cpio_next(const void *base, size_t size, size_t *offset, struct cpio_entry *e);

/* The first file called name ("./" prefixes ignored on both sides); *offset as cpio_next's. */
enum cpio_status cpio_find(const void *base, size_t size, const char *name, struct cpio_entry *e,
			   size_t *offset);

/* The 32-bit sum of every byte of data, as a 070702 header's check field holds it. */
uint32_t cpio_sum(const void *data, size_t size);

/* A few words on status, for messages. */
const char *cpio_status_text(enum cpio_status status);

#endif
