/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The bits of a page-table entry in the Sv39/Sv48 formats (privileged spec,
 * supervisor chapter), shared by the table builders of both back ends: the
 * G-stage tables (h/gstage.c), the shadow tables (noh/shadow.c) and the
 * walker of a guest's own tables (noh/guest_walk.c).
 */
#ifndef ARCH_RISCV_PTE_H
#define ARCH_RISCV_PTE_H

#include <stdint.h>

#define PTE_V (1ULL << 0)
#define PTE_R (1ULL << 1)
#define PTE_W (1ULL << 2)
#define PTE_X (1ULL << 3)
#define PTE_U (1ULL << 4)
#define PTE_G (1ULL << 5)
#define PTE_A (1ULL << 6)
#define PTE_D (1ULL << 7)

/* The page number starts at bit 10 and is 44 bits wide; it counts 4 KiB pages. */
#define PTE_PPN_SHIFT  10
#define PTE_PPN_MASK   ((1ULL << 44) - 1)
#define PTE_PAGE_SHIFT 12

/* A valid PTE with R, W or X is a leaf; with none, it points at the next table. */
static inline int pte_is_leaf(uint64_t pte)
{
	return (pte & (PTE_R | PTE_W | PTE_X)) != 0;
}

/* The physical address a PTE points at (a table, or a leaf's page). */
static inline uint64_t pte_addr(uint64_t pte)
{
	return ((pte >> PTE_PPN_SHIFT) & PTE_PPN_MASK) << PTE_PAGE_SHIFT;
}

#endif
