/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * A guest's own Sv39 page tables, for test guests that turn paging on: the
 * identity map of a RAM range in 2 MiB supervisor pages, plus whatever a
 * test maps on top. Tables come from a small static pool; a test edits a
 * PTE in place through sv39_pte and fences it itself, as a kernel would.
 */
#ifndef GUESTS_LIB_GUEST_SV39_H
#define GUESTS_LIB_GUEST_SV39_H

#include <stdint.h>

#define SV39_V (1UL << 0)
#define SV39_R (1UL << 1)
#define SV39_W (1UL << 2)
#define SV39_X (1UL << 3)
#define SV39_U (1UL << 4)
#define SV39_A (1UL << 6)
#define SV39_D (1UL << 7)
/* A kernel page with its A and D set beforehand. */
#define SV39_KERNEL (SV39_R | SV39_W | SV39_X | SV39_A | SV39_D)

#define SV39_LEVEL_4K 0
#define SV39_LEVEL_2M 1
#define SV39_LEVEL_1G 2

/* Empty tables, then the identity map of [base, base + size), 2 MiB aligned. */
void sv39_init(uint64_t base, uint64_t size);

/* The PTE that maps va at level, with the tables above it made as needed. */
volatile uint64_t *sv39_pte(uint64_t va, unsigned level);

/* A leaf for va to pa at level with flags (V added). */
void sv39_map(uint64_t va, uint64_t pa, unsigned level, uint64_t flags);

/* A PTE for a leaf or table at pa with flags (V added). */
uint64_t sv39_entry(uint64_t pa, uint64_t flags);

/* The root's physical address, and satp's Sv39 value for it. */
uint64_t sv39_root(void);
uint64_t sv39_satp(void);

/* Paging on (satp, then a full fence) or off. */
void sv39_enable(void);
void sv39_disable(void);

#endif
