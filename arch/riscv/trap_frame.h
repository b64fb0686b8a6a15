/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The register frame trap_entry.S saves on the stack. Offsets are shared by
 * the assembly and C; static asserts in trap.c hold them to the struct.
 */
#ifndef ARCH_RISCV_TRAP_FRAME_H
#define ARCH_RISCV_TRAP_FRAME_H

#define TF_REG(n)  ((n)*8) /* x1..x31; slot 0 is unused */
#define TF_SEPC	   (32 * 8)
#define TF_SSTATUS (33 * 8)
#define TF_SCAUSE  (34 * 8)
#define TF_STVAL   (35 * 8)
#define TF_SIZE	   (36 * 8)

#ifndef __ASSEMBLER__
struct trap_frame {
	unsigned long regs[32];
	unsigned long sepc;
	unsigned long sstatus;
	unsigned long scause;
	unsigned long stval;
};
#endif

#endif
