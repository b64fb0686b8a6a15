/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Block device commands of /init's shell: read or write a byte range of a
 * device such as /dev/vda and print the CRC-32 of the bytes (the CRC of
 * zlib and Ethernet, so a test on the host checks them with zlib.crc32),
 * and a sequential O_DIRECT throughput benchmark.
 *
 * The pattern blkwrite writes, for a test to rebuild: byte i of the range
 * (i counted from OFFSET, not from the start of the device) is
 *     (((i + SEED) * 2654435761) mod 2^32) >> 24
 * which does not repeat every sector, so a write landing at the wrong
 * offset cannot look right.
 */
#define _GNU_SOURCE /* O_DIRECT */
#include <errno.h>
#include <fcntl.h>
#include <linux/fs.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "init.h"

#define CHUNK	  (64 * 1024) /* bytes per read or write request */
#define DIRECT_AL 4096	      /* O_DIRECT buffer alignment, a page */
#define MIB	  (1024ULL * 1024)

static uint32_t crc_table[256];

/* The reflected CRC-32 of polynomial 0x04c11db7, table built on first use. */
static uint32_t crc32_update(uint32_t crc, const unsigned char *p, size_t n)
{
	if (!crc_table[1])
		for (uint32_t i = 0; i < 256; i++) {
			uint32_t c = i;

			for (int k = 0; k < 8; k++)
				c = c & 1 ? 0xedb88320u ^ (c >> 1) : c >> 1;
			crc_table[i] = c;
		}
	crc = ~crc;
	while (n--)
		crc = crc_table[(crc ^ *p++) & 0xff] ^ (crc >> 8);
	return ~crc;
}

static void pattern_fill(unsigned char *buf, size_t n, unsigned long long first,
			 unsigned long long seed)
{
	for (size_t i = 0; i < n; i++)
		buf[i] = (unsigned char)((uint32_t)((first + i + seed) * 2654435761u) >> 24);
}

/* Checks that the command has argc words, all numbers after the device,
 * into v; prints the usage line and returns -1 otherwise. */
static int parse_args(int argc, char **argv, int want, unsigned long long *v, const char *usage)
{
	for (int i = 2; i < want && argc == want; i++)
		if (parse_number(argv[i], &v[i - 2]) != 0)
			argc = -1;
	if (argc == want)
		return 0;
	printf("usage: %s\n", usage);
	return -1;
}

/* Reads exactly len bytes at off, or says why not; 0 on success. */
static int read_at(const char *name, const char *dev, int fd, void *buf, size_t len,
		   unsigned long long off)
{
	ssize_t n = pread(fd, buf, len, (off_t)off);

	if (n < 0) {
		printf("%s: read %s at %llu: %s\n", name, dev, off, strerror(errno));
		return -1;
	}
	if ((size_t)n != len) {
		printf("%s: read %s at %llu: end of device\n", name, dev, off + (size_t)n);
		return -1;
	}
	return 0;
}

static int write_at(const char *name, const char *dev, int fd, const void *buf, size_t len,
		    unsigned long long off)
{
	ssize_t n = pwrite(fd, buf, len, (off_t)off);

	if (n < 0) {
		printf("%s: write %s at %llu: %s\n", name, dev, off, strerror(errno));
		return -1;
	}
	if ((size_t)n != len) {
		printf("%s: write %s at %llu: end of device\n", name, dev, off + (size_t)n);
		return -1;
	}
	return 0;
}

static int open_dev(const char *name, const char *dev, int flags)
{
	int fd = open(dev, flags);

	if (fd < 0)
		printf("%s: open %s: %s\n", name, dev, strerror(errno));
	return fd;
}

