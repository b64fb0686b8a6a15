/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Save and restore a guest's floating-point registers. Erg itself is built
 * without F/D, so these are the only FP instructions in it, enabled here
 * alone; callers make sure sstatus.FS is not Off.
 */
	.section .text
	.option	push
	.option	arch, +d

/* a0: struct fp_state (f0..f31 then fcsr) */
	.globl	fp_state_save
fp_state_save:
	.irp	n, 0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31
	fsd	f\n, (\n * 8)(a0)
	.endr
	frcsr	t0
	sw	t0, (32 * 8)(a0)
	ret

	.globl	fp_state_restore
fp_state_restore:
	.irp	n, 0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31
	fld	f\n, (\n * 8)(a0)
	.endr
	lw	t0, (32 * 8)(a0)
	fscsr	t0
	ret

	.option	pop
