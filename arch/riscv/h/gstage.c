/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * G-stage table builder. The root level is 4 pages (2 extra GPA bits, the
 * "x4"); lower levels are ordinary 512-entry pages. Leaves carry U, A and D:
 * the spec treats every guest access as user-level at this stage, and with A
 * and D preset no hardware or software update is ever needed.
 */
#include "arch/gstage.h"

#include <string.h>

#include "../csr.h"
#include "../pte.h"
#include "mem/page_alloc.h"

#define GSTAGE_ROOT_PAGES 4

/* PTEs hold 44-bit page numbers: host addresses below 2^56. */
#define GSTAGE_HPA_LIMIT (1ULL << 56)

typedef uint64_t pte_t;

static pte_t *gstage_table(paddr_t pa)
{
	return (pte_t *)(uintptr_t)pa;
}

/* Bits of GPA translated by one entry at this level (level 0 = 4 KiB pages). */
static unsigned gstage_level_shift(unsigned level)
{
	return PAGE_SHIFT + 9 * level;
}

static size_t gstage_index(uint64_t gpa, unsigned level, unsigned levels)
{
	uint64_t mask = level == levels - 1 ? 0x7ff : 0x1ff; /* the x4 root has 2048 entries */

	return (size_t)((gpa >> gstage_level_shift(level)) & mask);
}

uint64_t gstage_reach(unsigned levels)
{
	return 1ULL << (gstage_level_shift(levels - 1) + 11);
}

int gstage_init(struct gstage *g, uint64_t gpa_limit)
{
	g->levels = gpa_limit <= gstage_reach(3) ? 3 : 4;
	if (gpa_limit > gstage_reach(g->levels))
		return -1;
	g->root = page_alloc(GSTAGE_ROOT_PAGES, GSTAGE_ROOT_PAGES);
	if (!g->root)
		return -1;
	memset(gstage_table(g->root), 0, GSTAGE_ROOT_PAGES * PAGE_SIZE);
	return 0;
}

static pte_t gstage_leaf(paddr_t hpa, unsigned perms)
{
	pte_t pte = PTE_V | PTE_U | PTE_A | PTE_D | ((hpa >> PAGE_SHIFT) << PTE_PPN_SHIFT);

	pte |= perms & GSTAGE_READ ? PTE_R : 0;
	pte |= perms & GSTAGE_WRITE ? PTE_W : 0;
	pte |= perms & GSTAGE_EXEC ? PTE_X : 0;
	return pte;
}

/* The table one level below *pte, allocated when absent; NULL when out of memory. */
static pte_t *gstage_next_table(pte_t *pte)
{
	paddr_t page;

	if (*pte & PTE_V)
		return pte_is_leaf(*pte) ? NULL : gstage_table(pte_addr(*pte));
	page = page_alloc(1, 1);
	if (!page)
		return NULL;
	memset(gstage_table(page), 0, PAGE_SIZE);
	/* Another hart's walker may follow this entry at once: the zeroed table first. */
	__atomic_store_n(pte, PTE_V | ((page >> PAGE_SHIFT) << PTE_PPN_SHIFT), __ATOMIC_RELEASE);
	return gstage_table(page);
}

/* The largest leaf level (2 = 1 GiB, 1 = 2 MiB, 0 = 4 KiB) this step may use. */
static unsigned gstage_leaf_level(uint64_t gpa, paddr_t hpa, uint64_t left)
{
	for (unsigned level = 2; level > 0; level--) {
		uint64_t size = 1ULL << gstage_level_shift(level);

		if (!(gpa & (size - 1)) && !(hpa & (size - 1)) && left >= size)
			return level;
	}
	return 0;
}

static int gstage_map_one(struct gstage *g, uint64_t gpa, paddr_t hpa, unsigned leaf_level,
			  unsigned perms)
{
	pte_t *table = gstage_table(g->root);

	for (unsigned level = g->levels - 1; level > leaf_level; level--) {
		table = gstage_next_table(&table[gstage_index(gpa, level, g->levels)]);
		if (!table)
			return -1;
	}
	pte_t *pte = &table[gstage_index(gpa, leaf_level, g->levels)];

	if (*pte & PTE_V)
		return -1; /* never silently replace an existing mapping */
	/* RAM mapped while the guest runs: what was written to the page goes first. */
	__atomic_store_n(pte, gstage_leaf(hpa, perms), __ATOMIC_RELEASE);
	return 0;
}

/* Read, read-write, and either with execute, or execute alone; W without R is reserved. */
static bool gstage_perms_valid(unsigned perms)
{
	return perms && !(perms & ~GSTAGE_RWX) &&
	       !((perms & GSTAGE_WRITE) && !(perms & GSTAGE_READ));
}

