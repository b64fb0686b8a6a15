/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Unit tests for arch/riscv/h/gstage.c, the Sv39x4 / Sv48x4 G-stage table
 * builder, over host memory: its table pages come from page_alloc, which is
 * given a host buffer (pre-filled with junk, so tables must be zeroed). Host
 * addresses being mapped are plain numbers that are never touched. Checked:
 * the level count per GPA limit; a 16 KiB aligned root; translation of every
 * page of a mapping; 1 GiB and 2 MiB leaves where gpa, hpa and size allow
 * them, counted in table pages consumed; refusals of bad arguments and of
 * overlaps; the raw PTE bits; the hgatp encoding; destroy freeing every page.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "arch/gstage.h"
#include "host_arch.h"
#include "mem/page_alloc.h"
#include "riscv/pte.h"

#define ARENA_SIZE MIB(8)
#define GIB(x)	   ((uint64_t)(x) << 30)
#define REACH_SV39 (1ULL << 41)
#define REACH_SV48 (1ULL << 50)

/* A PTE's flag bits, and its page number in place (the PTE bits are arch/riscv/pte.h's). */
#define PTE_FLAGS     0x3ffULL
#define PTE_PPN_FIELD (PTE_PPN_MASK << PTE_PPN_SHIFT)

static void *arena;

static int group_setup(void **state)
{
	(void)state;
	arena = aligned_alloc(MIB(1), ARENA_SIZE);
	return arena ? 0 : -1;
}

static int group_teardown(void **state)
{
	(void)state;
	free(arena);
	return 0;
}

/* A fresh allocator over the junk-filled arena before every test. */
static int setup(void **state)
{
	(void)state;
	return host_page_arena(arena, ARENA_SIZE, 0xa5);
}

static uint64_t *table_at(paddr_t pa)
{
	return (uint64_t *)(uintptr_t)pa;
}

/* The raw PTE that ends the walk for gpa (leaf or invalid), and its level. */
static uint64_t raw_pte(const struct gstage *g, uint64_t gpa, int *level_out)
{
	uint64_t *table = table_at(g->root);

	for (int level = (int)g->levels - 1; level >= 0; level--) {
		uint64_t mask = level == (int)g->levels - 1 ? 0x7ff : 0x1ff;
		uint64_t pte = table[(gpa >> (12 + 9 * level)) & mask];

		*level_out = level;
		if (!(pte & PTE_V) || (pte & (PTE_R | PTE_W | PTE_X)))
			return pte;
		/* A pointer to the next level carries V only (U, A, D are reserved there). */
		assert_int_equal(pte & PTE_FLAGS, PTE_V);
		table = table_at((pte & PTE_PPN_FIELD) << 2);
	}
	fail_msg("walk for 0x%llx ran past level 0", (unsigned long long)gpa);
	return 0;
}

/* Every page of [gpa, gpa+size) translates to hpa + its offset, with perms. */
static void expect_mapped(const struct gstage *g, uint64_t gpa, paddr_t hpa, uint64_t size,
			  unsigned perms)
{
	for (uint64_t off = 0; off < size; off += PAGE_SIZE) {
		uint64_t in_page = (off / PAGE_SIZE * 8) % PAGE_SIZE;
		paddr_t got = 0;
		unsigned got_perms = 0;

		if (!gstage_translate(g, gpa + off + in_page, &got, &got_perms))
			fail_msg("gpa 0x%llx unmapped", (unsigned long long)(gpa + off));
		assert_int_equal(got, hpa + off + in_page);
		assert_int_equal(got_perms, perms);
	}
}

static bool mapped(const struct gstage *g, uint64_t gpa)
{
	paddr_t hpa;
	unsigned perms;

	return gstage_translate(g, gpa, &hpa, &perms);
}

/* Table pages (root excluded) a fresh table uses to map one range. */
static size_t tables_for(unsigned levels, uint64_t gpa, paddr_t hpa, uint64_t size)
{
	struct gstage g;
	size_t before, used;

	assert_int_equal(gstage_init(&g, levels == 3 ? REACH_SV39 : REACH_SV48), 0);
	before = page_alloc_free_pages();
	assert_int_equal(gstage_map(&g, gpa, hpa, size, GSTAGE_RWX), 0);
	expect_mapped(&g, gpa, hpa, size, GSTAGE_RWX);
	used = before - page_alloc_free_pages();
	gstage_destroy(&g);
	return used;
}

