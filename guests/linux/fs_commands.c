/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * File system commands of /init's shell: mount a block device, unmount it,
 * flush the caches, and write a line of text into a file (cat reads it
 * back). Each prints one line saying what it did, or why it could not.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <unistd.h>

#include "init.h"

void cmd_mount(int argc, char **argv)
{
	const char *type = argc > 3 ? argv[3] : "ext2";

	if (argc < 3 || argc > 4) {
		printf("usage: mount DEV DIR [TYPE]\n");
		return;
	}
	if (mkdir(argv[2], 0755) != 0 && errno != EEXIST) {
		printf("mount: mkdir %s: %s\n", argv[2], strerror(errno));
		return;
	}
	if (mount(argv[1], argv[2], type, 0, NULL) != 0)
		printf("mount: %s on %s (%s): %s\n", argv[1], argv[2], type, strerror(errno));
	else
		printf("mount: %s on %s type %s\n", argv[1], argv[2], type);
}

void cmd_umount(int argc, char **argv)
{
	if (argc != 2) {
		printf("usage: umount DIR\n");
		return;
	}
	if (umount(argv[1]) != 0)
		printf("umount: %s: %s\n", argv[1], strerror(errno));
	else
		printf("umount: %s unmounted\n", argv[1]);
}

void cmd_sync(int argc, char **argv)
{
	(void)argv;
	if (argc != 1) {
		printf("usage: sync\n");
		return;
	}
	sync();
	printf("sync: done\n");
}

/* Writes all of buf, resuming after short writes; 0 on success. */
static int write_all(int fd, const char *buf, size_t len)
{
	while (len > 0) {
		ssize_t n = write(fd, buf, len);

		if (n < 0)
			return -1;
		buf += n;
		len -= (size_t)n;
	}
	return 0;
}

void cmd_write(int argc, char **argv)
{
	char text[512];
	size_t len = 0;
	int fd;

	if (argc < 3) {
		printf("usage: write FILE TEXT...\n");
		return;
	}
	/* The shell's line holds at most 511 characters, so the words fit. */
	for (int i = 2; i < argc; i++)
		len += (size_t)snprintf(text + len, sizeof(text) - len, "%s%s", argv[i],
					i + 1 < argc ? " " : "\n");
	fd = open(argv[1], O_WRONLY | O_CREAT | O_TRUNC, 0644);
	if (fd < 0) {
		printf("write: open %s: %s\n", argv[1], strerror(errno));
		return;
	}
	if (write_all(fd, text, len) != 0) {
		printf("write: %s: %s\n", argv[1], strerror(errno));
		close(fd);
	} else if (close(fd) != 0) {
		printf("write: close %s: %s\n", argv[1], strerror(errno));
	} else {
		printf("write: %zu bytes to %s\n", len, argv[1]);
	}
}
