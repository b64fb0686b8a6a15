/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Trap-protected reads of CSRs a hart may lack (a hart without H has no
 * hstatus; priv 1.11 harts have no senvcfg or henvcfg; only Smstateen harts
 * have hstateen0). Reading an
 * absent CSR is an illegal instruction; OpenSBI 1.1 takes it in M-mode and
 * sends it back to HS-mode's stvec, which points at the landing pad for the
 * duration, with interrupts off. The pad puts back stvec and sstatus (the
 * trap set SPP and SPIE) and returns scause. Used once per hart, before any
 * guest runs.
 */
	.section .text

/* unsigned long NAME(void): 0 when the CSR can be read, else the scause of the trap */
.macro	csr_probe name, csr
	.globl	\name
\name:
	csrrci	t2, sstatus, 2 /* SIE off: an interrupt must not land on the pad */
	la	t0, csr_probe_fault
	csrrw	t0, stvec, t0
	csrr	t1, \csr
	csrw	stvec, t0
	csrw	sstatus, t2
	li	a0, 0
	ret
.endm

/* By number (csr.h's CSR_SENVCFG, CSR_HENVCFG, CSR_HSTATEEN0): csr.h is C only. */
	csr_probe csr_probe_hstatus, 0x600
	csr_probe csr_probe_senvcfg, 0x10a
	csr_probe csr_probe_henvcfg, 0x60a
	csr_probe csr_probe_hstateen0, 0x60c

	.align	2
csr_probe_fault:
	csrw	stvec, t0
	csrw	sstatus, t2
	csrr	a0, scause
	ret
