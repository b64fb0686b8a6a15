/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Sizes shared by the link script, the entry assembly and C.
 */
#ifndef ARCH_RISCV_LAYOUT_H
#define ARCH_RISCV_LAYOUT_H

#include "lib/erg_limits.h"

#define ERG_STACK_SHIFT 14  /* 16 KiB of stack per hart */
#define ERG_TLS_AREA	256 /* bytes of thread-local storage per hart */

/*
 * Where Erg is linked (QEMU's and OpenSBI's payload address), how far the
 * build's second link moves it, and the relocation table's room
 * (arch/riscv/relocate.S).
 */
#define ERG_LINK_ADDR  0x80200000
#define ERG_LINK_SHIFT 0x40000000
#define ERG_RELOC_MAX  4096

#endif
