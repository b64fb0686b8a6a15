/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Switching between Erg and a guest. vcpu_arch_enter saves Erg's callee-saved
 * registers in the vCPU, points sscratch at the vCPU and srets into VS-mode.
 * While a guest runs sscratch is non-zero, which is how trap_entry tells a
 * guest trap from one of Erg's own; guest traps land in vcpu_exit, which saves
 * the guest and returns from vcpu_arch_enter as from a plain call.
 */
#include "../vcpu_switch.inc"

	.section .text
	.globl	vcpu_arch_enter
vcpu_arch_enter:
	vcpu_host_save a0
	ld	t0, VCPU_SEPC(a0)
	csrw	sepc, t0
	ld	t0, VCPU_SSTATUS(a0)
	csrw	sstatus, t0
	ld	t0, VCPU_HSTATUS(a0)
	csrw	hstatus, t0
	csrw	sscratch, a0
	.irp	n, 1,2,3,4,5,6,7,8,9,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31
	ld	x\n, VCPU_GPR(\n)(a0)
	.endr
	ld	a0, VCPU_GPR(10)(a0)
	sret

/*
 * Entered from trap_entry with sp = the vCPU's regs and sscratch = the guest's
 * sp. First only what a C call may clobber is saved, with the guest's sp,
 * gp, tp and pc, and vcpu_arch_fast_exit runs on Erg's stack while
 * the guest's s0-s11 stay in the hart (the call preserves them). When it has
 * served the exit the guest goes straight back in. Otherwise the rest is
 * saved and vcpu_arch_enter returns to its caller.
 */
	.globl	vcpu_exit
vcpu_exit:
	.irp	n, 1,3,4,5,6,7,10,11,12,13,14,15,16,17,28,29,30,31
	sd	x\n, VCPU_GPR(\n)(sp)
	.endr
	csrrw	t0, sscratch, zero
	sd	t0, VCPU_GPR(2)(sp)
	csrr	t0, sepc
	sd	t0, VCPU_SEPC(sp)
	mv	a0, sp
	ld	gp, VCPU_HOST(2)(a0)
	ld	tp, VCPU_HOST(3)(a0)
	ld	sp, VCPU_HOST(1)(a0)
	addi	sp, sp, -16
	sd	a0, 0(sp)
	call	vcpu_arch_fast_exit
	ld	t0, 0(sp)
	addi	sp, sp, 16
	beqz	a0, vcpu_exit_full
	ld	t1, VCPU_SEPC(t0)
	csrw	sepc, t1
	csrw	sscratch, t0
	.irp	n, 1,2,3,4,6,7,10,11,12,13,14,15,16,17,28,29,30,31
	ld	x\n, VCPU_GPR(\n)(t0)
	.endr
	ld	t0, VCPU_GPR(5)(t0)
	sret

/* t0 = the vCPU's regs; the guest's s0-s11 are still in the hart, the trap CSRs kept in C. */
vcpu_exit_full:
	.irp	n, 8,9,18,19,20,21,22,23,24,25,26,27
	sd	x\n, VCPU_GPR(\n)(t0)
	.endr
	csrr	t1, sstatus
	sd	t1, VCPU_SSTATUS(t0)
	vcpu_host_restore t0
	ret
