/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Shared fixture for the shadow table tests (test_shadow*.c): the page
 * allocator over a junk-filled host arena, and a lookup that walks a shadow
 * space as the hart would, with the guest walker itself configured for Sv39
 * and reading host memory: so every lookup also checks the table format
 * (reserved bits, pointer encodings, alignment, U and A/D). Host addresses
 * that leaves map are plain numbers, never touched.
 *
 * Header-only on purpose: every test_*.c is its own binary and includes this
 * once, so the Makefile needs no extra objects.
 */
#ifndef TESTS_UNIT_SHADOW_FIXTURE_H
#define TESTS_UNIT_SHADOW_FIXTURE_H

#include <stdlib.h>

#include "guest_walk_fixture.h"
#include "host_arch.h"
#include "mem/page_alloc.h"
#include "riscv/noh/shadow.h"

#define SH_ARENA_SIZE MIB(8)

static void *sh_arena;

static inline int sh_group_setup(void **state)
{
	(void)state;
	sh_arena = aligned_alloc(MIB(1), SH_ARENA_SIZE);
	return sh_arena ? 0 : -1;
}

static inline int sh_group_teardown(void **state)
{
	(void)state;
	free(sh_arena);
	return 0;
}

/* A fresh allocator over the junk-filled arena before every test. */
static inline int sh_setup(void **state)
{
	(void)state;
	return host_page_arena(sh_arena, SH_ARENA_SIZE, 0xa5);
}

/* Tables live in the arena, or in a test's own page (Erg's tables): anything else is a bug. */
static uint64_t *sh_extra_page;

static inline bool sh_read(void *ctx, uint64_t pa, uint64_t *pte)
{
	uintptr_t a = (uintptr_t)sh_arena, e = (uintptr_t)sh_extra_page;

	(void)ctx;
	if (!((pa >= a && pa - a < SH_ARENA_SIZE) || (e && pa >= e && pa - e < GW_PAGE)))
		return false;
	*pte = *(uint64_t *)(uintptr_t)pa;
	return true;
}

/* A and D are preset on every leaf: the hart never needs to write them. */
static inline enum gwalk_cas sh_cas(void *ctx, uint64_t pa, uint64_t old, uint64_t new)
{
	(void)ctx;
	(void)pa;
	(void)old;
	(void)new;
	fail_msg("the hart had to update A/D in a shadow table");
	return GWALK_CAS_FAULT;
}

static const struct gwalk_mem_ops sh_ops = {.read = sh_read, .cas = sh_cas};

/* The walk the hart would make for access at gva, from real U-mode unless supervisor. */
static inline struct gwalk_result sh_lookup_as(const struct shadow_space *s, uint64_t gva,
					       enum gwalk_access access, bool supervisor)
{
	struct gwalk_req req = {.satp = shadow_satp(s, 7), .va = gva, .access = access};
	struct gwalk_result r;

	req.user = !supervisor;
	gwalk_translate(&req, &sh_ops, NULL, &r);
	return r;
}

static inline struct gwalk_result sh_lookup(const struct shadow_space *s, uint64_t gva,
					    enum gwalk_access access)
{
	return sh_lookup_as(s, gva, access, false);
}

/* Every leaf Erg writes: V, U, A, D, never G, nothing reserved. */
static inline void sh_assert_leaf_bits(uint64_t pte)
{
	assert_int_equal(pte & (PTE_V | PTE_U | PTE_A | PTE_D | PTE_G),
			 PTE_V | PTE_U | PTE_A | PTE_D);
	assert_int_equal(pte & PTE_RSW, 0);
	assert_int_equal(pte >> 54, 0);
}

/* gva maps to hpa (plus the offset) by a leaf of level, with exactly perms for U-mode. */
static inline void sh_assert_maps(const struct shadow_space *s, uint64_t gva, uint64_t hpa,
				  unsigned level, unsigned perms)
{
	static const unsigned need[] = {SHADOW_PERM_R, SHADOW_PERM_W, SHADOW_PERM_X};

	for (unsigned a = GWALK_READ; a <= GWALK_EXEC; a++) {
		struct gwalk_result r = sh_lookup(s, gva, (enum gwalk_access)a);

		if (!(perms & need[a])) {
			assert_int_equal(r.status, GWALK_PAGE_FAULT);
			continue;
		}
		assert_int_equal(r.status, GWALK_OK);
		assert_int_equal(r.gpa, hpa + (gva & (gwalk_page_size(level) - 1)));
		assert_int_equal(r.level, level);
		assert_int_equal(r.perms, perms | GWALK_PERM_U);
		sh_assert_leaf_bits(r.pte);
	}
}

static inline void sh_assert_unmapped(const struct shadow_space *s, uint64_t gva)
{
	assert_int_equal(sh_lookup(s, gva, GWALK_READ).status, GWALK_PAGE_FAULT);
	assert_int_equal(sh_lookup(s, gva, GWALK_EXEC).status, GWALK_PAGE_FAULT);
}

#endif
