/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Sv39 tables for test guests (guest_sv39.h). The guest runs identity
 * mapped, so a table's physical address is also where it is written.
 */
#include "guest_sv39.h"

#include <string.h>

#define SV39_TABLES	    16
#define SV39_ENTRIES	    512
#define SV39_PPN_SHIFT	    10
#define SV39_PAGE_SHIFT	    12
#define SV39_SATP_MODE	    (8UL << 60)
#define SV39_LEVEL_SHIFT(l) (SV39_PAGE_SHIFT + 9 * (l))

static uint64_t sv39_pool[SV39_TABLES][SV39_ENTRIES] __attribute__((aligned(4096)));
static unsigned sv39_used;

uint64_t sv39_entry(uint64_t pa, uint64_t flags)
{
	return (pa >> SV39_PAGE_SHIFT) << SV39_PPN_SHIFT | flags | SV39_V;
}

static uint64_t *sv39_table(uint64_t pte)
{
	return (uint64_t *)(uintptr_t)((pte >> SV39_PPN_SHIFT) << SV39_PAGE_SHIFT);
}

/* A fresh table; the pool is sized for the tests, so running out is a bug of theirs. */
static uint64_t *sv39_new_table(void)
{
	uint64_t *t = sv39_pool[sv39_used++ % SV39_TABLES];

	memset(t, 0, sizeof(sv39_pool[0]));
	return t;
}

volatile uint64_t *sv39_pte(uint64_t va, unsigned level)
{
	uint64_t *table = sv39_pool[0];

	for (unsigned l = SV39_LEVEL_1G; l > level; l--) {
		uint64_t *pte = &table[(va >> SV39_LEVEL_SHIFT(l)) % SV39_ENTRIES];

		if (!(*pte & SV39_V) || (*pte & (SV39_R | SV39_W | SV39_X)))
			*pte = sv39_entry((uint64_t)(uintptr_t)sv39_new_table(), 0);
		table = sv39_table(*pte);
	}
	return &table[(va >> SV39_LEVEL_SHIFT(level)) % SV39_ENTRIES];
}

void sv39_map(uint64_t va, uint64_t pa, unsigned level, uint64_t flags)
{
	*sv39_pte(va, level) = sv39_entry(pa, flags);
}

void sv39_init(uint64_t base, uint64_t size)
{
	sv39_used = 0;
	sv39_new_table();
	for (uint64_t off = 0; off < size; off += 1UL << SV39_LEVEL_SHIFT(SV39_LEVEL_2M))
		sv39_map(base + off, base + off, SV39_LEVEL_2M, SV39_KERNEL);
}

uint64_t sv39_root(void)
{
	return (uint64_t)(uintptr_t)sv39_pool[0];
}

uint64_t sv39_satp(void)
{
	return SV39_SATP_MODE | sv39_root() >> SV39_PAGE_SHIFT;
}

void sv39_enable(void)
{
	asm volatile("csrw satp, %0\n\tsfence.vma" : : "r"(sv39_satp()) : "memory");
}

void sv39_disable(void)
{
	asm volatile("csrw satp, zero\n\tsfence.vma" : : : "memory");
}
