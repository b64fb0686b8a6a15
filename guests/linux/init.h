/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The Linux guest's /init: shared between its start-up (init.c, hvc_shell.c)
 * and its shell commands (commands.c and the *_commands.c files, whose
 * commands the table of commands.c lists).
 */
#ifndef GUESTS_LINUX_INIT_H
#define GUESTS_LINUX_INIT_H

/* The number of online CPUs, counted in /proc/cpuinfo; -1 when unreadable. */
int cpus_online(void);

/* Reads command lines from stdin and runs them, forever. */
void shell_run(void);

/* Starts a second shell on the virtio console /dev/hvc0 when the machine
 * has one, in a child process; the caller keeps its own shell. */
void hvc_shell_start(void);

/* Runs one command line split into argc words; unknown commands say so. */
void command_run(int argc, char **argv);

/* Parses a whole word as an unsigned number (decimal, or hex after 0x);
 * 0 on success, -1 when the word is not a number. */
int parse_number(const char *word, unsigned long long *value);

/* Seconds on CLOCK_MONOTONIC, for the benchmarks and timeouts. */
double now_seconds(void);

/* blk_commands.c: block devices read and written at byte offsets. */
void cmd_blkread(int argc, char **argv);
void cmd_blkwrite(int argc, char **argv);
void cmd_blkbench(int argc, char **argv);

/* fs_commands.c: mounting file systems and writing files. */
void cmd_mount(int argc, char **argv);
void cmd_umount(int argc, char **argv);
void cmd_sync(int argc, char **argv);
void cmd_write(int argc, char **argv);

/* dev_commands.c: the entropy device. */
void cmd_rng(int argc, char **argv);

/* net_commands.c: raw Ethernet frames between two guests. */
void cmd_net(int argc, char **argv);

#endif
