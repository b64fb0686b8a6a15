/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The FP registers and fcsr, filled from a seed and checked against it, for
 * fpstate.c. The guests are built without F and D (Erg's own flags): only
 * these functions use them, assembled with D enabled.
 */
	.text
	.option	push
	.option	arch, +d

/* void fpstate_fill(uint64_t seed): f<n> = seed + n; fcsr = fpstate_fcsr(seed) in a1 */
	.globl	fpstate_fill
fpstate_fill:
	.irp	n, 0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31
	addi	t0, a0, \n
	fmv.d.x	f\n, t0
	.endr
	fscsr	a1
	ret

/* unsigned fpstate_check(uint64_t seed, fcsr): how many of f0-f31 and fcsr differ */
	.globl	fpstate_check
fpstate_check:
	li	t2, 0
	.irp	n, 0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31
	fmv.x.d	t0, f\n
	addi	t1, a0, \n
	sub	t0, t0, t1
	snez	t0, t0
	add	t2, t2, t0
	.endr
	frcsr	t0
	sub	t0, t0, a1
	snez	t0, t0
	add	a0, t2, t0
	ret

/* void fpstate_touch(void): one FP register written, the rest kept */
	.globl	fpstate_touch
fpstate_touch:
	fmv.d.x	f31, zero
	ret

	.option	pop
