/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Save and restore a guest's vector state. Erg itself is built without V,
 * so these are the only vector instructions in it, enabled here alone;
 * callers make sure sstatus.VS is not Off. The state's layout: vstart,
 * vtype, vl and vcsr, 8 bytes each, then v0-v31, vlenb bytes each.
 */
	.section .text
	.option	push
	.option	arch, +v

#define VECTOR_CSR_BYTES 32

/* v0-v31 to or from the state at a0, eight registers at a time as bytes; t0-t2 taken. */
.macro	vector_state_move op
	addi	t2, a0, VECTOR_CSR_BYTES
	csrr	t1, vlenb
	slli	t1, t1, 3
	vsetvli	t0, zero, e8, m8, ta, ma	/* vl = VLMAX: every byte */
	.irp	n, 0,8,16,24
	\op	v\n, (t2)
	add	t2, t2, t1
	.endr
.endm

/* size_t vector_state_bytes(void): the state's size on this hart */
	.globl	vector_state_bytes
vector_state_bytes:
	csrr	a0, vlenb
	slli	a0, a0, 5
	addi	a0, a0, VECTOR_CSR_BYTES
	ret

/*
 * The registers are moved eight at a time, as bytes, whatever the guest's
 * vtype: so vstart is read first and cleared (a load or store would start
 * there), and vtype, vl and vstart are put back last, by a restore and by
 * a save alike: the vCPU may run on with the hart's registers after a save.
 */
/* void vector_state_save(void *state) */
	.globl	vector_state_save
vector_state_save:
	csrr	t0, vstart
	sd	t0, 0(a0)
	csrw	vstart, zero
	csrr	t0, vtype
	sd	t0, 8(a0)
	csrr	t0, vl
	sd	t0, 16(a0)
	csrr	t0, vcsr
	sd	t0, 24(a0)
	vector_state_move vse8.v
	j	vector_state_config

/* void vector_state_restore(const void *state) */
	.globl	vector_state_restore
vector_state_restore:
	csrw	vstart, zero
	vector_state_move vle8.v
	ld	t0, 24(a0)
	csrw	vcsr, t0
	/* fall through */

/* vtype, vl and vstart as the state at a0 has them. */
vector_state_config:
	ld	t0, 8(a0)
	ld	t1, 16(a0)
	vsetvl	zero, t1, t0
	ld	t0, 0(a0)
	csrw	vstart, t0
	ret

	.option	pop