static void test_levels_by_limit(void **state)
{
	const size_t start = page_alloc_free_pages();
	const struct {
		uint64_t limit;
		unsigned levels;
	} ok[] = {{1, 3}, {GIB(4), 3}, {REACH_SV39, 3}, {REACH_SV39 + 1, 4}, {REACH_SV48, 4}};
	struct gstage g;

	(void)state;
	assert_int_equal(gstage_reach(3), REACH_SV39);
	assert_int_equal(gstage_reach(4), REACH_SV48);
	for (size_t i = 0; i < ARRAY_SIZE(ok); i++) {
		assert_int_equal(gstage_init(&g, ok[i].limit), 0);
		assert_int_equal(g.levels, ok[i].levels);
		assert_int_equal(g.root % 0x4000, 0);
		assert_int_equal(page_alloc_free_pages(), start - 4);
		for (size_t e = 0; e < 2048; e++)
			assert_int_equal(table_at(g.root)[e], 0);
		gstage_destroy(&g);
		assert_int_equal(page_alloc_free_pages(), start);
	}
	assert_int_equal(gstage_init(&g, REACH_SV48 + 1), -1);
	assert_int_equal(gstage_init(&g, UINT64_MAX), -1);
	assert_int_equal(page_alloc_free_pages(), start);
}

static void test_out_of_memory(void **state)
{
	struct gstage g, g2;

	(void)state;
	assert_int_equal(gstage_init(&g, REACH_SV39), 0);
	while (page_alloc(1, 1))
		;
	assert_int_equal(page_alloc_free_pages(), 0);
	assert_int_equal(gstage_init(&g2, REACH_SV39), -1);
	/* A 4 KiB leaf needs lower tables; a 1 GiB leaf lives in the root. */
	assert_int_equal(gstage_map(&g, 0x80000000, 0x90000000, PAGE_SIZE, GSTAGE_RWX), -1);
	assert_false(mapped(&g, 0x80000000));
	assert_int_equal(gstage_map(&g, GIB(2), GIB(2), GIB(1), GSTAGE_RWX), 0);
	expect_mapped(&g, GIB(2), GIB(2), GIB(1), GSTAGE_RWX);
}

static void test_map_translates_every_page(void **state)
{
	struct gstage g;

	(void)state;
	assert_int_equal(gstage_init(&g, REACH_SV39), 0);
	/* hpa only 4 KiB aligned: all 4 KiB leaves, across three level-0 tables. */
	assert_int_equal(
	    gstage_map(&g, 0x80000000, 0x123456000, MIB(4) + 5 * PAGE_SIZE, GSTAGE_RWX), 0);
	assert_int_equal(gstage_map(&g, 0x10000000, 0x40000000, MIB(2), GSTAGE_READ | GSTAGE_EXEC),
			 0);
	assert_int_equal(gstage_map(&g, 0x20000000, 0x7000, 3 * PAGE_SIZE, GSTAGE_READ), 0);
	expect_mapped(&g, 0x80000000, 0x123456000, MIB(4) + 5 * PAGE_SIZE, GSTAGE_RWX);
	expect_mapped(&g, 0x10000000, 0x40000000, MIB(2), GSTAGE_READ | GSTAGE_EXEC);
	expect_mapped(&g, 0x20000000, 0x7000, 3 * PAGE_SIZE, GSTAGE_READ);
	gstage_destroy(&g);
}

