/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Unit tests for arch/riscv/noh/shadow.c, the no-H back end's shadow Sv39
 * table builder, read back through the guest walker (shadow_fixture.h).
 * Checked: a root of one page; pages of every size, counted in table pages
 * consumed; the leaf bits (U, A, D, never G); refusals of bad arguments;
 * replacing a leaf, a small page under a superpage, and the refusal of a
 * superpage over a table; Erg's entries in every root, supervisor-only,
 * refused to the guest and kept by flush; unmap of one page or superpage;
 * flush and destroy giving every page back; the satp encoding.
 */
#include "shadow_fixture.h"

#define ERG_SLOT 256u /* 0xffffffc000000000: where Erg's image sits */
#define ERG_VA	 0xffffffc000000000ull
#define HPA	 0x2000000000ull /* a 1 GiB aligned host address, never touched */

static void test_init_destroy(void **state)
{
	size_t start = page_alloc_free_pages();
	struct shadow_space s;

	(void)state;
	assert_int_equal(shadow_space_init(&s, NULL), SHADOW_OK);
	assert_int_equal(page_alloc_free_pages(), start - 1);
	for (unsigned i = 0; i < SHADOW_ROOT_SLOTS; i++)
		assert_int_equal(((uint64_t *)(uintptr_t)s.root)[i], 0); /* junk zeroed */
	sh_assert_unmapped(&s, 0x1000);
	shadow_space_destroy(&s);
	assert_int_equal(page_alloc_free_pages(), start);
}

static void test_map_sizes(void **state)
{
	static const struct {
		uint64_t gva;
		unsigned level, perms;
		size_t tables; /* table pages the map adds */
	} rows[] = {
	    {0x12345000, SHADOW_LEVEL_4K, SHADOW_PERM_R, 2},
	    {0x12346000, SHADOW_LEVEL_4K, SHADOW_PERM_R | SHADOW_PERM_W, 0},
	    {0x12600000, SHADOW_LEVEL_2M, SHADOW_PERM_R | SHADOW_PERM_X, 0},
	    {0x40000000, SHADOW_LEVEL_1G, SHADOW_PERM_RWX, 0},
	    {0x80200000, SHADOW_LEVEL_2M, SHADOW_PERM_X, 1},
	    {0xfffffff000000000ull, SHADOW_LEVEL_1G, SHADOW_PERM_R, 0},
	    {0x3ffffff000ull, SHADOW_LEVEL_4K, SHADOW_PERM_R, 2},
	};
	struct shadow_space s;
	size_t tables = 0;

	(void)state;
	assert_int_equal(shadow_space_init(&s, NULL), SHADOW_OK);
	for (size_t i = 0; i < ARRAY_SIZE(rows); i++) {
		size_t before = page_alloc_free_pages();

		assert_int_equal(shadow_map(&s, rows[i].gva, HPA, rows[i].level, rows[i].perms),
				 SHADOW_OK);
		assert_int_equal(before - page_alloc_free_pages(), rows[i].tables);
		tables += rows[i].tables;
		assert_int_equal(s.tables, tables); /* the space counts what it holds */
	}
	for (size_t i = 0; i < ARRAY_SIZE(rows); i++) {
		uint64_t last = rows[i].gva + gwalk_page_size(rows[i].level) - 8;

		sh_assert_maps(&s, rows[i].gva, HPA, rows[i].level, rows[i].perms);
		sh_assert_maps(&s, last, HPA, rows[i].level, rows[i].perms);
	}
	sh_assert_unmapped(&s, 0x12347000);
	shadow_flush(&s);
	assert_int_equal(s.tables, 0);
	shadow_space_destroy(&s);
}

