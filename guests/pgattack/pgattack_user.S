/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * What pgattack runs in U-mode: each a privileged instruction (or an ecall)
 * a user program may not run, which must trap to the guest's own kernel.
 * pgattack_to_user(entry) srets to entry with SPP = U; the trap comes back
 * through trap_try. pgattack_odd_sret srets with SPP = S and SPIE = 1 to
 * the instruction after it and returns sstatus as it then is.
 */
	.text
	.balign	4
	.globl	pgattack_user_csr, pgattack_user_sret, pgattack_user_sfence
	.globl	pgattack_user_wfi, pgattack_user_ecall, pgattack_user_satp
pgattack_user_csr:
	csrr	a0, sstatus
	j	.
pgattack_user_sret:
	sret
	j	.
pgattack_user_sfence:
	sfence.vma
	j	.
pgattack_user_wfi:
	wfi
	j	.
pgattack_user_ecall:
	ecall
	j	.
pgattack_user_satp:
	csrw	satp, zero
	j	.

	.globl	pgattack_to_user
pgattack_to_user:
	csrw	sepc, a0
	li	t0, 1 << 8
	csrc	sstatus, t0
	sret

	.globl	pgattack_odd_sret
pgattack_odd_sret:
	la	t0, 1f
	csrw	sepc, t0
	li	t0, (1 << 8) | (1 << 5)
	csrs	sstatus, t0
	sret
1:	csrr	a0, sstatus
	csrci	sstatus, 2
	ret
