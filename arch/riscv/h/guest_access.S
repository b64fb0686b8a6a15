/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Reading guest memory from HS-mode with the guest's own translation
 * (HLVX.HU: as an instruction fetch, with the privilege in hstatus.SPVP).
 * The access may fault if the guest's tables changed under it, so stvec
 * points at a local landing pad for the duration: a fault returns scause
 * instead of reaching Erg's trap path, and puts back hstatus (the fault
 * cleared SPV, which the way back into the guest needs) and sstatus (the
 * fault set SPP to HS's own 1 and moved SIE to SPIE: the sret into the guest
 * reads SPP, and a guest trapped in VU-mode would come back in VS-mode).
 * Interrupts are off in the exit path where this runs, so nothing else can
 * trap in between.
 */
	.section .text
	.option	push
	.option	arch, +h

/*
 * unsigned long guest_fetch_insn(unsigned long va, uint32_t *insn): 0 or scause.
 * The low half first; the high half only when the low one says the
 * instruction is 32 bits wide (it may lie on the next page).
 */
	.globl	guest_fetch_insn
guest_fetch_insn:
	csrr	t2, hstatus
	csrr	t3, sstatus
	la	t0, guest_fetch_fault
	csrrw	t0, stvec, t0
	hlvx.hu	t1, (a0)
	andi	t4, t1, 3
	li	t5, 3
	bne	t4, t5, 1f
	addi	a0, a0, 2
	hlvx.hu	t4, (a0)
	slli	t4, t4, 16
	or	t1, t1, t4
1:	csrw	stvec, t0
	sw	t1, 0(a1)
	li	a0, 0
	ret

	.align	2
guest_fetch_fault:
	csrw	stvec, t0
	csrw	hstatus, t2
	csrw	sstatus, t3
	csrr	a0, scause
	ret

	.option	pop