int gstage_map(struct gstage *g, uint64_t gpa, paddr_t hpa, uint64_t size, unsigned perms)
{
	if ((gpa | hpa | size) & (PAGE_SIZE - 1) || !size || !gstage_perms_valid(perms) ||
	    size > gstage_reach(g->levels) || gpa > gstage_reach(g->levels) - size ||
	    hpa >= GSTAGE_HPA_LIMIT || size > GSTAGE_HPA_LIMIT - hpa)
		return -1;
	while (size) {
		unsigned level = gstage_leaf_level(gpa, hpa, size);
		uint64_t step = 1ULL << gstage_level_shift(level);

		if (gstage_map_one(g, gpa, hpa, level, perms))
			return -1;
		gpa += step;
		hpa += step;
		size -= step;
	}
	return 0;
}

/* The leaf mapping gpa and its level, or NULL when gpa is not mapped. */
static pte_t *gstage_leaf_of(const struct gstage *g, uint64_t gpa, unsigned *level_out)
{
	pte_t *table = gstage_table(g->root);

	for (int level = (int)g->levels - 1; level >= 0; level--) {
		pte_t *pte = &table[gstage_index(gpa, (unsigned)level, g->levels)];

		if (!(*pte & PTE_V))
			return NULL;
		if (pte_is_leaf(*pte)) {
			*level_out = (unsigned)level;
			return pte;
		}
		table = gstage_table(pte_addr(*pte));
	}
	return NULL;
}

int gstage_unmap(struct gstage *g, uint64_t gpa, uint64_t size)
{
	if ((gpa | size) & (PAGE_SIZE - 1) || size > gstage_reach(g->levels) ||
	    gpa > gstage_reach(g->levels) - size)
		return -1;
	while (size) {
		unsigned level = 0;
		pte_t *pte = gstage_leaf_of(g, gpa, &level);
		uint64_t step = 1ULL << gstage_level_shift(level);

		if (!pte) {
			step = PAGE_SIZE; /* a hole: nothing to take away */
		} else if ((gpa & (step - 1)) || size < step) {
			return -1; /* a leaf reaching past the range stays whole */
		} else {
			__atomic_store_n(pte, 0, __ATOMIC_RELEASE);
		}
		gpa += step;
		size -= step;
	}
	return 0;
}

bool gstage_lookup(const struct gstage *g, uint64_t gpa, struct gstage_leaf *out)
{
	unsigned level;
	pte_t *pte = gpa < gstage_reach(g->levels) ? gstage_leaf_of(g, gpa, &level) : NULL;
	pte_t value;

	if (!pte)
		return false;
	value = __atomic_load_n(pte, __ATOMIC_ACQUIRE);
	if (!(value & PTE_V))
		return false; /* taken out meanwhile */
	out->size = 1ULL << gstage_level_shift(level);
	out->gpa = gpa & ~(out->size - 1);
	out->hpa = pte_addr(value);
	out->perms = (value & PTE_R ? GSTAGE_READ : 0) | (value & PTE_W ? GSTAGE_WRITE : 0) |
		     (value & PTE_X ? GSTAGE_EXEC : 0);
	return true;
}

bool gstage_translate(const struct gstage *g, uint64_t gpa, paddr_t *hpa, unsigned *perms)
{
	struct gstage_leaf leaf;

	if (!gstage_lookup(g, gpa, &leaf))
		return false;
	*hpa = leaf.hpa + (gpa - leaf.gpa);
	*perms = leaf.perms;
	return true;
}

static void gstage_free_level(pte_t *table, size_t entries, unsigned level)
{
	for (size_t i = 0; i < entries && level > 0; i++) {
		if ((table[i] & PTE_V) && !pte_is_leaf(table[i])) {
			gstage_free_level(gstage_table(pte_addr(table[i])), 512, level - 1);
			page_free(pte_addr(table[i]), 1);
		}
	}
}

void gstage_destroy(struct gstage *g)
{
	gstage_free_level(gstage_table(g->root), 2048, g->levels - 1);
	page_free(g->root, GSTAGE_ROOT_PAGES);
	g->root = 0;
}

uint64_t gstage_hgatp(const struct gstage *g, uint16_t vmid)
{
	uint64_t mode = g->levels == 3 ? GSTAGE_MODE_SV39X4 : GSTAGE_MODE_SV48X4;

	return (mode << 60) | (((uint64_t)vmid << HGATP_VMID_SHIFT) & HGATP_VMID_MASK) |
	       (g->root >> PAGE_SHIFT);
}
