/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Entry points from OpenSBI or a boot loader. The boot hart enters _start
 * with a0 = hart id and a1 = DTB; every other hart enters _secondary_start
 * through SBI HSM with a0 = hart id. Each gets its own stack; only the boot
 * hart moves Erg's pointers to where it was loaded (relocate.S) and clears
 * BSS, before any other hart is running.
 *
 * OpenSBI 1.1 can send a hart it is starting through HSM to the firmware's
 * jump address, _start, instead: its hart_start marks the hart pending before
 * it stores the new address, and a hart that wakes in between takes the old
 * one. Such a hart clearing BSS under the running boot hart would wreck Erg,
 * so only the first hart to reach _start boots; any later one is a secondary
 * hart Erg asked for, and goes the secondary way. Neither interrupts nor sscratch are left to the
 * firmware: a timer already pending (Sstc's stimecmp resets to 0) must not
 * be taken before Erg is ready, and trap_entry takes a non-zero sscratch for
 * a running guest.
 */
#include "layout.h"

#define SSTATUS_SIE_MASK 2

/*
 * The RISC-V Linux Image header, so that U-Boot's booti (or any loader of
 * Linux) loads Erg as it loads a kernel: 2 MiB into RAM, image_size bytes
 * kept free. Its first word jumps over it.
 */
	.section .text.head, "ax"
	.globl _start
_start:
	.option push
	.option norvc
	j	boot_entry		/* code0 */
	.word	0			/* code1 */
	.option pop
	.dword	0x200000		/* text_offset */
	.dword	ERG_IMAGE_SIZE		/* image_size */
	.dword	0			/* flags: little-endian */
	.word	2			/* version 0.2 */
	.word	0
	.dword	0
	.ascii	"RISCV\0\0\0"		/* magic, deprecated */
	.ascii	"RSC\x05"		/* magic2 */
	.word	0			/* no PE/COFF header */

	.section .text.entry, "ax"
boot_entry:
	.option push
	.option norelax
	la	gp, __global_pointer$
	.option pop
	csrci	sstatus, SSTATUS_SIE_MASK
	csrw	sie, zero
	csrw	sscratch, zero
	la	t0, boot_claimed
	li	t1, 1
	amoswap.w.aq t1, t1, (t0)
	bnez	t1, misdirected
	li	t0, ERG_MAX_HARTS
	bgeu	a0, t0, park
	call	set_stack
	call	erg_relocate
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
	csrci	sstatus, SSTATUS_SIE_MASK
	csrw	sie, zero
	csrw	sscratch, zero
	li	a1, 0
	j	secondary
misdirected:
	li	a1, 1 /* arch_secondary_entry's "misdirected" */
secondary:
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

/* Set by the first hart in _start. In .data: clearing BSS must not reset it. */
	.section .data
	.align	2
boot_claimed:
	.word	0
	.section .text.entry, "ax"

/* A hart Erg cannot manage waits here for good. */
park:
	wfi
	j	park
