/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * A guest's console: its output gathered into whole lines that go out as
 * "[name] text", and the input typed for it kept until it reads it.
 */
#ifndef CORE_VM_VM_CONSOLE_H
#define CORE_VM_VM_CONSOLE_H

/* A partial line idle this many ticks is a prompt, not a line cut by a descheduling. */
#define VM_PROMPT_TICKS 20

struct vm;

#include <stdbool.h>

/*
 * Guest console output, one byte at a time; whole lines go out as "[name] ...".
 * False when the byte was not taken: the guest's last line still waits for room.
 */
bool vm_console_try_putc(struct vm *vm, char c);

/* The same for output that cannot wait (UARTs, legacy SBI): a byte not taken is counted dropped. */
void vm_console_putc(struct vm *vm, char c);

/* Each tick: a partial line left alone for VM_PROMPT_TICKS (a prompt) goes out as it is,
 * and waiting input moves on into the guest's UART. */
void vm_console_tick(struct vm *vm);

/*
 * A new life begins (reboot or restart): the old life's partial line goes out
 * on its own, so the new life's first line never joins it, and input typed
 * for the old life is dropped.
 */
void vm_console_reset(struct vm *vm);

/* Console input for the guest, kept until its UART or its SBI console reads take it. */
void vm_console_input(struct vm *vm, char c);

/* The next byte kept for SBI console reads, or -1. */
int vm_console_getc(struct vm *vm);

#endif
