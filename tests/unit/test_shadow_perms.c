/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Unit tests for shadow_perms (arch/riscv/noh/shadow.c): the host
 * permissions one virtual mode's shadow may give a guest translation. First
 * a table of the rules, one row each (U pages and S pages from each mode,
 * SUM, MXR, A/D, the faulting access, Bare mode, failed walks). Then every
 * combination of leaf, U, A, D, mode, SUM, MXR and access against an oracle
 * that does not share the code: the guest walker itself. A walk that sets
 * A/D (as the filler's does) gives the input; the shadow must then grant
 * exactly the accesses the guest's own hart would allow on the updated PTE
 * without any further A/D update (the walker in Svade mode).
 */
#include "guest_walk_fixture.h"
#include "riscv/noh/shadow.h"

#define R SHADOW_PERM_R
#define W SHADOW_PERM_W
#define X SHADOW_PERM_X
#define U GWALK_PERM_U

enum { VU = SHADOW_VIRT_U, VS = SHADOW_VIRT_S };
enum { RD = GWALK_READ, WR = GWALK_WRITE, EX = GWALK_EXEC };

struct row {
	unsigned guest; /* the leaf's R, W, X, U */
	unsigned ad;	/* its A and D */
	int mode, sum, mxr, access;
	unsigned want;
};

static const struct row rows[] = {
    /* S pages: virtual S only, everything the guest gave once D is set. */
    {R | W | X, PTE_A | PTE_D, VS, 0, 0, RD, R | W | X},
    {R | W | X, PTE_A | PTE_D, VU, 0, 0, RD, 0},
    {R | W | X, PTE_A | PTE_D, VU, 1, 1, EX, 0},
    /* U pages: virtual U; virtual S with SUM, never executable. */
    {R | W | X | U, PTE_A | PTE_D, VU, 0, 0, EX, R | W | X},
    {R | W | X | U, PTE_A | PTE_D, VS, 0, 0, RD, 0},
    {R | W | X | U, PTE_A | PTE_D, VS, 1, 0, WR, R | W},
    {R | X | U, PTE_A, VS, 1, 0, EX, 0},
    /* MXR: execute-only becomes readable, before SUM takes X away. */
    {X, PTE_A, VS, 0, 0, RD, 0},
    {X, PTE_A, VS, 0, 1, RD, R | X},
    {X | U, PTE_A, VU, 0, 1, EX, R | X},
    {X | U, PTE_A, VS, 1, 1, RD, R},
    {X | U, PTE_A, VS, 1, 0, RD, 0},
    /* D clear: no W, and a write may not be filled from it. */
    {R | W, PTE_A, VS, 0, 0, RD, R},
    {R | W, PTE_A, VS, 0, 0, WR, 0},
    {R | W | U, PTE_A, VU, 0, 0, RD, R},
    /* A clear: nothing at all. */
    {R | W | X, PTE_D, VS, 0, 0, RD, 0},
    {R | W | X, 0, VS, 0, 0, EX, 0},
    /* The faulting access must be among what is granted. */
    {R, PTE_A | PTE_D, VS, 0, 0, EX, 0},
    {X, PTE_A | PTE_D, VS, 0, 0, EX, X},
    {R | X, PTE_A | PTE_D, VS, 0, 0, WR, 0},
};

static struct gwalk_result ok_walk(unsigned guest, unsigned ad)
{
	return (struct gwalk_result){.status = GWALK_OK,
				     .gpa = 0x80001000,
				     .perms = guest,
				     .pte_gpa = 0x80000008,
				     .pte = gw_pte(0x80001000, PTE_V | guest | ad)};
}

static void test_rules(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
		const struct row *r = &rows[i];
		struct gwalk_result walk = ok_walk(r->guest, r->ad);
		unsigned got = shadow_perms(&walk, (enum shadow_mode)r->mode, r->sum, r->mxr,
					    (enum gwalk_access)r->access);

		if (got != r->want)
			fail_msg("row %zu: got %#x, want %#x", i, got, r->want);
	}
}

static void test_bare_and_failures(void **state)
{
	struct gwalk_result bare = {.status = GWALK_OK,
				    .perms = GWALK_PERM_R | GWALK_PERM_W | GWALK_PERM_X,
				    .pte_gpa = GWALK_NO_PTE};
	struct gwalk_result walk = ok_walk(R | W | X, PTE_A | PTE_D);

	(void)state;
	assert_int_equal(shadow_perms(&bare, SHADOW_VIRT_U, false, false, GWALK_WRITE), R | W | X);
	assert_int_equal(shadow_perms(&bare, SHADOW_VIRT_S, false, false, GWALK_EXEC), R | W | X);
	for (int status = GWALK_PAGE_FAULT; status <= GWALK_BAD_MODE; status++) {
		walk.status = (enum gwalk_status)status;
		assert_int_equal(shadow_perms(&walk, SHADOW_VIRT_S, true, true, GWALK_READ), 0);
	}
}

/* --- Every combination against the walker ------------------------------- */

#define VA 0x40201000ull

static struct gw_mem mem;

static struct gwalk_result guest_walk(int mode, int sum, int mxr, int access, bool set_ad)
{
	struct gwalk_req req = {.satp = gw_satp(GWALK_SATP_SV39, gw_page_gpa(0)),
				.va = VA,
				.access = (enum gwalk_access)access,
				.user = mode == VU,
				.sum = sum,
				.mxr = mxr,
				.set_ad = set_ad};
	struct gwalk_result r;

	gwalk_translate(&req, &gw_ops, &mem, &r);
	return r;
}

/* What the guest's hart allows on the PTE as it is now, with no A/D update. */
static unsigned allowed_now(int mode, int sum, int mxr)
{
	static const unsigned bit[] = {R, W, X};
	unsigned perms = 0;

	for (int a = RD; a <= EX; a++)
		perms |= guest_walk(mode, sum, mxr, a, false).status == GWALK_OK ? bit[a] : 0;
	return perms;
}

static void check_combination(unsigned leaf, unsigned flags, int mode, int sum, int mxr, int access)
{
	struct gwalk_result walk;
	unsigned got;

	gw_reset(&mem);
	*gw_entry(&mem, 3, VA, 0) = gw_pte(gw_page_gpa(8), PTE_V | leaf | flags);
	walk = guest_walk(mode, sum, mxr, access, true);
	got = shadow_perms(&walk, (enum shadow_mode)mode, sum, mxr, (enum gwalk_access)access);
	if (walk.status != GWALK_OK) {
		assert_int_equal(got, 0);
		return;
	}
	if (got != allowed_now(mode, sum, mxr))
		fail_msg("leaf %#x flags %#x mode %d sum %d mxr %d access %d: got %#x, want %#x",
			 leaf, flags, mode, sum, mxr, access, got, allowed_now(mode, sum, mxr));
}

static void test_against_walker(void **state)
{
	static const unsigned leaves[] = {R, R | W, X, R | X, R | W | X};
	static const unsigned flags[] = {0, PTE_A, PTE_D, PTE_A | PTE_D};
	unsigned n = 0;

	(void)state;
	for (size_t l = 0; l < 5; l++)
		for (unsigned u = 0; u < 2; u++)
			for (size_t f = 0; f < 4; f++)
				for (int c = 0; c < 2 * 2 * 2 * 3; c++, n++)
					check_combination(leaves[l] | (u ? U : 0), flags[f], c & 1,
							  (c >> 1) & 1, (c >> 2) & 1, c >> 3);
	assert_int_equal(n, 5 * 2 * 4 * 24);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_rules),
	    cmocka_unit_test(test_bare_and_failures),
	    cmocka_unit_test(test_against_walker),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
