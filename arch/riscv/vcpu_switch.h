/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * What both back ends' guest entry and exit assembly share: Erg's own
 * registers (ra, sp, gp, tp, s0-s11), kept in the vCPU while its guest
 * runs, saved on the way in and put back on the way out.
 */
#ifndef ARCH_RISCV_VCPU_SWITCH_H
#define ARCH_RISCV_VCPU_SWITCH_H

#include "arch/vcpu_arch.h"

#ifdef __ASSEMBLER__
/* Erg's registers into the vCPU's regs at base. */
.macro vcpu_host_save base sd ra, VCPU_HOST(0)(\base) sd sp, VCPU_HOST(1)(\base) sd gp,
    VCPU_HOST(2)(\base) sd tp, VCPU_HOST(3)(\base).irp n, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10,
    11 sd s\n,
    VCPU_HOST(4 + \n)(\base)
	.endr
	.endm

	/* And back: Erg's stack and callee-saved registers, as its call of the entry left them. */
	.macro vcpu_host_restore base ld ra,
    VCPU_HOST(0)(\base) ld sp, VCPU_HOST(1)(\base) ld gp, VCPU_HOST(2)(\base) ld tp,
    VCPU_HOST(3)(\base).irp n, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11 ld s\n,
    VCPU_HOST(4 + \n)(\base).endr.endm
#endif

#endif
