/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The big guest's tail: the file guests/guests.mk generates, linked into the
 * image's read-only data (writable in RAM all the same, as the MMU is off).
 */
	.section .rodata.big_tail, "a"
	.balign	4
	.globl	big_tail, big_tail_end
big_tail:
	.incbin	BIG_TAIL
big_tail_end:
