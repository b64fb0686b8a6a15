/*
 * The Linux guest's /init: shared between its start-up (init.c) and its
 * shell commands (commands.c).
 */
#ifndef GUESTS_LINUX_INIT_H
#define GUESTS_LINUX_INIT_H

/* The number of online CPUs, counted in /proc/cpuinfo; -1 when unreadable. */
int cpus_online(void);

/* Runs one command line split into argc words; unknown commands say so. */
void command_run(int argc, char **argv);

#endif
