/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * A second shell on the virtio console. When a virtio console device is
 * bound to its driver, init forks a child that becomes a session leader,
 * takes /dev/hvc0 as its controlling terminal and stdin/stdout/stderr, and
 * runs the same shell there; init keeps its own on the UART. The kernel's
 * SBI console (CONFIG_HVC_RISCV_SBI), which would take hvc0 first, is left
 * out of guests/linux/kernel.config, so hvc0 is the virtio console's first
 * console port.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "init.h"

#define VIRTIO_CONSOLE_DRIVER "/sys/bus/virtio/drivers/virtio_console"
#define HVC_DEVICE	      "/dev/hvc0"
/* The driver adds its ports after init has started, when the device
 * announces them: the child waits for the tty this long. */
#define HVC_WAIT     10.0
#define HVC_RETRY_US 100000

/* Whether a virtio device is bound to the console driver: its sysfs folder
 * then holds a link named after the device (virtio0, ...). */
static int virtio_console_present(void)
{
	DIR *dir = opendir(VIRTIO_CONSOLE_DRIVER);
	struct dirent *e;
	int found = 0;

	if (!dir)
		return 0;
	while ((e = readdir(dir)))
		if (strncmp(e->d_name, "virtio", 6) == 0)
			found = 1;
	closedir(dir);
	return found;
}

static int hvc_open(void)
{
	double deadline = now_seconds() + HVC_WAIT;
	int fd;

	while ((fd = open(HVC_DEVICE, O_RDWR)) < 0 && now_seconds() < deadline)
		usleep(HVC_RETRY_US);
	return fd;
}

/* The child: it never returns. */
static void hvc_shell(void)
{
	int fd;

	/* A new session, so that the first tty opened becomes its terminal. */
	setsid();
	fd = hvc_open();
	if (fd < 0) {
		printf("erg-init: no shell on hvc0: open %s: %s\n", HVC_DEVICE, strerror(errno));
		_exit(1);
	}
	dup2(fd, 0);
	dup2(fd, 1);
	dup2(fd, 2);
	if (fd > 2)
		close(fd);
	printf("erg-init: shell on hvc0\n");
	shell_run();
}

void hvc_shell_start(void)
{
	pid_t pid;

	if (!virtio_console_present())
		return;
	pid = fork();
	if (pid == 0)
		hvc_shell();
	if (pid < 0)
		printf("erg-init: no shell on hvc0: fork: %s\n", strerror(errno));
}