static void test_refusals(void **state)
{
	struct shadow_space s;
	size_t after_init;

	(void)state;
	assert_int_equal(shadow_space_init(&s, NULL), SHADOW_OK);
	after_init = page_alloc_free_pages();
	assert_int_equal(shadow_map(&s, 0x1800, HPA, 0, SHADOW_PERM_R), SHADOW_ERR_INVAL);
	assert_int_equal(shadow_map(&s, 0x1000, HPA + 8, 0, SHADOW_PERM_R), SHADOW_ERR_INVAL);
	assert_int_equal(shadow_map(&s, 0x1000, 1ull << 56, 0, SHADOW_PERM_R), SHADOW_ERR_INVAL);
	assert_int_equal(shadow_map(&s, 0x201000, HPA, 1, SHADOW_PERM_R), SHADOW_ERR_INVAL);
	assert_int_equal(shadow_map(&s, 0x200000, HPA + 0x1000, 1, SHADOW_PERM_R),
			 SHADOW_ERR_INVAL);
	assert_int_equal(shadow_map(&s, 0x40200000, HPA, 2, SHADOW_PERM_R), SHADOW_ERR_INVAL);
	assert_int_equal(shadow_map(&s, 0, HPA, 3, SHADOW_PERM_R), SHADOW_ERR_INVAL);
	/* Sv48 addresses a Sv39 shadow cannot hold. */
	assert_int_equal(shadow_map(&s, 0x4000000000ull, HPA, 0, SHADOW_PERM_R), SHADOW_ERR_INVAL);
	assert_int_equal(shadow_map(&s, 0xffff800000000000ull, HPA, 0, SHADOW_PERM_R),
			 SHADOW_ERR_INVAL);
	assert_int_equal(shadow_unmap(&s, 0x4000000000ull), SHADOW_ERR_INVAL);
	/* Empty, W alone, W with X (W without R), U or anything beyond RWX. */
	assert_int_equal(shadow_map(&s, 0x1000, HPA, 0, 0), SHADOW_ERR_INVAL);
	assert_int_equal(shadow_map(&s, 0x1000, HPA, 0, SHADOW_PERM_W), SHADOW_ERR_INVAL);
	assert_int_equal(shadow_map(&s, 0x1000, HPA, 0, SHADOW_PERM_W | SHADOW_PERM_X),
			 SHADOW_ERR_INVAL);
	assert_int_equal(shadow_map(&s, 0x1000, HPA, 0, SHADOW_PERM_R | GWALK_PERM_U),
			 SHADOW_ERR_INVAL);
	assert_int_equal(shadow_map(&s, 0x1000, HPA, 0, SHADOW_PERM_R | 1u), SHADOW_ERR_INVAL);
	/* Nothing allocated by a refusal. */
	assert_int_equal(page_alloc_free_pages(), after_init);
	shadow_space_destroy(&s);
}

static void test_replace_same_level(void **state)
{
	struct shadow_space s;

	(void)state;
	assert_int_equal(shadow_space_init(&s, NULL), SHADOW_OK);
	assert_int_equal(shadow_map(&s, 0x5000, HPA, 0, SHADOW_PERM_R), SHADOW_OK);
	/* The filler adds W once the guest's D is set. */
	assert_int_equal(shadow_map(&s, 0x5000, HPA, 0, SHADOW_PERM_R | SHADOW_PERM_W),
			 SHADOW_REPLACED);
	sh_assert_maps(&s, 0x5000, HPA, 0, SHADOW_PERM_R | SHADOW_PERM_W);
	assert_int_equal(shadow_map(&s, 0x200000, HPA, 1, SHADOW_PERM_R), SHADOW_OK);
	assert_int_equal(shadow_map(&s, 0x200000, HPA + MIB(2), 1, SHADOW_PERM_X), SHADOW_REPLACED);
	sh_assert_maps(&s, 0x3ff000, HPA + MIB(2), 1, SHADOW_PERM_X);
	shadow_space_destroy(&s);
}

static void test_small_under_superpage(void **state)
{
	struct shadow_space s;
	size_t before;

	(void)state;
	assert_int_equal(shadow_space_init(&s, NULL), SHADOW_OK);
	assert_int_equal(shadow_map(&s, 0xc0000000, HPA, 2, SHADOW_PERM_RWX), SHADOW_OK);
	before = page_alloc_free_pages();
	assert_int_equal(shadow_map(&s, 0xc0201000, HPA + 0x10000, 0, SHADOW_PERM_R),
			 SHADOW_REPLACED);
	assert_int_equal(before - page_alloc_free_pages(), 2);
	sh_assert_maps(&s, 0xc0201000, HPA + 0x10000, 0, SHADOW_PERM_R);
	/* The rest of the gigapage is dropped, to refault. */
	sh_assert_unmapped(&s, 0xc0000000);
	sh_assert_unmapped(&s, 0xc0202000);
	/* A 2 MiB page under a gigapage: one table. */
	assert_int_equal(shadow_map(&s, 0x100000000ull, HPA, 2, SHADOW_PERM_R), SHADOW_OK);
	assert_int_equal(shadow_map(&s, 0x100400000ull, HPA, 1, SHADOW_PERM_R), SHADOW_REPLACED);
	sh_assert_maps(&s, 0x100400000ull, HPA, 1, SHADOW_PERM_R);
	sh_assert_unmapped(&s, 0x100000000ull);
	shadow_space_destroy(&s);
	assert_int_equal(page_alloc_free_pages(), before + 1);
}

