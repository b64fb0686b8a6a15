/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The one trap vector. sscratch is zero while Erg runs and points at the
 * running vCPU while a guest runs, so one swap tells the two apart: guest
 * traps go to vcpu_exit (h/vcpu_entry.S). Erg's own traps save every register
 * to a frame on the current stack, let trap_dispatch sort the cause, restore
 * and return.
 */
#include "trap_frame.h"

	.section .text
	.align	2
	.globl	trap_entry
trap_entry:
	csrrw	sp, sscratch, sp
	bnez	sp, vcpu_exit
	csrrw	sp, sscratch, sp
	addi	sp, sp, -TF_SIZE
	.irp	n, 1,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31
	sd	x\n, TF_REG(\n)(sp)
	.endr
	addi	t0, sp, TF_SIZE
	sd	t0, TF_REG(2)(sp)
	csrr	t0, sepc
	sd	t0, TF_SEPC(sp)
	csrr	t0, sstatus
	sd	t0, TF_SSTATUS(sp)
	csrr	t0, scause
	sd	t0, TF_SCAUSE(sp)
	csrr	t0, stval
	sd	t0, TF_STVAL(sp)
	mv	a0, sp
	call	trap_dispatch
	ld	t0, TF_SEPC(sp)
	csrw	sepc, t0
	ld	t0, TF_SSTATUS(sp)
	csrw	sstatus, t0
	.irp	n, 1,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31
	ld	x\n, TF_REG(\n)(sp)
	.endr
	addi	sp, sp, TF_SIZE
	sret