static void test_superpages_save_tables(void **state)
{
	(void)state;
	/* 1 GiB aligned: a root leaf in Sv39x4, one level-2 table in Sv48x4. */
	assert_int_equal(tables_for(3, GIB(2), GIB(5), GIB(1)), 0);
	assert_int_equal(tables_for(4, GIB(2), GIB(5), GIB(1)), 1);
	/* 2 MiB aligned, 4 MiB: one level-1 table holding two 2 MiB leaves. */
	assert_int_equal(tables_for(3, 0x80000000, 0x90000000, MIB(4)), 1);
	/* The same with hpa off by a page: a level-1 table and two level-0 tables. */
	assert_int_equal(tables_for(3, 0x80000000, 0x90001000, MIB(4)), 3);
	/* gpa and hpa never 2 MiB aligned together: 1024 pages over three level-0 tables. */
	assert_int_equal(tables_for(3, 0x80001000, 0x90002000, MIB(4)), 4);
	/* Both off by the same page: aligned together after 511 pages, so a 2 MiB leaf. */
	assert_int_equal(tables_for(3, 0x80001000, 0x90001000, MIB(4)), 3);
	/* One page, a 2 MiB leaf, one page: level-1 table plus the two edge tables. */
	assert_int_equal(tables_for(3, 0x801ff000, 0x901ff000, MIB(2) + 2 * PAGE_SIZE), 3);
	/* 1 GiB + 2 MiB + 4 KiB: a root leaf, then one level-1 and one level-0 table. */
	assert_int_equal(tables_for(3, GIB(1), GIB(3), GIB(1) + MIB(2) + PAGE_SIZE), 2);
	/* A 1 GiB aligned gpa with size below 1 GiB takes 2 MiB leaves only. */
	assert_int_equal(tables_for(3, GIB(1), GIB(3), GIB(1) - MIB(2)), 1);
}

static void test_leaf_levels(void **state)
{
	/* gpa, the level of its leaf */
	const uint64_t want[][2] = {{0x801ff000, 0},
				    {0x80200000, 1},
				    {0x803fffff, 1},
				    {0x80400000, 0},
				    {GIB(3) + 12345, 2}};
	struct gstage g;
	int level;

	(void)state;
	assert_int_equal(gstage_init(&g, REACH_SV39), 0);
	assert_int_equal(gstage_map(&g, 0x801ff000, 0x901ff000, MIB(2) + 2 * PAGE_SIZE, GSTAGE_RWX),
			 0);
	assert_int_equal(gstage_map(&g, GIB(3), GIB(7), GIB(1), GSTAGE_RWX), 0);
	for (size_t i = 0; i < ARRAY_SIZE(want); i++) {
		raw_pte(&g, want[i][0], &level);
		assert_int_equal(level, want[i][1]);
	}
	gstage_destroy(&g);
}

static void test_bad_arguments(void **state)
{
	struct gstage g;
	size_t before;

	(void)state;
	assert_int_equal(gstage_init(&g, REACH_SV39), 0);
	before = page_alloc_free_pages();
	assert_int_equal(gstage_map(&g, 0x80000800, 0x90000000, PAGE_SIZE, GSTAGE_RWX), -1);
	assert_int_equal(gstage_map(&g, 0x80000000, 0x90000001, PAGE_SIZE, GSTAGE_RWX), -1);
	assert_int_equal(gstage_map(&g, 0x80000000, 0x90000000, PAGE_SIZE + 8, GSTAGE_RWX), -1);
	assert_int_equal(gstage_map(&g, 0x80000000, 0x90000000, 0, GSTAGE_RWX), -1);
	/* gpa + size wraps around zero. */
	assert_int_equal(
	    gstage_map(&g, UINT64_MAX - PAGE_SIZE + 1, 0x90000000, 2 * PAGE_SIZE, GSTAGE_RWX), -1);
	assert_int_equal(
	    gstage_map(&g, PAGE_SIZE, 0x90000000, UINT64_MAX - PAGE_SIZE + 1, GSTAGE_RWX), -1);
	/* Beyond reach: starting there, or running one page past it. */
	assert_int_equal(gstage_map(&g, REACH_SV39, 0x90000000, PAGE_SIZE, GSTAGE_RWX), -1);
	assert_int_equal(
	    gstage_map(&g, REACH_SV39 - PAGE_SIZE, 0x90000000, 2 * PAGE_SIZE, GSTAGE_RWX), -1);
	assert_int_equal(page_alloc_free_pages(), before);
	assert_false(mapped(&g, 0x80000000));
	/* The last page within reach is fine, and lands in the root's entry 2047. */
	assert_int_equal(gstage_map(&g, REACH_SV39 - PAGE_SIZE, 0x90000000, PAGE_SIZE, GSTAGE_RWX),
			 0);
	expect_mapped(&g, REACH_SV39 - PAGE_SIZE, 0x90000000, PAGE_SIZE, GSTAGE_RWX);
	assert_int_not_equal(table_at(g.root)[2047], 0);
	gstage_destroy(&g);
}

