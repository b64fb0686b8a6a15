/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Device commands of /init's shell: bytes from the hardware random number
 * generator (/dev/hwrng, fed by a virtio-rng device), printed in hex.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "init.h"

#define RNG_DEVICE   "/dev/hwrng"
#define RNG_MAX	     256 /* bytes: one line of hex */
#define RNG_TIMEOUT  5.0 /* seconds for a device that never delivers */
#define RNG_RETRY_US 1000

/* Fills buf from the device. It is opened non-blocking and polled by
 * hand, because /dev/hwrng has no poll: a device that never answers would
 * otherwise hang PID 1's shell. 0 on success, else -1 with errno set. */
static int rng_read(int fd, unsigned char *buf, size_t len)
{
	double deadline = now_seconds() + RNG_TIMEOUT;
	size_t got = 0;

	while (got < len) {
		ssize_t n = read(fd, buf + got, len - got);

		if (n > 0) {
			got += (size_t)n;
			continue;
		}
		if (n == 0)
			errno = EIO;
		else if (errno != EAGAIN && errno != EINTR)
			return -1;
		if (now_seconds() > deadline)
			return -1;
		usleep(RNG_RETRY_US);
	}
	return 0;
}

void cmd_rng(int argc, char **argv)
{
	unsigned char buf[RNG_MAX];
	char hex[2 * RNG_MAX + 1];
	unsigned long long n;
	int fd;

	if (argc != 2 || parse_number(argv[1], &n) != 0 || n == 0 || n > RNG_MAX) {
		printf("usage: rng N (1 to %d bytes)\n", RNG_MAX);
		return;
	}
	fd = open(RNG_DEVICE, O_RDONLY | O_NONBLOCK);
	if (fd < 0) {
		printf("rng: open %s: %s\n", RNG_DEVICE, strerror(errno));
		return;
	}
	if (rng_read(fd, buf, (size_t)n) != 0) {
		printf("rng: read %s: %s\n", RNG_DEVICE, strerror(errno));
	} else {
		for (size_t i = 0; i < n; i++)
			sprintf(hex + 2 * i, "%02x", buf[i]);
		printf("rng: %llu bytes %s\n", n, hex);
	}
	close(fd);
}
