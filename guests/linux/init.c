/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * /init of the Linux guest: a static program that is the whole userspace.
 * It mounts devtmpfs, proc and sysfs, prints a banner that tests wait for,
 * then reads commands from the console (the kernel opened /dev/console as
 * fds 0-2 for it), and from the virtio console too when there is one. As
 * PID 1 it must never exit: the kernel would panic.
 */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/utsname.h>
#include <sys/wait.h>
#include <unistd.h>

#include "init.h"

#define MAX_ARGS 16

static void mount_fs(const char *type, const char *dir)
{
	mkdir(dir, 0755);
	/* EBUSY: the kernel mounted it already (devtmpfs with DEVTMPFS_MOUNT). */
	if (mount(type, dir, type, 0, NULL) != 0 && errno != EBUSY)
		printf("erg-init: mount %s on %s: %s\n", type, dir, strerror(errno));
}

/* The hart's time counter (timebase ticks since the machine started): with
 * QEMU's -icount it tells how much the boot took, natively and under Erg. */
static unsigned long time_counter(void)
{
	unsigned long t;

	__asm__ volatile("rdtime %0" : "=r"(t));
	return t;
}

int cpus_online(void)
{
	FILE *f = fopen("/proc/cpuinfo", "r");
	char line[256];
	int n = 0;

	if (!f)
		return -1;
	while (fgets(line, sizeof(line), f))
		if (strncmp(line, "processor", 9) == 0)
			n++;
	fclose(f);
	return n;
}

static int split_words(char *line, char **argv)
{
	int argc = 0;

	for (char *word = strtok(line, " \t\r\n"); word && argc < MAX_ARGS;
	     word = strtok(NULL, " \t\r\n"))
		argv[argc++] = word;
	return argc;
}

/* PID 1 inherits every orphan, and the shells start background children
 * (net serve, the hvc shell): each is reaped as soon as it ends. */
static void reap_children(int sig)
{
	int saved = errno;

	(void)sig;
	while (waitpid(-1, NULL, WNOHANG) > 0)
		;
	errno = saved;
}

static void reap_children_install(void)
{
	struct sigaction sa = {.sa_handler = reap_children};

	/* SA_RESTART: a child ending must not cut the shell's read short. */
	sa.sa_flags = SA_RESTART | SA_NOCLDSTOP;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGCHLD, &sa, NULL);
}

void shell_run(void)
{
	char line[512];
	char *argv[MAX_ARGS];

	for (;;) {
		fputs("# ", stdout);
		if (!fgets(line, sizeof(line), stdin)) {
			/* Ctrl-D on an empty line: show a fresh prompt. A console
			 * that fails to read is retried once a second, not spun on. */
			if (ferror(stdin))
				sleep(1);
			clearerr(stdin);
			putchar('\n');
			continue;
		}
		int argc = split_words(line, argv);
		if (argc > 0)
			command_run(argc, argv);
	}
}

int main(void)
{
	struct utsname u;

	setvbuf(stdout, NULL, _IONBF, 0);
	reap_children_install();
	mount_fs("devtmpfs", "/dev");
	mount_fs("proc", "/proc");
	mount_fs("sysfs", "/sys");
	uname(&u);
	printf("erg-init: Linux %s up, %d CPUs online\n", u.release, cpus_online());
	printf("erg-init: time counter at start: %lu\n", time_counter());
	printf("erg-init: type help for the commands\n");
	hvc_shell_start();
	shell_run();
}
