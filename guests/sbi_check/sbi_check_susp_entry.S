/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Where a suspend to RAM resumes (sbi_check_susp.c): every register is
 * undefined but a0 (hart id) and a1 (opaque), so gp, the trap vector and a
 * stack below the suspended caller's frames are set up again before C runs.
 */
	.text
	.globl	check_susp_resume_entry
check_susp_resume_entry:
	.option	push
	.option	norelax
	la	gp, __global_pointer$
	.option	pop
	la	t0, check_susp_stvec
	ld	t0, 0(t0)
	csrw	stvec, t0
	la	t0, check_susp_sp
	ld	sp, 0(t0)
	tail	check_susp_resumed