static void test_superpage_over_table_refused(void **state)
{
	struct shadow_space s;
	size_t before;

	(void)state;
	assert_int_equal(shadow_space_init(&s, NULL), SHADOW_OK);
	assert_int_equal(shadow_map(&s, 0xc0201000, HPA, 0, SHADOW_PERM_R), SHADOW_OK);
	before = page_alloc_free_pages();
	assert_int_equal(shadow_map(&s, 0xc0000000, HPA, 2, SHADOW_PERM_R), SHADOW_ERR_OCCUPIED);
	assert_int_equal(shadow_map(&s, 0xc0200000, HPA, 1, SHADOW_PERM_R), SHADOW_ERR_OCCUPIED);
	assert_int_equal(page_alloc_free_pages(), before);
	sh_assert_maps(&s, 0xc0201000, HPA, 0, SHADOW_PERM_R);
	/* Once flushed, the superpage goes in. */
	shadow_flush(&s);
	assert_int_equal(shadow_map(&s, 0xc0000000, HPA, 2, SHADOW_PERM_R), SHADOW_OK);
	sh_assert_maps(&s, 0xc0201000, HPA, 2, SHADOW_PERM_R);
	shadow_space_destroy(&s);
}

/* Erg's two slots: a gigapage leaf and a pointer to a table of Erg's own. */
static uint64_t erg_table[512] __attribute__((aligned(4096)));
static uint64_t erg_entries[2];

static struct shadow_erg_range erg_range(void)
{
	sh_extra_page = erg_table;
	memset(erg_table, 0, sizeof(erg_table));
	erg_table[0] = gw_pte(HPA, PTE_V | PTE_R | PTE_X | PTE_A | PTE_D | PTE_G);
	erg_entries[0] = gw_pte(HPA, PTE_V | PTE_R | PTE_W | PTE_A | PTE_D | PTE_G);
	erg_entries[1] = gw_pte((uintptr_t)erg_table, PTE_V | PTE_G);
	return (struct shadow_erg_range){.entries = erg_entries, .first = ERG_SLOT, .count = 2};
}

static void test_erg_range(void **state)
{
	struct shadow_erg_range erg = erg_range();
	struct shadow_space a, b;
	size_t start = page_alloc_free_pages();

	(void)state;
	assert_int_equal(shadow_space_init(&a, &erg), SHADOW_OK);
	assert_int_equal(shadow_space_init(&b, &erg), SHADOW_OK);
	assert_int_not_equal(a.root, b.root);
	for (unsigned i = 0; i < 2; i++) {
		const struct shadow_space *s = i ? &b : &a;
		struct gwalk_result r = sh_lookup_as(s, ERG_VA + GW_GIB(1) + 0x1234, GWALK_EXEC, 1);

		/* The same translation in every root, for the supervisor only. */
		assert_int_equal(r.status, GWALK_OK);
		assert_int_equal(r.gpa, HPA + 0x1234);
		assert_int_equal(sh_lookup_as(s, ERG_VA + 8, GWALK_WRITE, 1).gpa, HPA + 8);
		assert_int_equal(sh_lookup(s, ERG_VA + 8, GWALK_READ).status, GWALK_PAGE_FAULT);
		assert_int_equal(sh_lookup(s, ERG_VA + GW_GIB(1), GWALK_EXEC).status,
				 GWALK_PAGE_FAULT);
	}
	/* The guest's mappings of Erg's range are never shadowed. */
	assert_int_equal(shadow_map(&a, ERG_VA, HPA, 0, SHADOW_PERM_R), SHADOW_ERR_ERG);
	assert_int_equal(shadow_map(&a, ERG_VA + GW_GIB(1), HPA, 2, SHADOW_PERM_R), SHADOW_ERR_ERG);
	assert_int_equal(shadow_unmap(&a, ERG_VA), SHADOW_ERR_ERG);
	/* Just beside it (slot 255, the last low one; slot 258), the guest's own. */
	assert_int_equal(shadow_map(&a, 0x3ffffff000ull, HPA, 0, SHADOW_PERM_R), SHADOW_OK);
	assert_int_equal(shadow_map(&a, ERG_VA + GW_GIB(2), HPA, 0, SHADOW_PERM_R), SHADOW_OK);
	shadow_flush(&a);
	assert_int_equal(((uint64_t *)(uintptr_t)a.root)[ERG_SLOT], erg_entries[0]);
	assert_int_equal(((uint64_t *)(uintptr_t)a.root)[ERG_SLOT + 1], erg_entries[1]);
	assert_int_equal(sh_lookup_as(&a, ERG_VA + GW_GIB(1), GWALK_EXEC, 1).status, GWALK_OK);
	sh_assert_unmapped(&a, 0x3ffffff000ull);
	shadow_space_destroy(&a);
	shadow_space_destroy(&b);
	assert_int_equal(page_alloc_free_pages(), start);
	assert_int_equal(erg_table[0], gw_pte(HPA, PTE_V | PTE_R | PTE_X | PTE_A | PTE_D | PTE_G));
	sh_extra_page = NULL;
}

