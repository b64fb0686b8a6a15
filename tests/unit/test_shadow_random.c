/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Random test of arch/riscv/noh/shadow.c: random guest walk results (leaf
 * permissions, U, A/D, virtual mode, SUM, MXR, access, page size) go
 * through shadow_perms and shadow_map into one space with Erg's range,
 * crowded into a few slots so that pages land on each other; each map is
 * read back at once through the walker (shadow_fixture.h), and its result
 * checked against what was there before: a fresh map, a replaced leaf, or
 * a superpage refused over a table. Unmaps now and then, a flush every
 * round, and the allocator's page count back where it was each time.
 */
#include <stdio.h>

#include "shadow_fixture.h"
#include "test_rng.h"

#define ROUNDS	     16
#define MAPS_A_ROUND 2500
#define ERG_SLOT     256u

static uint64_t pick(const uint64_t *from, size_t n)
{
	return from[rng() % n];
}

/* Outcomes seen, so that the test proves it reached each. */
static unsigned seen_fresh, seen_replaced, seen_occupied, seen_erg, seen_nothing, seen_unmaps;

static struct gwalk_result random_walk(unsigned level)
{
	static const uint64_t leaves[] = {PTE_R, PTE_R | PTE_W, PTE_X, PTE_R | PTE_X,
					  PTE_R | PTE_W | PTE_X};
	uint64_t flags = pick(leaves, 5) | (rng() & (PTE_U | PTE_D));

	flags |= rng() % 8 ? PTE_A : 0; /* without A nothing maps: rarely */

	return (struct gwalk_result){.status = GWALK_OK,
				     .gpa = 0x80000000ull,
				     .level = level,
				     .perms = (unsigned)(flags & (PTE_R | PTE_W | PTE_X | PTE_U)),
				     .pte_gpa = 0x80000000ull + (rng() & 0xff8),
				     .pte = gw_pte(0x80000000ull, PTE_V | flags)};
}

/* A canonical address in a few crowded slots (Erg's among them), aligned to level. */
static uint64_t random_gva(unsigned level)
{
	static const uint64_t slots[] = {0, 1, 2, 255, ERG_SLOT, 257, 511};
	uint64_t slot = pick(slots, 7);
	uint64_t gva = slot << 30 | (rng() % 4) << 21 | (rng() % 8) << 12;

	if (slot >= 256)
		gva |= ~((1ull << 39) - 1); /* the high half: bits 63:39 copy bit 38 */
	return gva & ~(gwalk_page_size(level) - 1);
}

static unsigned random_level(void)
{
	unsigned n = (unsigned)(rng() % 10);

	return n < 6 ? 0 : n < 9 ? 1 : 2;
}

/* The level of the leaf now covering gva, or -1. */
static int mapped_level(const struct shadow_space *s, uint64_t gva)
{
	struct gwalk_result r = sh_lookup(s, gva, GWALK_READ);

	if (r.status != GWALK_OK)
		r = sh_lookup(s, gva, GWALK_EXEC); /* execute-only leaves */
	return r.status == GWALK_OK ? (int)r.level : -1;
}

static void check_result(const struct shadow_space *s, uint64_t gva, int before, int rc,
			 unsigned level, uint64_t hpa, unsigned perms)
{
	if ((gva >> 30 & 511) == ERG_SLOT) {
		assert_int_equal(rc, SHADOW_ERR_ERG);
		seen_erg++;
		return;
	}
	if (before >= (int)level) {
		assert_int_equal(rc, SHADOW_REPLACED);
		seen_replaced++;
	} else if (rc == SHADOW_ERR_OCCUPIED) {
		/* Refused only for a superpage, over a table, which is left as it was. */
		assert_true(level > 0);
		assert_int_equal(mapped_level(s, gva), before);
		seen_occupied++;
		return;
	} else {
		assert_int_equal(rc, SHADOW_OK);
		seen_fresh++;
	}
	sh_assert_maps(s, gva + (rng() & (gwalk_page_size(level) - 1) & ~7ull), hpa, level, perms);
}

static void map_one(struct shadow_space *s)
{
	unsigned level = random_level();
	struct gwalk_result walk = random_walk(level);
	unsigned perms = shadow_perms(&walk, (enum shadow_mode)(rng() & 1), rng() & 1, rng() & 1,
				      (enum gwalk_access)(rng() % 3));
	uint64_t gva = random_gva(level);
	uint64_t hpa = rng() & ((1ull << 56) - 1) & ~(gwalk_page_size(level) - 1);
	int before;

	if (!perms) {
		seen_nothing++;
		return;
	}
	before = mapped_level(s, gva);
	check_result(s, gva, before, shadow_map(s, gva, hpa, level, perms), level, hpa, perms);
}

static void unmap_one(struct shadow_space *s)
{
	uint64_t gva = random_gva(0);
	int rc = shadow_unmap(s, gva);

	if ((gva >> 30 & 511) == ERG_SLOT) {
		assert_int_equal(rc, SHADOW_ERR_ERG);
		return;
	}
	assert_int_equal(rc, SHADOW_OK);
	sh_assert_unmapped(s, gva);
	seen_unmaps++;
}

static void test_random_maps(void **state)
{
	static const uint64_t erg_entry =
	    PTE_V | PTE_R | PTE_X | PTE_A | PTE_D | (0x80000ull << 10);
	struct shadow_erg_range erg = {.entries = &erg_entry, .first = ERG_SLOT, .count = 1};
	size_t start = page_alloc_free_pages();
	struct shadow_space s;

	(void)state;
	assert_int_equal(shadow_space_init(&s, &erg), SHADOW_OK);
	for (unsigned round = 0; round < ROUNDS; round++) {
		for (unsigned i = 0; i < MAPS_A_ROUND; i++) {
			if (rng() % 16 == 0)
				unmap_one(&s);
			else
				map_one(&s);
		}
		shadow_flush(&s);
		assert_int_equal(page_alloc_free_pages(), start - 1);
		assert_int_equal(((uint64_t *)(uintptr_t)s.root)[ERG_SLOT], erg_entry);
	}
	shadow_space_destroy(&s);
	assert_int_equal(page_alloc_free_pages(), start);
	printf("  maps: fresh %u, replaced %u, occupied %u, Erg's %u, nothing to map %u, "
	       "unmaps %u\n",
	       seen_fresh, seen_replaced, seen_occupied, seen_erg, seen_nothing, seen_unmaps);
	assert_true(seen_fresh >= 1000 && seen_replaced >= 1000 && seen_occupied >= 100);
	assert_true(seen_erg >= 100 && seen_nothing >= 1000 && seen_unmaps >= 500);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup(test_random_maps, sh_setup),
	};

	return cmocka_run_group_tests(tests, sh_group_setup, sh_group_teardown);
}
