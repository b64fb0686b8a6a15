/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Self-relocation. Erg is linked at one address and may be loaded at any
 * other (a boot loader puts it 2 MiB into RAM, wherever RAM is). Code reaches
 * everything pc-relative (-mcmodel=medany), so only the 64-bit pointers held
 * in data move with the image: the build lists their offsets in
 * erg_relocs (tools/relocs.py), and the boot hart adds the load shift to
 * each before anything reads them.
 */
#include "layout.h"

/* Marker, count, room, then room 32-bit offsets from _start. */
	.section .erg_relocs, "a"
	.balign	8
erg_relocs:
	.ascii	"ERGRELOC"
	.word	0
	.word	ERG_RELOC_MAX
	.skip	4 * ERG_RELOC_MAX

/* Where the link put _start: itself in the table, so it reads as the load address after. */
	.section .data
	.balign	8
erg_link_start:
	.dword	_start

/* Apply the table once, on the boot hart, before BSS is cleared. Keeps a0 and a1. */
	.section .text.erg_relocate, "ax"
	.globl	erg_relocate
erg_relocate:
	lla	t0, _start
	lla	t1, erg_link_start
	ld	t1, 0(t1)
	sub	t1, t0, t1
	beqz	t1, 2f
	lla	t2, erg_relocs
	lwu	t3, 8(t2)
	addi	t2, t2, 16
1:	beqz	t3, 2f
	lwu	t4, 0(t2)
	add	t4, t4, t0
	ld	t5, 0(t4)
	add	t5, t5, t1
	sd	t5, 0(t4)
	addi	t2, t2, 4
	addi	t3, t3, -1
	j	1b
2:	fence	rw, rw
	ret
