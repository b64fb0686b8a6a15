/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Console input routing. Erg polls the UART from the tick of the hart that
 * attached it, so input needs no interrupt wiring; the UART's own FIFO holds
 * what arrives between two ticks.
 */
#include "console/console_input.h"
#include "vm/vm_console.h"

#include "console/console.h"
#include "console/monitor.h"
#include "lib/hart.h"
#include "ports/uart_console.h"
#include "vm/guests.h"

static unsigned console_focus;
static bool console_in_monitor;

int console_input_focus(unsigned i)
{
	if (!guests_vm(i))
		return -1;
	console_focus = i;
	return 0;
}

/* Said once each time the monitor closes, however it closes (Ctrl-], exit or focus). */
static void console_input_announce(void)
{
	struct vm *vm = guests_vm(console_focus);

	if (vm)
		console_log("input goes to guest %s (Ctrl-] for the monitor)", vm->config->name);
}

void console_input_byte(char c)
{
	struct vm *vm;

	if (c == CONSOLE_ESCAPE) {
		console_in_monitor = !console_in_monitor;
		if (console_in_monitor)
			monitor_open();
		else
			console_input_announce();
		return;
	}
	if (console_in_monitor) {
		console_in_monitor = monitor_byte(c);
		if (!console_in_monitor)
			console_input_announce();
		return;
	}
	vm = guests_vm(console_focus);
	if (vm && vm->state == VM_RUNNING)
		vm_console_input(vm, c);
}

void console_input_poll(void)
{
	int c;

	struct vm *vm;

	if (!uart_console_is_input_hart(hart_self()))
		return;
	while ((c = uart_console_getc()) >= 0)
		console_input_byte((char)c);
	for (unsigned i = 0; (vm = guests_vm(i)); i++)
		vm_console_tick(vm);
	console_pump(); /* what the wire could not take when it was written */
}
