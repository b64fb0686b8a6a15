/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The trap vector irq_install() sets: save every register the C calling
 * convention lets irq_dispatch clobber, call it, restore and sret. The
 * callee-saved registers are preserved by irq_dispatch itself. It runs on
 * the interrupted stack: the test guests have only the one stack per hart.
 */
#define IRQ_FRAME_REGS 16
#define IRQ_FRAME_SIZE (IRQ_FRAME_REGS * 8)

	.text
	.align	2
	.globl	guest_irq_entry
guest_irq_entry:
	addi	sp, sp, -IRQ_FRAME_SIZE
	sd	ra, 0(sp)
	sd	t0, 8(sp)
	sd	t1, 16(sp)
	sd	t2, 24(sp)
	sd	t3, 32(sp)
	sd	t4, 40(sp)
	sd	t5, 48(sp)
	sd	t6, 56(sp)
	sd	a0, 64(sp)
	sd	a1, 72(sp)
	sd	a2, 80(sp)
	sd	a3, 88(sp)
	sd	a4, 96(sp)
	sd	a5, 104(sp)
	sd	a6, 112(sp)
	sd	a7, 120(sp)
	csrr	a0, scause
	csrr	a1, sepc
	csrr	a2, stval
	call	irq_dispatch
	ld	ra, 0(sp)
	ld	t0, 8(sp)
	ld	t1, 16(sp)
	ld	t2, 24(sp)
	ld	t3, 32(sp)
	ld	t4, 40(sp)
	ld	t5, 48(sp)
	ld	t6, 56(sp)
	ld	a0, 64(sp)
	ld	a1, 72(sp)
	ld	a2, 80(sp)
	ld	a3, 88(sp)
	ld	a4, 96(sp)
	ld	a5, 104(sp)
	ld	a6, 112(sp)
	ld	a7, 120(sp)
	addi	sp, sp, IRQ_FRAME_SIZE
	sret
