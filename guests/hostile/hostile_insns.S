/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Instructions a guest kernel may not run, one per function. Each function's
 * first instruction is the forbidden one, so a caught exception must name the
 * function's own address as sepc; a function that returns ran it unhindered.
 * Called as trap_body(arg): a0 is the argument, used as the value written or
 * the address accessed.
 *
 * From VS-mode the hypervisor's CSRs and instructions (H extension) raise a
 * virtual-instruction exception, which Erg hands back as an illegal
 * instruction; M-mode CSRs, MRET and DRET raise an illegal instruction at
 * once. Either way the guest sees scause 2.
 */
	.text
	.option	push
	.option	arch, +h

.macro	forbidden name, insn:vararg
	.globl	\name
	.align	2
\name:
	\insn
	ret
.endm

	forbidden hostile_insn_hstatus_read, csrr a0, hstatus
	forbidden hostile_insn_hgatp_write, csrw hgatp, zero
	forbidden hostile_insn_hedeleg_write, csrw hedeleg, a0
	forbidden hostile_insn_hvip_set, csrs hvip, a0
	forbidden hostile_insn_htimedelta_write, csrw htimedelta, a0
	forbidden hostile_insn_vsatp_write, csrw vsatp, a0
	forbidden hostile_insn_mstatus_read, csrr a0, mstatus
	forbidden hostile_insn_mtvec_write, csrw mtvec, a0
	forbidden hostile_insn_mhartid_read, csrr a0, mhartid
	forbidden hostile_insn_pmpaddr0_write, csrw pmpaddr0, a0
	forbidden hostile_insn_hfence_gvma, hfence.gvma zero, zero
	forbidden hostile_insn_hfence_vvma, hfence.vvma zero, zero
	forbidden hostile_insn_hlv_d, hlv.d a0, (a0)
	forbidden hostile_insn_hsv_d, hsv.d a0, (a0)
	forbidden hostile_insn_hlvx_hu, hlvx.hu a0, (a0)
	forbidden hostile_insn_mret, mret
	forbidden hostile_insn_dret, .word 0x7b200073 /* DRET: the assembler may not know it */

/*
 * A WFI that returns at once (a timer interrupt pending, interrupts off),
 * then HLV.D: the HLV must fault like any other, at its own address, 4.
 */
	.globl	hostile_insn_wfi_then_hlv_d
	.align	2
hostile_insn_wfi_then_hlv_d:
	wfi
	hlv.d	a0, (a0)
	ret

	.option	pop
