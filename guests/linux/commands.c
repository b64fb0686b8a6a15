/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The commands of /init's shell, one small function each, found by name
 * in one table: the general ones here, the device ones in the
 * *_commands.c files. Errors print a line and return to the prompt.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/reboot.h>
#include <time.h>
#include <unistd.h>

#include "init.h"

struct command {
	const char *name;
	const char *usage;
	const char *help;
	void (*run)(int argc, char **argv);
};

static void cmd_help(int argc, char **argv);

int parse_number(const char *word, unsigned long long *value)
{
	char *end;

	/* strtoull alone would take leading spaces and a minus sign. */
	if (*word < '0' || *word > '9')
		return -1;
	errno = 0;
	*value = strtoull(word, &end, 0);
	return *end == '\0' && errno == 0 ? 0 : -1;
}

double now_seconds(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

static void cmd_echo(int argc, char **argv)
{
	for (int i = 1; i < argc; i++)
		printf("%s%s", argv[i], i + 1 < argc ? " " : "");
	putchar('\n');
}

static void cmd_cat(int argc, char **argv)
{
	char buf[1024];
	ssize_t n;
	int fd;

	if (argc != 2) {
		printf("usage: cat FILE\n");
		return;
	}
	fd = open(argv[1], O_RDONLY);
	if (fd < 0) {
		printf("cat: %s: %s\n", argv[1], strerror(errno));
		return;
	}
	while ((n = read(fd, buf, sizeof(buf))) > 0)
		fwrite(buf, 1, (size_t)n, stdout);
	if (n < 0)
		printf("cat: %s: %s\n", argv[1], strerror(errno));
	close(fd);
}

static void cmd_ls(int argc, char **argv)
{
	const char *path = argc > 1 ? argv[1] : "/";
	DIR *dir = opendir(path);
	struct dirent *e;

	if (!dir) {
		printf("ls: %s: %s\n", path, strerror(errno));
		return;
	}
	while ((e = readdir(dir)))
		if (strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0)
			printf("%s%s\n", e->d_name, e->d_type == DT_DIR ? "/" : "");
	closedir(dir);
}

static void cmd_uptime(int argc, char **argv)
{
	double up = 0;
	FILE *f = fopen("/proc/uptime", "r");

	(void)argc, (void)argv;
	if (!f || fscanf(f, "%lf", &up) != 1)
		printf("uptime: cannot read /proc/uptime\n");
	else
		printf("up %.2f s\n", up);
	if (f)
		fclose(f);
}

static void cmd_cpus(int argc, char **argv)
{
	(void)argc, (void)argv;
	printf("online CPUs: %d\n", cpus_online());
}

/* RB_POWER_OFF ends the guest through SBI SRST; RB_AUTOBOOT restarts it. */
static void power(int how, const char *name)
{
	sync();
	reboot(how);
	printf("%s: %s\n", name, strerror(errno));
}

static void cmd_poweroff(int argc, char **argv)
{
	(void)argc, (void)argv;
	power(RB_POWER_OFF, "poweroff");
}

static void cmd_reboot(int argc, char **argv)
{
	(void)argc, (void)argv;
	power(RB_AUTOBOOT, "reboot");
}

static const struct command commands[] = {
    {"echo", "echo [WORD...]", "print the words", cmd_echo},
    {"cat", "cat FILE", "print a file", cmd_cat},
    {"ls", "ls [DIR]", "list a directory (default /)", cmd_ls},
    {"uptime", "uptime", "seconds since the kernel started", cmd_uptime},
    {"cpus", "cpus", "count the online CPUs", cmd_cpus},
    {"blkread", "blkread DEV OFFSET LENGTH", "CRC-32 of a byte range of a block device",
     cmd_blkread},
    {"blkwrite", "blkwrite DEV OFFSET LENGTH SEED",
     "write a pattern there, fsync, print its CRC-32", cmd_blkwrite},
    {"blkbench", "blkbench DEV MIB", "O_DIRECT write then read of MIB MiB (overwrites)",
     cmd_blkbench},
    {"mount", "mount DEV DIR [TYPE]", "mount a file system (default ext2)", cmd_mount},
    {"umount", "umount DIR", "unmount a file system", cmd_umount},
    {"sync", "sync", "write cached data to the devices", cmd_sync},
    {"write", "write FILE TEXT...", "put a line of text in a file", cmd_write},
    {"rng", "rng N", "N bytes from /dev/hwrng, in hex", cmd_rng},
    {"net", "net up|serve|ping N|blast N [IF]", "raw frames: N pings, N MiB sent (eth0)", cmd_net},
    {"poweroff", "poweroff", "power the guest off", cmd_poweroff},
    {"reboot", "reboot", "restart the guest", cmd_reboot},
    {"help", "help", "this list", cmd_help},
};

#define N_COMMANDS (sizeof(commands) / sizeof(commands[0]))

static void cmd_help(int argc, char **argv)
{
	(void)argc, (void)argv;
	for (size_t i = 0; i < N_COMMANDS; i++)
		printf("  %-32s %s\n", commands[i].usage, commands[i].help);
}

void command_run(int argc, char **argv)
{
	for (size_t i = 0; i < N_COMMANDS; i++)
		if (strcmp(argv[0], commands[i].name) == 0) {
			commands[i].run(argc, argv);
			return;
		}
	printf("%s: unknown command (try help)\n", argv[0]);
}
