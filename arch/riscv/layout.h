/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Sizes shared by the link script, the entry assembly and C.
 */
#ifndef ARCH_RISCV_LAYOUT_H
#define ARCH_RISCV_LAYOUT_H

#include "lib/erg_limits.h"

#define ERG_STACK_SHIFT 14  /* 16 KiB of stack per hart */
#define ERG_TLS_AREA	256 /* bytes of thread-local storage per hart */

#endif
