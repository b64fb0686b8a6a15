/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The vector registers, vl, vtype and vcsr, filled from a seed and read
 * back for fpstate.c, on a hart with V. Only these functions use V,
 * assembled with it enabled.
 */
	.text
	.option	push
	.option	arch, +v

/*
 * void vecstate_fill(uint64_t seed, unsigned long vl, unsigned long vcsr):
 * every 64-bit element of v<n> = seed + n; then vl elements of 32 bits
 * (vtype e32, m1) and vcsr.
 */
	.globl	vecstate_fill
vecstate_fill:
	vsetvli	t0, zero, e64, m1, ta, ma
	.irp	n, 0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31
	addi	t0, a0, \n
	vmv.v.x	v\n, t0
	.endr
	vsetvli	zero, a1, e32, m1, tu, mu
	csrw	vcsr, a2
	ret

/*
 * void vecstate_dump(void *regs, unsigned long *csrs): v0-v31 whole, one
 * after the other (vlenb bytes each); then vl, vtype and vcsr as they were.
 */
	.globl	vecstate_dump
vecstate_dump:
	csrr	t0, vl
	sd	t0, 0(a1)
	csrr	t0, vtype
	sd	t0, 8(a1)
	csrr	t0, vcsr
	sd	t0, 16(a1)
	csrr	t1, vlenb
	.irp	n, 0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31
	vs1r.v	v\n, (a0)
	add	a0, a0, t1
	.endr
	ret

/* unsigned long vecstate_vlenb(void) */
	.globl	vecstate_vlenb
vecstate_vlenb:
	csrr	a0, vlenb
	ret

/* void vecstate_touch(void): one vector register written, the rest kept */
	.globl	vecstate_touch
vecstate_touch:
	vmv.v.i	v31, 0
	ret

	.option	pop