static void test_no_remap(void **state)
{
	struct gstage g;

	(void)state;
	assert_int_equal(gstage_init(&g, REACH_SV39), 0);
	assert_int_equal(gstage_map(&g, 0x80000000, 0x90000000, MIB(2), GSTAGE_RWX), 0);
	assert_int_equal(gstage_map(&g, 0x80400000, 0x90401000, 4 * PAGE_SIZE, GSTAGE_RWX), 0);
	assert_int_equal(gstage_map(&g, GIB(4), GIB(8), GIB(1), GSTAGE_RWX), 0);
	/* Same range again; a page inside a 2 MiB or 1 GiB leaf; a superpage over pages. */
	assert_int_equal(gstage_map(&g, 0x80000000, 0x90000000, MIB(2), GSTAGE_RWX), -1);
	assert_int_equal(gstage_map(&g, 0x80001000, 0xa0000000, PAGE_SIZE, GSTAGE_READ), -1);
	assert_int_equal(gstage_map(&g, GIB(4) + MIB(2), 0xa0000000, MIB(2), GSTAGE_READ), -1);
	assert_int_equal(gstage_map(&g, 0x80400000, 0xa0000000, MIB(2), GSTAGE_READ), -1);
	assert_int_equal(gstage_map(&g, 0x80403000, 0xa0000000, PAGE_SIZE, GSTAGE_READ), -1);
	assert_int_equal(gstage_map(&g, GIB(4), GIB(9), GIB(1), GSTAGE_READ), -1);
	/* The first mappings are unchanged. */
	expect_mapped(&g, 0x80000000, 0x90000000, MIB(2), GSTAGE_RWX);
	expect_mapped(&g, 0x80400000, 0x90401000, 4 * PAGE_SIZE, GSTAGE_RWX);
	expect_mapped(&g, GIB(4), GIB(8), GIB(1), GSTAGE_RWX);
	gstage_destroy(&g);
}

static void test_unmapped_translate_false(void **state)
{
	struct gstage g;
	paddr_t hpa = 0x1234;
	unsigned perms = 77;

	(void)state;
	assert_int_equal(gstage_init(&g, REACH_SV39), 0);
	assert_false(mapped(&g, 0));
	assert_false(mapped(&g, 0x80000000));
	assert_int_equal(gstage_map(&g, 0x80002000, 0x90002000, 3 * PAGE_SIZE, GSTAGE_RWX), 0);
	assert_false(mapped(&g, 0x80001fff)); /* same level-0 table, entry before */
	assert_true(mapped(&g, 0x80002000));
	assert_true(mapped(&g, 0x80004fff));
	assert_false(mapped(&g, 0x80005000)); /* entry after */
	assert_false(mapped(&g, 0x80200000)); /* same level-1 table, next 2 MiB */
	assert_false(mapped(&g, 0x80002000 + GIB(1)));
	assert_false(mapped(&g, 0x80002000 + (1ULL << 40))); /* root index + 1024: no aliasing */
	assert_false(mapped(&g, REACH_SV39));
	assert_false(mapped(&g, REACH_SV39 + 0x80002000)); /* would alias if not range-checked */
	assert_false(gstage_translate(&g, UINT64_MAX, &hpa, &perms));
	assert_int_equal(hpa, 0x1234);
	assert_int_equal(perms, 77);
	gstage_destroy(&g);
}

static void test_sv48x4_whole_reach(void **state)
{
	struct gstage g;
	const size_t start = page_alloc_free_pages();

	(void)state;
	assert_int_equal(gstage_init(&g, REACH_SV48), 0);
	assert_int_equal(gstage_map(&g, 0x80000000, 0x90000000, MIB(2), GSTAGE_RWX), 0);
	assert_int_equal(gstage_map(&g, REACH_SV48 - MIB(2), 0xa0000000, MIB(2), GSTAGE_READ), 0);
	assert_int_equal(gstage_map(&g, (1ULL << 49) + PAGE_SIZE, 0x5000, PAGE_SIZE, GSTAGE_READ),
			 0);
	expect_mapped(&g, 0x80000000, 0x90000000, MIB(2), GSTAGE_RWX);
	expect_mapped(&g, REACH_SV48 - MIB(2), 0xa0000000, MIB(2), GSTAGE_READ);
	expect_mapped(&g, (1ULL << 49) + PAGE_SIZE, 0x5000, PAGE_SIZE, GSTAGE_READ);
	assert_int_not_equal(table_at(g.root)[2047], 0);
	assert_int_not_equal(table_at(g.root)[1024], 0);
	assert_false(mapped(&g, (1ULL << 49)));
	assert_false(mapped(&g, REACH_SV48));
	assert_false(mapped(&g, 0x80000000 + (1ULL << 49)));
	gstage_destroy(&g);
	assert_int_equal(page_alloc_free_pages(), start);
}

