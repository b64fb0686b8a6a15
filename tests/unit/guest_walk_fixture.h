/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Shared fixture for the guest page-table walker tests (test_guest_walk*.c):
 * guest RAM as a host buffer of 4 KiB pages at GW_RAM_BASE, the read and
 * compare-and-swap callbacks over it (counting calls, and able to lose races
 * or refuse writes on demand), PTE bits written from the privileged spec, and
 * a small table builder for hand-made mappings.
 *
 * Header-only on purpose: every test_*.c is its own binary and includes this
 * once, so the Makefile needs no extra objects.
 */
#ifndef TESTS_UNIT_GUEST_WALK_FIXTURE_H
#define TESTS_UNIT_GUEST_WALK_FIXTURE_H

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "riscv/noh/guest_walk.h"

#define PTE_V	     (1ull << 0)
#define PTE_R	     (1ull << 1)
#define PTE_W	     (1ull << 2)
#define PTE_X	     (1ull << 3)
#define PTE_U	     (1ull << 4)
#define PTE_G	     (1ull << 5)
#define PTE_A	     (1ull << 6)
#define PTE_D	     (1ull << 7)
#define PTE_RSW	     (3ull << 8)
#define PTE_PPN_MASK (((1ull << 44) - 1) << 10)

#define GW_RAM_BASE  0x80000000ull
#define GW_RAM_PAGES 64
#define GW_PAGE	     4096ull
#define GW_KIB(x)    ((uint64_t)(x) << 10)
#define GW_MIB(x)    ((uint64_t)(x) << 20)
#define GW_GIB(x)    ((uint64_t)(x) << 30)

struct gw_mem {
	uint64_t ram[GW_RAM_PAGES * GW_PAGE / 8];
	unsigned pages;	    /* how many pages are guest RAM (<= GW_RAM_PAGES) */
	unsigned next_page; /* the table builder's next free page */
	unsigned reads, cas_calls;
	unsigned cas_lose;   /* this many next CASes report CHANGED */
	uint64_t cas_meddle; /* when losing: what the other writer stores (0: nothing) */
	bool cas_refuse;     /* every CAS is an access fault */
};

static inline uint64_t *gw_slot(struct gw_mem *m, uint64_t gpa)
{
	if (gpa % 8 || gpa < GW_RAM_BASE || gpa - GW_RAM_BASE >= m->pages * GW_PAGE)
		return NULL;
	return &m->ram[(gpa - GW_RAM_BASE) / 8];
}

static inline bool gw_read(void *ctx, uint64_t gpa, uint64_t *pte)
{
	struct gw_mem *m = ctx;
	uint64_t *p = gw_slot(m, gpa);

	m->reads++;
	if (!p)
		return false;
	*pte = *p;
	return true;
}

static inline enum gwalk_cas gw_cas(void *ctx, uint64_t gpa, uint64_t old, uint64_t new)
{
	struct gw_mem *m = ctx;
	uint64_t *p = gw_slot(m, gpa);

	m->cas_calls++;
	assert_non_null(p); /* the walker only writes PTEs it has read */
	if (m->cas_refuse)
		return GWALK_CAS_FAULT;
	if (m->cas_lose) {
		m->cas_lose--;
		if (m->cas_meddle)
			*p = m->cas_meddle;
		return GWALK_CAS_CHANGED;
	}
	if (*p != old)
		return GWALK_CAS_CHANGED;
	*p = new;
	return GWALK_CAS_DONE;
}

static const struct gwalk_mem_ops gw_ops = {.read = gw_read, .cas = gw_cas};

static inline void gw_reset(struct gw_mem *m)
{
	memset(m, 0, sizeof(*m));
	m->pages = GW_RAM_PAGES;
	m->next_page = 1; /* page 0 is the root */
}

static inline uint64_t gw_page_gpa(unsigned page)
{
	return GW_RAM_BASE + page * GW_PAGE;
}

static inline uint64_t gw_pte(uint64_t pa, uint64_t flags)
{
	return (pa >> 12) << 10 | flags;
}

static inline uint64_t gw_satp(unsigned mode, uint64_t root_gpa)
{
	return (uint64_t)mode << 60 | 0x1234ull << 44 | root_gpa >> 12;
}

static inline unsigned gw_vpn(uint64_t va, unsigned level)
{
	return (unsigned)(va >> (12 + 9 * level)) & 511;
}

/*
 * The PTE slot for va at level, building pointer PTEs (V only) from the
 * root (page 0) down as needed. The test then writes whatever it wants there.
 */
static inline uint64_t *gw_entry(struct gw_mem *m, unsigned levels, uint64_t va, unsigned level)
{
	uint64_t table = gw_page_gpa(0);

	for (unsigned l = levels - 1; l > level; l--) {
		uint64_t *p = gw_slot(m, table + gw_vpn(va, l) * 8);

		if (!*p)
			*p = gw_pte(gw_page_gpa(m->next_page++), PTE_V);
		table = (*p >> 10) << 12;
	}
	return gw_slot(m, table + gw_vpn(va, level) * 8);
}

#endif
