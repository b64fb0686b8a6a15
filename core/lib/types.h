/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Basic types shared by every room of Erg. Physical addresses get their own
 * name so that a prototype says which address space it speaks of.
 */
#ifndef CORE_LIB_TYPES_H
#define CORE_LIB_TYPES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "lib/erg_limits.h"

typedef uint64_t paddr_t;

#define PAGE_SHIFT 12
#define PAGE_SIZE  (1ULL << PAGE_SHIFT)

#define ALIGN_UP(x, a)	 (((x) + ((a)-1)) & ~((__typeof__(x))(a)-1))
#define ALIGN_DOWN(x, a) ((x) & ~((__typeof__(x))(a)-1))
#define ARRAY_SIZE(a)	 (sizeof(a) / sizeof((a)[0]))

#define MIB(x) ((uint64_t)(x) << 20)

#define ERG_VERSION "0.1.0"

#endif