static void test_leaf_pte_bits(void **state)
{
	const unsigned perms[] = {GSTAGE_READ, GSTAGE_READ | GSTAGE_WRITE,
				  GSTAGE_READ | GSTAGE_EXEC, GSTAGE_EXEC, GSTAGE_RWX};
	struct gstage g;
	int level;

	(void)state;
	assert_int_equal(gstage_init(&g, REACH_SV39), 0);
	for (size_t i = 0; i < ARRAY_SIZE(perms); i++) {
		uint64_t gpa = 0x80000000 + i * MIB(2);
		paddr_t hpa = 0x3fffff000000ULL + i * MIB(2);

		/* One 4 KiB leaf and one 2 MiB leaf per perms. */
		assert_int_equal(gstage_map(&g, gpa + PAGE_SIZE, hpa, PAGE_SIZE, perms[i]), 0);
		assert_int_equal(gstage_map(&g, gpa + GIB(1), hpa, MIB(2), perms[i]), 0);
		for (int k = 0; k < 2; k++) {
			uint64_t pte = raw_pte(&g, k ? gpa + GIB(1) : gpa + PAGE_SIZE, &level);
			uint64_t want = PTE_V | PTE_U | PTE_A | PTE_D;

			want |= perms[i] & GSTAGE_READ ? PTE_R : 0;
			want |= perms[i] & GSTAGE_WRITE ? PTE_W : 0;
			want |= perms[i] & GSTAGE_EXEC ? PTE_X : 0;
			assert_int_equal(level, k);
			assert_int_equal(pte & PTE_FLAGS, want);
			assert_int_equal(pte & PTE_G, 0);
			assert_int_equal((pte & PTE_PPN_FIELD) << 2, hpa);
			assert_int_equal(pte >> 54, 0); /* reserved, PBMT and N bits clear */
		}
	}
	gstage_destroy(&g);
}

static void test_hgatp_encoding(void **state)
{
	struct gstage g3, g4;
	uint64_t h;

	(void)state;
	assert_int_equal(gstage_init(&g3, REACH_SV39), 0);
	assert_int_equal(gstage_init(&g4, REACH_SV48), 0);
	h = gstage_hgatp(&g3, 1);
	assert_int_equal(h >> 60, GSTAGE_MODE_SV39X4);
	assert_int_equal(GSTAGE_MODE_SV39X4, 8);
	assert_int_equal((h >> 44) & 0x3fff, 1);
	assert_int_equal(h & ((1ULL << 44) - 1), g3.root >> 12);
	assert_int_equal((h >> 58) & 3, 0);
	h = gstage_hgatp(&g4, 0x3fff);
	assert_int_equal(h >> 60, GSTAGE_MODE_SV48X4);
	assert_int_equal(GSTAGE_MODE_SV48X4, 9);
	assert_int_equal((h >> 44) & 0x3fff, 0x3fff);
	assert_int_equal(h & ((1ULL << 44) - 1), g4.root >> 12);
	assert_int_equal((h >> 58) & 3, 0);
	/* PPN of a 16 KiB aligned root: the two low bits are zero. */
	assert_int_equal(gstage_hgatp(&g3, 0) & 3, 0);
	gstage_destroy(&g3);
	gstage_destroy(&g4);
}

static void test_destroy_frees_everything(void **state)
{
	const size_t start = page_alloc_free_pages();

	(void)state;
	for (unsigned levels = 3; levels <= 4; levels++) {
		struct gstage g;

		assert_int_equal(gstage_init(&g, levels == 3 ? REACH_SV39 : REACH_SV48), 0);
		/* Scattered pages, superpages and mixes, across root entries. */
		for (uint64_t i = 0; i < 8; i++) {
			uint64_t gpa = i * (GIB(1) + MIB(2) + PAGE_SIZE);

			assert_int_equal(gstage_map(&g, gpa, 0x40000000, PAGE_SIZE, GSTAGE_RWX), 0);
		}
		assert_int_equal(
		    gstage_map(&g, GIB(16), GIB(16), GIB(2) + MIB(6) + 3 * PAGE_SIZE, GSTAGE_RWX),
		    0);
		assert_int_equal(
		    gstage_map(&g, (1ULL << 40) + PAGE_SIZE, 0x1000, MIB(3), GSTAGE_READ), 0);
		assert_true(page_alloc_free_pages() < start - 4);
		gstage_destroy(&g);
		assert_int_equal(g.root, 0);
		assert_int_equal(page_alloc_free_pages(), start);
	}
}

