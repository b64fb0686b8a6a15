/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * erg-config-check: the build's gate for partition configs. It runs the
 * hypervisor's own parser (core/config/) on a DTB compiled by dtc and
 * reports the first broken rule as "FILE: /node/path: reason", so a bad
 * config fails `make` before an image is linked.
 *
 * Usage: erg-config-check [--files] SOURCE.dts COMPILED.dtb
 * SOURCE only names the file in messages. Exit 0 silently when the config
 * is valid, 1 when it breaks a rule, 2 on usage or I/O errors. With --files
 * a valid config's kernel-file and initrd-file names are printed, one per
 * line, each once: the files the build puts in the boot archive.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libfdt.h>

#include "config/config.h"

/* The largest DTB accepted; guest images are embedded, so allow plenty. */
#define CONFIG_CHECK_MAX_BLOB (1L << 30)

static void *config_check_read(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	void *buf = NULL;
	long size = -1;

	if (!f)
		return NULL;
	if (fseek(f, 0, SEEK_END) == 0)
		size = ftell(f);
	if (size > 0 && size <= CONFIG_CHECK_MAX_BLOB && fseek(f, 0, SEEK_SET) == 0) {
		buf = malloc((size_t)size);
		if (buf && fread(buf, 1, (size_t)size, f) != (size_t)size) {
			free(buf);
			buf = NULL;
		}
	}
	if (!buf && !errno)
		errno = EINVAL;
	*len = buf ? (size_t)size : 0;
	fclose(f);
	return buf;
}

/* Print each name once, in config order, adding it to seen (count entries). */
static void config_check_print_once(const char *name, const char **seen, size_t *count)
{
	for (size_t i = 0; name && i < *count; i++)
		if (!strcmp(seen[i], name))
			return;
	if (name) {
		seen[(*count)++] = name;
		printf("%s\n", name);
	}
}

static void config_check_print_files(const struct config *cfg)
{
	const char *seen[2 * CONFIG_MAX_GUESTS];
	size_t count = 0;

	for (size_t i = 0; i < cfg->guest_count; i++) {
		config_check_print_once(cfg->guests[i].kernel.file, seen, &count);
		config_check_print_once(cfg->guests[i].initrd.file, seen, &count);
	}
}

int main(int argc, char **argv)
{
	static struct config cfg;
	bool files = argc == 4 && !strcmp(argv[1], "--files");
	char err[256];
	size_t len;
	void *blob;

	argv += files;
	argc -= files;
	if (argc != 3) {
		fprintf(stderr, "usage: %s [--files] SOURCE.dts COMPILED.dtb\n", argv[0]);
		return 2;
	}
	errno = 0;
	blob = config_check_read(argv[2], &len);
	if (!blob) {
		fprintf(stderr, "%s: cannot read %s: %s\n", argv[1], argv[2], strerror(errno));
		return 2;
	}
	/* The parser trusts the header's size; a short file would be read past its end. */
	if (len < sizeof(struct fdt_header) || fdt_totalsize(blob) > len) {
		fprintf(stderr, "%s: %s is not a complete DTB\n", argv[1], argv[2]);
		free(blob);
		return 2;
	}
	if (config_parse(blob, &cfg, err, sizeof(err))) {
		fprintf(stderr, "%s: %s\n", argv[1], err);
		free(blob);
		return 1;
	}
	if (files)
		config_check_print_files(&cfg);
	free(blob);
	return 0;
}
