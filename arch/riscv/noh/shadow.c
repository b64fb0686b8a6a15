/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Shadow Sv39 table builder of the no-H back end. Table pages come from the
 * page allocator, zeroed before they are linked in; entries are stored
 * atomically with release order because the hart's walker may read a table
 * of the space it is running on while Erg edits it (the zeroed table must be
 * visible before the pointer to it). The root's slots that hold Erg's own
 * entries are never written or freed here: the tables below them are Erg's.
 */
#include "shadow.h"

#include <string.h>

#include "../pte.h"
#include "mem/page_alloc.h"

#define VPN_BITS      9
#define SHADOW_LEVELS 3u

/* PTEs hold 44-bit page numbers: host addresses below 2^56. */
#define SHADOW_HPA_LIMIT (1ULL << 56)

typedef uint64_t pte_t;

static pte_t *shadow_table(paddr_t pa)
{
	return (pte_t *)(uintptr_t)pa;
}

static uint64_t shadow_page_size(unsigned level)
{
	return 1ULL << (PAGE_SHIFT + VPN_BITS * level);
}

static size_t shadow_index(uint64_t gva, unsigned level)
{
	return (size_t)((gva >> (PAGE_SHIFT + VPN_BITS * level)) & (SHADOW_ROOT_SLOTS - 1));
}

/* Bits 63:39 must copy bit 38, or no Sv39 walk can reach the address. */
static bool shadow_canonical(uint64_t gva)
{
	return (uint64_t)((int64_t)(gva << 25) >> 25) == gva;
}

static bool shadow_in_erg(const struct shadow_space *s, uint64_t gva)
{
	return shadow_index(gva, SHADOW_LEVELS - 1) - s->erg_first < s->erg_count;
}

/* 0 when the address may be shadowed, else the error to return. */
static int shadow_check_gva(const struct shadow_space *s, uint64_t gva)
{
	if (!shadow_canonical(gva))
		return SHADOW_ERR_INVAL;
	return shadow_in_erg(s, gva) ? SHADOW_ERR_ERG : 0;
}

static paddr_t shadow_zeroed_page(void)
{
	paddr_t page = page_alloc(1, 1);

	if (page)
		memset(shadow_table(page), 0, PAGE_SIZE);
	return page;
}

static void shadow_store(pte_t *pte, pte_t value)
{
	__atomic_store_n(pte, value, __ATOMIC_RELEASE);
}

static bool shadow_erg_valid(const struct shadow_erg_range *erg)
{
	if (erg->first > SHADOW_ROOT_SLOTS || erg->count > SHADOW_ROOT_SLOTS - erg->first)
		return false;
	for (unsigned i = 0; i < erg->count; i++) {
		if (!(erg->entries[i] & PTE_V) || (erg->entries[i] & PTE_U))
			return false;
	}
	return true;
}

int shadow_space_init(struct shadow_space *s, const struct shadow_erg_range *erg)
{
	static const struct shadow_erg_range none;

	erg = erg ? erg : &none;
	if (!shadow_erg_valid(erg))
		return SHADOW_ERR_INVAL;
	s->root = shadow_zeroed_page();
	if (!s->root)
		return SHADOW_ERR_NOMEM;
	s->erg_first = erg->first;
	s->erg_count = erg->count;
	s->tables = 0;
	for (unsigned i = 0; i < erg->count; i++)
		shadow_table(s->root)[erg->first + i] = erg->entries[i];
	return SHADOW_OK;
}

static void shadow_table_free(struct shadow_space *s, paddr_t table)
{
	page_free(table, 1);
	s->tables--;
}

/* Free the tables below table, which sits at level (its leaves stay as they are). */
static void shadow_free_below(struct shadow_space *s, pte_t *table, unsigned level)
{
	for (size_t i = 0; i < SHADOW_ROOT_SLOTS && level > 0; i++) {
		if ((table[i] & PTE_V) && !pte_is_leaf(table[i])) {
			shadow_free_below(s, shadow_table(pte_addr(table[i])), level - 1);
			shadow_table_free(s, pte_addr(table[i]));
		}
	}
}

void shadow_flush(struct shadow_space *s)
{
	pte_t *root = shadow_table(s->root);

	for (unsigned i = 0; i < SHADOW_ROOT_SLOTS; i++) {
		if (i - s->erg_first < s->erg_count || !(root[i] & PTE_V))
			continue;
		pte_t old = root[i];

		/* Unlinked first, so the hart never walks into a freed page. */
		shadow_store(&root[i], 0);
		if (!pte_is_leaf(old)) {
			shadow_free_below(s, shadow_table(pte_addr(old)), SHADOW_LEVELS - 2);
			shadow_table_free(s, pte_addr(old));
		}
	}
}

void shadow_space_destroy(struct shadow_space *s)
{
	shadow_flush(s);
	page_free(s->root, 1);
	s->root = 0;
}

/* Read, read-write, and either with execute, or execute alone; W without R is reserved. */
static bool shadow_perms_valid(unsigned perms)
{
	return perms && !(perms & ~SHADOW_PERM_RWX) &&
	       !((perms & SHADOW_PERM_W) && !(perms & SHADOW_PERM_R));
}

