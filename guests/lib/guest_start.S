/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Entry of every test guest. The boot hart enters _start with a0 = hart id
 * and a1 = device tree and runs main(a0, a1); harts started through
 * guest_hart_start() enter guest_secondary_start with a0 = hart id and
 * a1 = the function to run. Each hart gets its own stack; only the boot hart
 * clears BSS, before any other hart runs.
 */
#define GUEST_MAX_HARTS	  8
#define GUEST_STACK_SHIFT 13 /* 8 KiB per hart */

	.section .text.entry, "ax"
	.globl _start
_start:
	call	guest_enter_common
	la	t0, __bss_start
	la	t1, __bss_end
1:	bgeu	t0, t1, 2f
	sd	zero, 0(t0)
	addi	t0, t0, 8
	j	1b
2:	call	main
	tail	guest_exit

	.globl guest_secondary_start
guest_secondary_start:
	call	guest_enter_common
	tail	guest_secondary_main

/* gp, stack of hart a0, trap vector, interrupts off; keeps a0 and a1. */
guest_enter_common:
	.option push
	.option norelax
	la	gp, __global_pointer$
	.option pop
	csrw	sie, zero
	la	t0, guest_trap_entry
	csrw	stvec, t0
	li	t0, GUEST_MAX_HARTS
	bgeu	a0, t0, guest_park
	la	sp, guest_stacks
	addi	t0, a0, 1
	slli	t0, t0, GUEST_STACK_SHIFT
	add	sp, sp, t0
	ret

/* A hart id beyond the stacks the image reserves waits here for good. */
guest_park:
	wfi
	j	guest_park

/* Any trap is fatal for a test guest: report it (in C) and shut down. */
	.align	2
guest_trap_entry:
	csrr	a0, scause
	csrr	a1, sepc
	csrr	a2, stval
	tail	guest_trap

/* Not in .bss: each hart owns its stack from its first instruction. */
	.section .stacks, "aw", @nobits
	.balign	16
guest_stacks:
	.space	GUEST_MAX_HARTS << GUEST_STACK_SHIFT