void cmd_blkread(int argc, char **argv)
{
	static unsigned char buf[CHUNK];
	unsigned long long v[2], done;
	uint32_t crc = 0;
	int fd;

	if (parse_args(argc, argv, 4, v, "blkread DEV OFFSET LENGTH") != 0)
		return;
	fd = open_dev("blkread", argv[1], O_RDONLY);
	if (fd < 0)
		return;
	for (done = 0; done < v[1]; done += CHUNK) {
		size_t n = v[1] - done < CHUNK ? (size_t)(v[1] - done) : CHUNK;

		if (read_at("blkread", argv[1], fd, buf, n, v[0] + done) != 0)
			break;
		crc = crc32_update(crc, buf, n);
	}
	if (done >= v[1])
		printf("blkread: %llu bytes at %llu crc32 0x%08x\n", v[1], v[0], crc);
	close(fd);
}

void cmd_blkwrite(int argc, char **argv)
{
	static unsigned char buf[CHUNK];
	unsigned long long v[3], done;
	uint32_t crc = 0;
	int fd;

	if (parse_args(argc, argv, 5, v, "blkwrite DEV OFFSET LENGTH SEED") != 0)
		return;
	fd = open_dev("blkwrite", argv[1], O_WRONLY);
	if (fd < 0)
		return;
	for (done = 0; done < v[1]; done += CHUNK) {
		size_t n = v[1] - done < CHUNK ? (size_t)(v[1] - done) : CHUNK;

		pattern_fill(buf, n, done, v[2]);
		if (write_at("blkwrite", argv[1], fd, buf, n, v[0] + done) != 0)
			break;
		crc = crc32_update(crc, buf, n);
	}
	/* A failed write said why already. */
	if (done >= v[1] && fsync(fd) != 0)
		printf("blkwrite: fsync %s: %s\n", argv[1], strerror(errno));
	else if (done >= v[1])
		printf("blkwrite: %llu bytes at %llu crc32 0x%08x\n", v[1], v[0], crc);
	close(fd);
}

static void bench_report(const char *what, unsigned long long mib, double start)
{
	double s = now_seconds() - start;

	printf("blkbench: %s %llu MiB in %.3f s, %.2f MiB/s\n", what, mib, s,
	       s > 0 ? (double)mib / s : 0.0);
}

/* Writes then reads back mib MiB from offset 0 in CHUNK requests that
 * bypass the page cache, printing the rate of each pass. */
static void bench_run(const char *dev, int fd, unsigned char *buf, unsigned long long mib)
{
	unsigned long long off, end = mib * MIB;
	double start = now_seconds();

	for (off = 0; off < end; off += CHUNK)
		if (write_at("blkbench", dev, fd, buf, CHUNK, off) != 0)
			return;
	if (fsync(fd) != 0) {
		printf("blkbench: fsync %s: %s\n", dev, strerror(errno));
		return;
	}
	bench_report("write", mib, start);
	start = now_seconds();
	for (off = 0; off < end; off += CHUNK)
		if (read_at("blkbench", dev, fd, buf, CHUNK, off) != 0)
			return;
	bench_report("read", mib, start);
}

void cmd_blkbench(int argc, char **argv)
{
	unsigned long long mib, size = 0;
	void *buf = NULL;
	int fd, err;

	if (argc != 3 || parse_number(argv[2], &mib) != 0 || mib == 0) {
		printf("usage: blkbench DEV MIB\n");
		return;
	}
	fd = open_dev("blkbench", argv[1], O_RDWR | O_DIRECT);
	if (fd < 0)
		return;
	if (ioctl(fd, BLKGETSIZE64, &size) != 0) {
		printf("blkbench: size of %s: %s\n", argv[1], strerror(errno));
	} else if (mib > size / MIB) {
		printf("blkbench: %s: holds only %llu MiB\n", argv[1], size / MIB);
	} else if ((err = posix_memalign(&buf, DIRECT_AL, CHUNK)) != 0) {
		printf("blkbench: buffer: %s\n", strerror(err));
	} else {
		pattern_fill(buf, CHUNK, 0, mib);
		bench_run(argv[1], fd, buf, mib);
	}
	free(buf);
	close(fd);
}