/* A chunk taken out and mapped again: translations gone, then back; a part of a leaf refused. */
static void test_unmap_and_map_again(void **state)
{
	struct gstage g;
	paddr_t hpa;
	unsigned perms;

	(void)state;
	assert_int_equal(gstage_init(&g, GIB(4)), 0);
	assert_int_equal(gstage_map(&g, 0x80000000, 0x90000000, MIB(2), GSTAGE_RWX), 0);
	assert_int_equal(gstage_map(&g, 0x80200000, 0x90201000, MIB(2), GSTAGE_RWX), 0); /* pages */
	assert_int_equal(gstage_unmap(&g, 0x80000000, PAGE_SIZE), -1); /* inside a 2 MiB leaf */
	assert_true(gstage_translate(&g, 0x80000000, &hpa, &perms));
	assert_int_equal(gstage_unmap(&g, 0x80000000, MIB(4)), 0);
	assert_false(gstage_translate(&g, 0x80000000, &hpa, &perms));
	assert_false(gstage_translate(&g, 0x803ff000, &hpa, &perms));
	assert_int_equal(gstage_unmap(&g, 0x80000000, MIB(4)), 0); /* nothing left: fine */
	assert_int_equal(gstage_map(&g, 0x80200000, 0x90201000, MIB(2), GSTAGE_RWX), 0);
	assert_true(gstage_translate(&g, 0x80200010, &hpa, &perms));
	assert_int_equal(hpa, 0x90201010);
	assert_int_equal(gstage_unmap(&g, 0x80000001, PAGE_SIZE), -1);
}

/* The whole leaf behind an address: a 2 MiB leaf where aligned, 4 KiB pages where not. */
static void test_lookup_gives_the_whole_leaf(void **state)
{
	struct gstage g;
	struct gstage_leaf leaf;

	(void)state;
	assert_int_equal(gstage_init(&g, GIB(4)), 0);
	assert_int_equal(gstage_map(&g, 0x80000000, 0x90000000, MIB(2), GSTAGE_RWX), 0);
	assert_int_equal(gstage_map(&g, 0x80200000, 0x90201000, MIB(2), GSTAGE_READ), 0);
	assert_true(gstage_lookup(&g, 0x801f0008, &leaf));
	assert_int_equal(leaf.gpa, 0x80000000);
	assert_int_equal(leaf.hpa, 0x90000000);
	assert_int_equal(leaf.size, MIB(2));
	assert_int_equal(leaf.perms, GSTAGE_RWX);
	assert_true(gstage_lookup(&g, 0x80203008, &leaf));
	assert_int_equal(leaf.gpa, 0x80203000);
	assert_int_equal(leaf.hpa, 0x90204000);
	assert_int_equal(leaf.size, PAGE_SIZE);
	assert_int_equal(leaf.perms, GSTAGE_READ);
	assert_false(gstage_lookup(&g, 0x80400000, &leaf));
	gstage_destroy(&g);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup(test_levels_by_limit, setup),
	    cmocka_unit_test_setup(test_out_of_memory, setup),
	    cmocka_unit_test_setup(test_map_translates_every_page, setup),
	    cmocka_unit_test_setup(test_superpages_save_tables, setup),
	    cmocka_unit_test_setup(test_leaf_levels, setup),
	    cmocka_unit_test_setup(test_bad_arguments, setup),
	    cmocka_unit_test_setup(test_no_remap, setup),
	    cmocka_unit_test_setup(test_unmapped_translate_false, setup),
	    cmocka_unit_test_setup(test_sv48x4_whole_reach, setup),
	    cmocka_unit_test_setup(test_leaf_pte_bits, setup),
	    cmocka_unit_test_setup(test_hgatp_encoding, setup),
	    cmocka_unit_test_setup(test_destroy_frees_everything, setup),
	    cmocka_unit_test_setup(test_unmap_and_map_again, setup),
	    cmocka_unit_test_setup(test_lookup_gives_the_whole_leaf, setup),
	};

	return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
