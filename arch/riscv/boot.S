/*
 * Entry points from OpenSBI. The boot hart enters _start with a0 = hart id
 * and a1 = DTB; every other hart enters _secondary_start through SBI HSM with
 * a0 = hart id. Each gets its own stack; only the boot hart clears BSS, before
 * any other hart is running.
 */
#include "layout.h"

	.section .text.entry, "ax"
	.globl _start
_start:
	.option push
	.option norelax
	la	gp, __global_pointer$
	.option pop
	csrw	sie, zero
	li	t0, ERG_MAX_HARTS
	bgeu	a0, t0, park
	call	set_stack
	la	t0, __bss_start
	la	t1, __bss_end
1:	bgeu	t0, t1, 2f
	sd	zero, 0(t0)
	addi	t0, t0, 8
	j	1b
2:	tail	arch_boot_entry

	.globl _secondary_start
_secondary_start:
	.option push
	.option norelax
	la	gp, __global_pointer$
	.option pop
	csrw	sie, zero
	li	t0, ERG_MAX_HARTS
	bgeu	a0, t0, park
	call	set_stack
	tail	arch_secondary_entry

/* sp = top of hart a0's stack; clobbers t0 only. */
set_stack:
	la	sp, erg_stacks
	addi	t0, a0, 1
	slli	t0, t0, ERG_STACK_SHIFT
	add	sp, sp, t0
	ret

/* A hart Erg cannot manage waits here for good. */
park:
	wfi
	j	park
