/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The bench guest's trap vector while it times an illegal instruction
 * (bench_ops.c): OpenSBI does not delegate illegal instructions to S-mode,
 * so each one reaches M-mode first and comes back here redirected, with
 * scause 2. The vector steps sepc past the 4-byte instruction and returns:
 * 7 instructions and the sret. It uses t6 only, which the op that raises
 * the exception declares clobbered; any other trap is as fatal as before
 * (guest_trap).
 */
#define TRAP_ILLEGAL_INST 2
#define INSN_BYTES	  4

	.text
	.align	2
	.globl	bench_redirect_vector
bench_redirect_vector:
	csrr	t6, scause
	addi	t6, t6, -TRAP_ILLEGAL_INST
	bnez	t6, 1f
	csrr	t6, sepc
	addi	t6, t6, INSN_BYTES
	csrw	sepc, t6
	sret
1:	csrr	a0, scause
	csrr	a1, sepc
	csrr	a2, stval
	tail	guest_trap
