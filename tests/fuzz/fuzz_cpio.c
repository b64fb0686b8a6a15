/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * libFuzzer harness for the boot archive's reader (core/lib/cpio.c). The
 * input is the archive itself, copied to a buffer of exactly its size so
 * that ASan sees any read past its end. Every entry cpio_next returns must
 * lie inside the archive with its name ending in its NUL, the offset must
 * only grow, and cpio_find must agree with the walk for the first name.
 */
#include <assert.h>
#include <stdlib.h>
#include <string.h>

#include "lib/cpio.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check_entry(const uint8_t *buf, size_t size, const struct cpio_entry *e)
{
	const char *name_end = e->name + strlen(e->name);

	assert((const uint8_t *)e->name >= buf && (const uint8_t *)name_end < buf + size);
	assert(e->data >= buf && e->size <= (size_t)(buf + size - e->data));
	(void)cpio_sum(e->data, e->size);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	uint8_t *buf = malloc(size ? size : 1);
	struct cpio_entry e, first = {0}, found;
	size_t off = 0, prev = 0, found_off;
	enum cpio_status status;
	unsigned count = 0;

	memcpy(buf, data, size);
	while ((status = cpio_next(buf, size, &off, &e)) == CPIO_OK) {
		check_entry(buf, size, &e);
		assert(off > prev && off <= size);
		prev = off;
		if (!count++)
			first = e;
	}
	assert(status != CPIO_NOT_FOUND && off == prev);
	if (count && first.name[0] &&
	    cpio_find(buf, size, first.name, &found, &found_off) == CPIO_OK)
		assert(found.data == first.data && found.size == first.size);
	free(buf);
	return 0;
}
