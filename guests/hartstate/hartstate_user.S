/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * One trip to U-mode for hartstate.c. user_run() srets to a function in
 * U-mode (sstatus.SPP = 0) with this file's vector in stvec. The vector
 * records scause, sepc, sstatus, stval and a0 in user_trap, then srets back
 * to S-mode where user_run() left off. The vector reads CSRs first: run in
 * U-mode, as a broken trap delivery would, it could not, and the guest
 * would trap there again and again instead of reporting.
 */
#define SSTATUS_SPIE 0x20
#define SSTATUS_SPP  0x100
#define SAVED	     (14 * 8)

	.text

/* void user_run(void (*fn)(void)) */
	.globl	user_run
user_run:
	addi	sp, sp, -SAVED
	sd	ra, 0(sp)
	.irp	n, 0,1,2,3,4,5,6,7,8,9,10,11
	sd	s\n, (8 + 8 * \n)(sp)
	.endr
	la	t0, user_kernel_sp
	sd	sp, 0(t0)
	csrr	t1, stvec
	sd	t1, 8(t0)
	la	t1, user_vector
	csrw	stvec, t1
	csrw	sepc, a0
	li	t1, SSTATUS_SPP | SSTATUS_SPIE
	csrc	sstatus, t1
	sret

	.align	2
user_vector:
	csrr	t0, scause
	la	t1, user_trap
	sd	t0, 0(t1)
	csrr	t0, sepc
	sd	t0, 8(t1)
	csrr	t0, sstatus
	sd	t0, 16(t1)
	csrr	t0, stval
	sd	t0, 24(t1)
	sd	a0, 32(t1)
	la	t0, user_back
	csrw	sepc, t0
	li	t0, SSTATUS_SPP
	csrs	sstatus, t0
	sret

user_back:
	la	t0, user_kernel_sp
	ld	sp, 0(t0)
	ld	t1, 8(t0)
	csrw	stvec, t1
	ld	ra, 0(sp)
	.irp	n, 0,1,2,3,4,5,6,7,8,9,10,11
	ld	s\n, (8 + 8 * \n)(sp)
	.endr
	addi	sp, sp, SAVED
	ret

/* The U-mode bodies: each raises one exception; those that should not trap end in ecall. */
	.globl	user_sret, user_csrr_sstatus, user_csrr_hstatus, user_wfi, user_rdcycle
	.globl	user_rdinstret, user_rdtime
user_sret:
	sret
	ecall
user_csrr_sstatus:
	csrr	a0, sstatus
	ecall
user_csrr_hstatus:
	csrr	a0, hstatus
	ecall
user_wfi:
	wfi
	ecall
user_rdcycle:
	rdcycle	a0
	ecall
user_rdinstret:
	rdinstret a0
	ecall
user_rdtime:
	rdtime	a0
	ecall

	.bss
	.balign	8
user_kernel_sp:
	.space	16 /* sp, stvec */
	.globl	user_trap
user_trap:
	.space	40 /* scause, sepc, sstatus, stval, a0 */
