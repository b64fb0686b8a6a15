/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Entering a guest of the no-H back end, which runs in U-mode under its
 * shadow table, and coming back. noh_vcpu_enter runs at Erg's own addresses:
 * it saves Erg's callee-saved registers in the vCPU, leaves the vCPU's
 * address where the trap path finds it (the word below the hart's root) and
 * jumps into the trampoline page (noh_layout.h), which swaps satp and srets.
 *
 * While the guest runs sscratch holds the satp of the hart's own root and
 * stvec points into the trampoline; the trap path swaps that satp back in,
 * saves the guest, puts back Erg's stvec and sscratch (zero: Erg runs) and
 * returns from noh_vcpu_enter as from a plain call. The trampoline runs at
 * its link address too (within Erg's own root) and at NOH_TRAMP_VA: it is
 * position independent, and assembled without relaxation so that its
 * layout is what the .org lines say.
 */
#include "../vcpu_switch.inc"
#include "noh_layout.h"

	.option	norelax

	.section .text
	.globl	noh_vcpu_enter
/* void noh_vcpu_enter(struct vcpu_arch_regs *regs, unsigned long shadow_satp) */
noh_vcpu_enter:
	vcpu_host_save a0
	ld	t0, VCPU_SEPC(a0)
	csrw	sepc, t0
	ld	t0, VCPU_SSTATUS(a0)
	csrw	sstatus, t0
	/* The root's address from satp (its PPN field, bits 43:0), and the word below it. */
	csrr	t0, satp
	slli	t0, t0, 20
	srli	t0, t0, 8
	sd	a0, -8(t0)
	li	t0, NOH_TRAMP_VA
	csrw	stvec, t0
	li	t0, NOH_TRAMP_VA + NOH_TRAMP_RESUME
	jr	t0

	.section .text.noh_tramp, "ax"
	.balign	4096
	.globl	noh_tramp_start
noh_tramp_start:
/* stvec while a guest runs: satp is the shadow's, sscratch the hart root's satp. */
noh_tramp_trap:
	csrrw	t0, sscratch, t0
	csrw	satp, t0
	slli	t0, t0, 20
	srli	t0, t0, 8
	ld	t0, -8(t0)
	sd	sp, VCPU_GPR(2)(t0)
	mv	sp, t0
	.irp	n, 1,3,4,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31
	sd	x\n, VCPU_GPR(\n)(sp)
	.endr
	csrrw	t0, sscratch, zero
	sd	t0, VCPU_GPR(5)(sp)
	csrr	t0, sepc
	sd	t0, VCPU_SEPC(sp)
	ld	t0, noh_tramp_erg_vector
	csrw	stvec, t0
	mv	t0, sp
	vcpu_host_restore t0
	ret

	.balign	8
noh_tramp_erg_vector:
	.dword	trap_entry

/* a0 = the vCPU's regs, a1 = the shadow's satp; the hart's own root is in satp. */
	.org	noh_tramp_start + NOH_TRAMP_RESUME
noh_tramp_resume:
	ld	t0, VCPU_GPR(5)(a0)
	csrw	sscratch, t0
	mv	t0, a1
	.irp	n, 1,2,3,4,6,7,8,9,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31
	ld	x\n, VCPU_GPR(\n)(a0)
	.endr
	ld	a0, VCPU_GPR(10)(a0)
	csrrw	t0, satp, t0
	csrrw	t0, sscratch, t0
	sret
	/* One page and no more: only one is mapped (an overflow fails the build here). */
	.org	noh_tramp_start + 4096