static int shadow_map_check(const struct shadow_space *s, uint64_t gva, paddr_t hpa, unsigned level,
			    unsigned perms)
{
	if (level >= SHADOW_LEVELS || !shadow_perms_valid(perms))
		return SHADOW_ERR_INVAL;
	if ((gva | hpa) & (shadow_page_size(level) - 1) || hpa >= SHADOW_HPA_LIMIT)
		return SHADOW_ERR_INVAL;
	return shadow_check_gva(s, gva);
}

/*
 * The table below *pte, made when absent. A superpage leaf there is
 * replaced by a fresh table (*replaced set): the shadow is a cache, and the
 * rest of the superpage refaults. NULL when no page is free.
 */
static pte_t *shadow_next_table(struct shadow_space *s, pte_t *pte, int *replaced)
{
	paddr_t page;

	if ((*pte & PTE_V) && !pte_is_leaf(*pte))
		return shadow_table(pte_addr(*pte));
	page = shadow_zeroed_page();
	if (!page)
		return NULL;
	s->tables++;
	if (*pte & PTE_V)
		*replaced = SHADOW_REPLACED;
	shadow_store(pte, PTE_V | ((page >> PAGE_SHIFT) << PTE_PPN_SHIFT));
	return shadow_table(page);
}

/* U always (real U-mode runs the guest), A and D preset, never G. */
static pte_t shadow_leaf(paddr_t hpa, unsigned perms)
{
	return PTE_V | PTE_U | PTE_A | PTE_D | (perms & SHADOW_PERM_RWX) |
	       ((hpa >> PAGE_SHIFT) << PTE_PPN_SHIFT);
}

int shadow_map(struct shadow_space *s, uint64_t gva, paddr_t hpa, unsigned level, unsigned perms)
{
	int err = shadow_map_check(s, gva, hpa, level, perms);
	int replaced = SHADOW_OK;
	pte_t *table = shadow_table(s->root);

	if (err)
		return err;
	for (unsigned l = SHADOW_LEVELS - 1; l > level; l--) {
		table = shadow_next_table(s, &table[shadow_index(gva, l)], &replaced);
		if (!table)
			return SHADOW_ERR_NOMEM;
	}
	pte_t *pte = &table[shadow_index(gva, level)];

	if ((*pte & PTE_V) && !pte_is_leaf(*pte))
		return SHADOW_ERR_OCCUPIED;
	if (*pte & PTE_V)
		replaced = SHADOW_REPLACED;
	shadow_store(pte, shadow_leaf(hpa, perms));
	return replaced;
}

int shadow_unmap(struct shadow_space *s, uint64_t gva)
{
	int err = shadow_check_gva(s, gva);
	pte_t *table = shadow_table(s->root);

	if (err)
		return err;
	for (int level = (int)SHADOW_LEVELS - 1; level >= 0; level--) {
		pte_t *pte = &table[shadow_index(gva, (unsigned)level)];

		if (!(*pte & PTE_V))
			break;
		if (pte_is_leaf(*pte)) {
			shadow_store(pte, 0);
			break;
		}
		table = shadow_table(pte_addr(*pte));
	}
	return SHADOW_OK;
}

/*
 * What the virtual mode may do with the leaf: U clear, virtual S only; U
 * set, virtual U, or virtual S with SUM and then never execute. MXR is
 * applied before X is taken away: with SUM and MXR, virtual S may load
 * from an execute-only user page.
 */
static unsigned shadow_mode_perms(unsigned guest, enum shadow_mode mode, bool sum, bool mxr)
{
	unsigned perms = guest & SHADOW_PERM_RWX;

	if (mxr && (perms & SHADOW_PERM_X))
		perms |= SHADOW_PERM_R;
	if (!(guest & GWALK_PERM_U))
		return mode == SHADOW_VIRT_S ? perms : 0;
	if (mode == SHADOW_VIRT_U)
		return perms;
	return sum ? perms & ~SHADOW_PERM_X : 0;
}

/* The guest's A and D gate the shadow: no A, nothing; no D, no W. */
static unsigned shadow_ad_perms(const struct gwalk_result *walk, unsigned perms)
{
	if (!(walk->pte & PTE_A))
		return 0;
	return walk->pte & PTE_D ? perms : perms & ~SHADOW_PERM_W;
}

static unsigned shadow_access_perm(enum gwalk_access access)
{
	if (access == GWALK_WRITE)
		return SHADOW_PERM_W;
	return access == GWALK_EXEC ? SHADOW_PERM_X : SHADOW_PERM_R;
}

unsigned shadow_perms(const struct gwalk_result *walk, enum shadow_mode mode, bool sum, bool mxr,
		      enum gwalk_access access)
{
	unsigned perms;

	if (walk->status != GWALK_OK)
		return 0;
	if (walk->pte_gpa == GWALK_NO_PTE) {
		perms = SHADOW_PERM_RWX; /* Bare: every mode reaches everything */
	} else {
		perms = shadow_mode_perms(walk->perms, mode, sum, mxr);
		perms = shadow_ad_perms(walk, perms);
	}
	return perms & shadow_access_perm(access) ? perms : 0;
}

uint64_t shadow_satp(const struct shadow_space *s, uint16_t asid)
{
	return ((uint64_t)SHADOW_SATP_SV39 << 60) | ((uint64_t)asid << 44) |
	       (s->root >> PAGE_SHIFT);
}
