/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * trap_try() and the trap vector trap_install() sets (guest_trap.h).
 *
 * Each hart keeps in trap_pads[hartid] the stack pointer of its innermost
 * trap_try() frame, 0 outside any. The frame holds ra, s0-s11, the info
 * pointer and the enclosing pad. An exception finds the pad through the
 * hart id in sscratch, writes scause, sepc and stval to info, and sret's to
 * trap_try_caught on that frame's stack: sret rather than a plain jump, so
 * sstatus.SIE comes back from SPIE as it was before the trap.
 */
#define TRY_RA	      0
#define TRY_S(n)      (8 + 8 * (n))
#define TRY_INFO      104
#define TRY_OUTER     112
#define TRY_FRAME     128 /* 15 slots, rounded up to keep sp 16-byte aligned */
#define INFO_CAUSE    0
#define INFO_EPC      8
#define INFO_TVAL     16

	.text

/* t1 = &trap_pads[hart id in sscratch]; clobbers t0. */
.macro	pad_slot
	csrr	t0, sscratch
	slli	t0, t0, 3
	la	t1, trap_pads
	add	t1, t1, t0
.endm

/* bool trap_try(trap_body body, void *arg, struct trap_info *info) */
	.globl	trap_try
trap_try:
	addi	sp, sp, -TRY_FRAME
	sd	ra, TRY_RA(sp)
	sd	s0, TRY_S(0)(sp)
	sd	s1, TRY_S(1)(sp)
	sd	s2, TRY_S(2)(sp)
	sd	s3, TRY_S(3)(sp)
	sd	s4, TRY_S(4)(sp)
	sd	s5, TRY_S(5)(sp)
	sd	s6, TRY_S(6)(sp)
	sd	s7, TRY_S(7)(sp)
	sd	s8, TRY_S(8)(sp)
	sd	s9, TRY_S(9)(sp)
	sd	s10, TRY_S(10)(sp)
	sd	s11, TRY_S(11)(sp)
	sd	a2, TRY_INFO(sp)
	pad_slot
	ld	t2, 0(t1)
	sd	t2, TRY_OUTER(sp)
	sd	sp, 0(t1)
	mv	t0, a0
	mv	a0, a1
	jalr	t0
	li	a0, 0
trap_try_return:
	pad_slot
	ld	t2, TRY_OUTER(sp)
	sd	t2, 0(t1)
	ld	ra, TRY_RA(sp)
	ld	s0, TRY_S(0)(sp)
	ld	s1, TRY_S(1)(sp)
	ld	s2, TRY_S(2)(sp)
	ld	s3, TRY_S(3)(sp)
	ld	s4, TRY_S(4)(sp)
	ld	s5, TRY_S(5)(sp)
	ld	s6, TRY_S(6)(sp)
	ld	s7, TRY_S(7)(sp)
	ld	s8, TRY_S(8)(sp)
	ld	s9, TRY_S(9)(sp)
	ld	s10, TRY_S(10)(sp)
	ld	s11, TRY_S(11)(sp)
	addi	sp, sp, TRY_FRAME
	ret

trap_try_caught:
	li	a0, 1
	j	trap_try_return

/*
 * The vector. Interrupts go on to guest_irq_entry with every register as it
 * was. For an exception the body is abandoned, so any register but sp may be
 * clobbered once t0 has shown it is one.
 */
	.align	2
	.globl	trap_vector
trap_vector:
	addi	sp, sp, -16
	sd	t0, 0(sp)
	csrr	t0, scause
	bltz	t0, trap_vector_interrupt
	pad_slot
	ld	t2, 0(t1)
	beqz	t2, trap_vector_fatal
	ld	t3, TRY_INFO(t2)
	csrr	t4, scause
	sd	t4, INFO_CAUSE(t3)
	csrr	t4, sepc
	sd	t4, INFO_EPC(t3)
	csrr	t4, stval
	sd	t4, INFO_TVAL(t3)
	mv	sp, t2
	la	t4, trap_try_caught
	csrw	sepc, t4
	/* Back in S-mode, even from a body that dropped to U-mode. */
	li	t4, 1 << 8
	csrs	sstatus, t4
	sret

trap_vector_interrupt:
	ld	t0, 0(sp)
	addi	sp, sp, 16
	j	guest_irq_entry

/* No trap_try() on this hart: the runtime's fatal report. */
trap_vector_fatal:
	csrr	a0, scause
	csrr	a1, sepc
	csrr	a2, stval
	tail	guest_trap

	.bss
	.balign	8
trap_pads:
	.space	8 * 8 /* TRAP_MAX_HARTS */