static void test_erg_range_refused(void **state)
{
	struct shadow_erg_range erg = erg_range();
	struct shadow_space s;
	size_t start = page_alloc_free_pages();

	(void)state;
	erg.first = 511; /* two entries from the last slot reach past the root */
	assert_int_equal(shadow_space_init(&s, &erg), SHADOW_ERR_INVAL);
	erg.first = ERG_SLOT;
	erg_entries[1] |= PTE_U;
	assert_int_equal(shadow_space_init(&s, &erg), SHADOW_ERR_INVAL);
	erg_entries[1] = 0;
	assert_int_equal(shadow_space_init(&s, &erg), SHADOW_ERR_INVAL);
	assert_int_equal(page_alloc_free_pages(), start);
	sh_extra_page = NULL;
}

static void test_unmap(void **state)
{
	struct shadow_space s;

	(void)state;
	assert_int_equal(shadow_space_init(&s, NULL), SHADOW_OK);
	assert_int_equal(shadow_map(&s, 0x7000, HPA, 0, SHADOW_PERM_R), SHADOW_OK);
	assert_int_equal(shadow_map(&s, 0x8000, HPA, 0, SHADOW_PERM_R), SHADOW_OK);
	assert_int_equal(shadow_map(&s, 0x400000, HPA, 1, SHADOW_PERM_R), SHADOW_OK);
	assert_int_equal(shadow_unmap(&s, 0x7abc), SHADOW_OK);
	sh_assert_unmapped(&s, 0x7000);
	sh_assert_maps(&s, 0x8000, HPA, 0, SHADOW_PERM_R);
	/* An address inside a superpage drops the whole of it. */
	assert_int_equal(shadow_unmap(&s, 0x5ff000), SHADOW_OK);
	sh_assert_unmapped(&s, 0x400000);
	/* Nothing there: nothing to do. */
	assert_int_equal(shadow_unmap(&s, 0x7000), SHADOW_OK);
	assert_int_equal(shadow_unmap(&s, 0x3000000000ull), SHADOW_OK);
	sh_assert_maps(&s, 0x8000, HPA, 0, SHADOW_PERM_R);
	shadow_space_destroy(&s);
}

static void test_flush_frees_all(void **state)
{
	size_t start = page_alloc_free_pages();
	struct shadow_space s;

	(void)state;
	assert_int_equal(shadow_space_init(&s, NULL), SHADOW_OK);
	for (uint64_t gva = 0; gva < GW_GIB(8); gva += GW_MIB(64) + 0x1000)
		assert_int_equal(shadow_map(&s, gva, HPA, 0, SHADOW_PERM_R), SHADOW_OK);
	assert_int_equal(shadow_map(&s, 0xfffffffff0000000ull, HPA, 1, SHADOW_PERM_R), SHADOW_OK);
	assert_true(page_alloc_free_pages() < start - 100);
	shadow_flush(&s);
	assert_int_equal(page_alloc_free_pages(), start - 1);
	for (unsigned i = 0; i < SHADOW_ROOT_SLOTS; i++)
		assert_int_equal(((uint64_t *)(uintptr_t)s.root)[i], 0);
	/* The space is usable again. */
	assert_int_equal(shadow_map(&s, 0x1000, HPA, 0, SHADOW_PERM_R), SHADOW_OK);
	sh_assert_maps(&s, 0x1000, HPA, 0, SHADOW_PERM_R);
	shadow_space_destroy(&s);
	assert_int_equal(page_alloc_free_pages(), start);
}

static void test_satp(void **state)
{
	struct shadow_space s = {.root = 0x80123000};

	(void)state;
	assert_int_equal(shadow_satp(&s, 0xbeef), 8ull << 60 | 0xbeefull << 44 | 0x80123);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup(test_init_destroy, sh_setup),
	    cmocka_unit_test_setup(test_map_sizes, sh_setup),
	    cmocka_unit_test_setup(test_refusals, sh_setup),
	    cmocka_unit_test_setup(test_replace_same_level, sh_setup),
	    cmocka_unit_test_setup(test_small_under_superpage, sh_setup),
	    cmocka_unit_test_setup(test_superpage_over_table_refused, sh_setup),
	    cmocka_unit_test_setup(test_erg_range, sh_setup),
	    cmocka_unit_test_setup(test_erg_range_refused, sh_setup),
	    cmocka_unit_test_setup(test_unmap, sh_setup),
	    cmocka_unit_test_setup(test_flush_frees_all, sh_setup),
	    cmocka_unit_test(test_satp),
	};

	return cmocka_run_group_tests(tests, sh_group_setup, sh_group_teardown);
}
