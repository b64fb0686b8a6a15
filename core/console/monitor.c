/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The monitor reads a line at a time (Enter ends it) and answers with [erg]
 * lines, so its output never mixes with guests' lines.
 */
#include "console/monitor.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "console/console.h"
#include "console/console_input.h"
#include "virtio/uplink.h"
#include "virtio/vswitch.h"
#include "vm/guests.h"

#define MONITOR_LINE_MAX 64

static char monitor_line[MONITOR_LINE_MAX];
static size_t monitor_len;

static const char *const monitor_states[] = {
    [VM_RUNNING] = "running", [VM_STOPPED] = "stopped", [VM_RESTARTING] = "restarting"};

static void monitor_help(void)
{
	console_log("monitor: list | focus GUEST | halt GUEST | restart GUEST | exit "
		    "(GUEST: name or number; Ctrl-] leaves too)");
}

void monitor_open(void)
{
	monitor_len = 0;
	monitor_help();
}

/*
 * A line of its own, so that long exit counts never cut it: the guest's
 * on-crash policy and, under "restart", the crash restarts used.
 */
static void monitor_crash_policy(const struct vm *vm)
{
	const struct config_guest *c = vm->config;

	if (c->on_crash == CONFIG_CRASH_RESTART)
		console_log("guest %s: on-crash restart, %u of %u restarts used", c->name,
			    __atomic_load_n(&vm->restarts, __ATOMIC_RELAXED), c->max_restarts);
	else
		console_log("guest %s: on-crash %s", c->name, config_crash_name(c->on_crash));
}

static void monitor_list_one(unsigned i, const struct vm *vm)
{
	char exits[CONSOLE_LINE_MAX];

	vm_exit_summary(vm, exits, sizeof(exits));
	console_log("%u %-15s %s, %u vCPU%s, exits:%s", i, vm->config->name,
		    monitor_states[vm->state], vm->vcpu_count, vm->vcpu_count == 1 ? "" : "s",
		    exits);
	monitor_crash_policy(vm);
	vm_log_accounting(vm);
}

static void monitor_list(void)
{
	struct vm *vm;

	for (unsigned i = 0; (vm = guests_vm(i)); i++)
		monitor_list_one(i, vm);
	vswitch_log();
	uplink_log();
}

/* A guest by name or number. */
static struct vm *monitor_guest(const char *arg)
{
	char *end;
	unsigned long i = strtoul(arg, &end, 10);

	if (*arg && !*end)
		return guests_vm((unsigned)i);
	return guests_find(arg);
}

/* Run one command; false when the monitor closes. */
static bool monitor_command(const char *cmd, const char *arg)
{
	struct vm *vm = monitor_guest(arg);

	if (!strcmp(cmd, "list")) {
		monitor_list();
	} else if (!strcmp(cmd, "exit")) {
		return false;
	} else if (strcmp(cmd, "focus") && strcmp(cmd, "halt") && strcmp(cmd, "restart")) {
		monitor_help();
	} else if (!vm) {
		console_log("monitor: no guest \"%s\"", arg);
	} else if (!strcmp(cmd, "focus")) {
		console_input_focus(vm->index);
		return false;
	} else if (!strcmp(cmd, "halt")) {
		vm_stop(vm, "halted from the monitor");
	} else {
		/* The operator's restart gives the guest its whole crash-restart and reboot budgets
		 * again. */
		__atomic_store_n(&vm->restarts, 0, __ATOMIC_RELAXED);
		vm->quick_reboots = 0;
		vm_reboot(vm);
	}
	return true;
}

bool monitor_byte(char c)
{
	char *arg;

	if (c != '\r' && c != '\n') {
		if (monitor_len + 1 < MONITOR_LINE_MAX)
			monitor_line[monitor_len++] = c;
		return true;
	}
	monitor_line[monitor_len] = '\0';
	monitor_len = 0;
	if (!monitor_line[0])
		return true;
	console_log("erg> %s", monitor_line);
	arg = strchr(monitor_line, ' ');
	if (arg)
		*arg++ = '\0';
	return monitor_command(monitor_line, arg ? arg : "");
}
