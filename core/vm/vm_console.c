/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * A guest's console: output gathered into whole lines so that lines of
 * different guests never mix, each going out as "[name] text" (a partial
 * line that sits idle, like a prompt, goes out on its own); input kept in a
 * small ring, from which its UART takes what its receiver has room for, or
 * its SBI console reads take it. A whole line waits here while the guest's
 * share of the console queue is full: SBI DBCN writes then take fewer bytes,
 * and bytes from its devices, which cannot be refused, are dropped and
 * counted, so a guest that floods the console slows only itself.
 */
#include <stdio.h>

#include "console/console.h"
#include "vm/vm.h"
#include "vm/vm_console.h"

/* Send the line to the console; false when the guest's share of the console queue is full. */
static bool vm_console_flush(struct vm *vm)
{
	char prefix[CONFIG_NAME_MAX + 4];

	snprintf(prefix, sizeof(prefix), "[%s] ", vm->config->name);
	if (!console_write_guest_line(vm->index, prefix, vm->line, vm->line_len))
		return false;
	vm->line_len = 0;
	vm->line_len_seen = 0;
	vm->line_done = false;
	return true;
}

/* The line is whole (a newline, or it filled up): it goes out as soon as there is room. */
static void vm_console_end_line(struct vm *vm)
{
	vm->line_done = true;
	vm_console_flush(vm);
}

bool vm_console_try_putc(struct vm *vm, char c)
{
	bool taken = true;

	/* A whole line still waiting for room: refuse at once, without the guest's lock. */
	if (__atomic_load_n(&vm->line_done, __ATOMIC_ACQUIRE) &&
	    !console_guest_may_have_room(vm->index, CONFIG_NAME_MAX + 4 + VM_LINE_MAX + 1))
		return false;
	spin_lock(&vm->lock);
	if (vm->line_done && !vm_console_flush(vm)) {
		taken = false;
	} else if (c == '\n') {
		vm_console_end_line(vm);
	} else if (c != '\r') {
		vm->line[vm->line_len++] = c;
		if (vm->line_len == VM_LINE_MAX)
			vm_console_end_line(vm);
	}
	spin_unlock(&vm->lock);
	return taken;
}

void vm_console_putc(struct vm *vm, char c)
{
	if (!vm_console_try_putc(vm, c))
		__atomic_fetch_add(&vm->console_dropped, 1, __ATOMIC_RELAXED);
}

/*
 * Move waiting input into the guest's live virtio console, else into its
 * UART as far as its receiver has room.
 */
static void vm_console_drain(struct vm *vm)
{
	int c;

	if (vm_virtio_console_drain(vm))
		return;
	while (vm->config->uart && !vuart_rx_full(&vm->uart) && (c = vm_console_getc(vm)) >= 0)
		vuart_receive(&vm->uart, (char)c);
}

void vm_console_tick(struct vm *vm)
{
	spin_lock(&vm->lock);
	if (vm->line_done)
		vm_console_flush(vm);
	else if (!vm->line_len || vm->line_len != vm->line_len_seen)
		vm->line_idle_ticks = 0;
	else if (++vm->line_idle_ticks == VM_PROMPT_TICKS)
		vm_console_end_line(vm);
	vm->line_len_seen = vm->line_len;
	spin_unlock(&vm->lock);
	vm_console_drain(vm);
}

void vm_console_reset(struct vm *vm)
{
	spin_lock(&vm->lock);
	/* The old life's last words, on a line of their own, or dropped if they find no room. */
	if (vm->line_len && !vm_console_flush(vm))
		__atomic_fetch_add(&vm->console_dropped, vm->line_len, __ATOMIC_RELAXED);
	vm->line_len = vm->line_len_seen = 0;
	vm->line_done = false;
	vm->line_idle_ticks = 0;
	vm->input_head = vm->input_tail = 0;
	spin_unlock(&vm->lock);
}

void vm_console_input(struct vm *vm, char c)
{
	spin_lock(&vm->lock);
	if (vm->input_head - vm->input_tail < VM_INPUT_MAX)
		vm->input[vm->input_head++ % VM_INPUT_MAX] = c;
	spin_unlock(&vm->lock);
	vm_console_drain(vm);
}

int vm_console_getc(struct vm *vm)
{
	int c = -1;

	spin_lock(&vm->lock);
	if (vm->input_head != vm->input_tail)
		c = (unsigned char)vm->input[vm->input_tail++ % VM_INPUT_MAX];
	spin_unlock(&vm->lock);
	return c;
}
