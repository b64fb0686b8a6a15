/*
 * A guest's console output, gathered into whole lines so that lines of
 * different guests never mix: each goes out as "[name] text".
 */
#include <stdio.h>

#include "console.h"
#include "vm.h"

static void vm_console_flush(struct vm *vm)
{
	char prefix[CONFIG_NAME_MAX + 4];

	snprintf(prefix, sizeof(prefix), "[%s] ", vm->config->name);
	console_write_line(prefix, vm->line, vm->line_len);
	vm->line_len = 0;
}

void vm_console_putc(struct vm *vm, char c)
{
	spin_lock(&vm->lock);
	if (c == '\n') {
		vm_console_flush(vm);
	} else if (c != '\r') {
		if (vm->line_len == VM_LINE_MAX)
			vm_console_flush(vm);
		vm->line[vm->line_len++] = c;
	}
	spin_unlock(&vm->lock);
}
