/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The bench guest's trap vector while it measures interrupts, and the waits
 * it interrupts. Its first instruction reads the time; the tick boundary
 * that follows places it inside that tick to within one round of the
 * 3-instruction loop it counts until the time moves on.
 *
 * It uses only t4-t6, which the wait functions below leave alone, and it is
 * only ever entered inside them (sstatus.SIE is set nowhere else): the C
 * caller already treats every temporary as clobbered by a call. It masks
 * the interrupt it took (its sie bit) and returns with SIE off, so the wait
 * ends; the C code clears the source before enabling it again. Exceptions
 * are as fatal as before (guest_trap).
 */
#define SSTATUS_SIE  (1 << 1)
#define SSTATUS_SPIE (1 << 5)

	.text
	.align	2
	.globl	bench_vector
bench_vector:
	rdtime	t6
	li	t5, 0
1:	rdtime	t4
	addi	t5, t5, 1
	beq	t4, t6, 1b
	csrr	t4, scause
	bgez	t4, 2f			/* bit 63 clear: an exception */
	la	t4, bench_irq_record
	sd	t5, 8(t4)
	csrr	t5, scause
	sd	t5, 16(t4)
	sd	t6, 0(t4)		/* last: the waits poll this word */
	li	t6, 1
	sll	t6, t6, t5		/* the cause's sie bit (sll takes the low 6 bits) */
	csrc	sie, t6
	li	t6, SSTATUS_SPIE
	csrc	sstatus, t6
	sret
2:	csrr	a0, scause
	csrr	a1, sepc
	csrr	a2, stval
	tail	guest_trap

/* void bench_irq_spin(uint64_t timeout): a0 timeout (a tick), a1-a3 scratch. */
	.globl	bench_irq_spin
bench_irq_spin:
	la	a1, bench_irq_record
	csrsi	sstatus, SSTATUS_SIE
1:	ld	a2, 0(a1)
	bnez	a2, 2f
	rdtime	a3
	bltu	a3, a0, 1b
2:	csrci	sstatus, SSTATUS_SIE
	ret

/*
 * void bench_irq_sleep(void): the same in WFI, without a timeout. The check
 * and the WFI run with SIE off, so an interrupt cannot slip in between them
 * and leave the WFI waiting for good; WFI wakes for an interrupt sie enables
 * whatever SIE says, and the trap comes as soon as SIE is set.
 */
	.globl	bench_irq_sleep
bench_irq_sleep:
	la	a1, bench_irq_record
1:	ld	a2, 0(a1)
	bnez	a2, 2f
	wfi
	csrsi	sstatus, SSTATUS_SIE
	csrci	sstatus, SSTATUS_SIE
	j	1b
2:	ret

/* void bench_delay(uint64_t n): 2 * n instructions, n >= 1. */
	.globl	bench_delay
bench_delay:
	addi	a0, a0, -1
	bnez	a0, bench_delay
	ret
