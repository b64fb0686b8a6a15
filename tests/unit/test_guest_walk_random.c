/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The guest page-table walker (arch/riscv/noh/guest_walk.c) against a
 * reference written here straight from the privileged spec's algorithm,
 * structured differently on purpose: recursive over the levels, reading and
 * writing the buffer directly, permissions as one boolean formula. Guest RAM
 * is filled with random PTEs (pointers into RAM and out of it, leaves of
 * every size, aligned or not, random flags, reserved bits now and then), and
 * random walks (mode, root, address, access, privilege, SUM, MXR, A/D
 * policy) go through both on two copies of it: every result field and every
 * byte of RAM afterwards must agree. A deterministic generator, so a failure
 * repeats; counters make sure leaves of every level and every fault were met.
 */
#include <stdio.h>

#include "guest_walk_fixture.h"
#include "test_rng.h"

#define FILLS	       50
#define WALKS_PER_FILL 4000
/* 64 KiB of guest RAM: small, so that random page numbers often land in it. */
#define RAM_PAGES 16

static struct gw_mem mem, ref_mem;
/* True one time in n. */
static bool one_in(unsigned n)
{
	return rng() % n == 0;
}

/* --- The reference walker ------------------------------------------------ */

static struct gwalk_result ref_fault(const struct gwalk_req *req, bool page)
{
	struct gwalk_result r = {.pte_gpa = GWALK_NO_PTE};

	r.status = page ? GWALK_PAGE_FAULT : GWALK_ACCESS_FAULT;
	if (req->access == GWALK_READ)
		r.cause = page ? 13 : 5;
	else if (req->access == GWALK_WRITE)
		r.cause = page ? 15 : 7;
	else
		r.cause = page ? 12 : 1;
	return r;
}

static bool ref_allowed(const struct gwalk_req *req, uint64_t pte)
{
	bool r = pte & PTE_R, w = pte & PTE_W, x = pte & PTE_X, u = pte & PTE_U;
	bool priv_ok = req->user ? u : !u || (req->sum && req->access != GWALK_EXEC);
	bool type_ok = req->access == GWALK_READ    ? r || (req->mxr && x)
		       : req->access == GWALK_WRITE ? w
						    : x;

	return priv_ok && type_ok;
}

/* The leaf at level i: steps 5 to 8. */
static struct gwalk_result ref_leaf(const struct gwalk_req *req, uint64_t *slot, uint64_t slot_gpa,
				    int i, bool global)
{
	bool store = req->access == GWALK_WRITE;
	uint64_t pte = *slot, ppn = (pte >> 10) & ((1ull << 44) - 1);
	uint64_t low_ppn = (1ull << (9 * i)) - 1;
	struct gwalk_result r = {.status = GWALK_OK, .level = (unsigned)i, .pte_gpa = slot_gpa};

	if (!ref_allowed(req, pte) || (ppn & low_ppn))
		return ref_fault(req, true);
	if (!(pte & PTE_A) || (store && !(pte & PTE_D))) {
		if (!req->set_ad)
			return ref_fault(req, true);
		pte |= PTE_A | (store ? PTE_D : 0);
		*slot = pte;
	}
	r.gpa = (ppn << 12) | (req->va & ((1ull << (12 + 9 * i)) - 1));
	r.perms =
	    (unsigned)(pte & (PTE_R | PTE_W | PTE_X | PTE_U | PTE_G)) | (global ? GWALK_PERM_G : 0);
	r.pte = pte;
	return r;
}

/* Steps 2 to 4 at level i of the table at a; recursion for step 4's descent. */
static struct gwalk_result ref_level(const struct gwalk_req *req, uint64_t a, int i, bool global)
{
	uint64_t slot_gpa = a + 8 * ((req->va >> (12 + 9 * i)) & 511);
	uint64_t *slot = gw_slot(&ref_mem, slot_gpa);
	uint64_t pte;

	if (!slot)
		return ref_fault(req, false);
	pte = *slot;
	if (!(pte & PTE_V) || (!(pte & PTE_R) && (pte & PTE_W)) || (pte >> 54))
		return ref_fault(req, true);
	if (pte & (PTE_R | PTE_X))
		return ref_leaf(req, slot, slot_gpa, i, global);
	if ((pte & (PTE_D | PTE_A | PTE_U)) || i == 0)
		return ref_fault(req, true);
	return ref_level(req, ((pte >> 10) & ((1ull << 44) - 1)) << 12, i - 1,
			 global || (pte & PTE_G));
}

static struct gwalk_result ref_walk(const struct gwalk_req *req)
{
	unsigned mode = (unsigned)(req->satp >> 60);
	int levels = mode == 8 ? 3 : 4;
	uint64_t top;

	if (mode == 0)
		return (struct gwalk_result){.status = GWALK_OK,
					     .gpa = req->va,
					     .perms = GWALK_PERM_R | GWALK_PERM_W | GWALK_PERM_X,
					     .pte_gpa = GWALK_NO_PTE};
	if (mode != 8 && mode != 9)
		return (struct gwalk_result){.status = GWALK_BAD_MODE, .pte_gpa = GWALK_NO_PTE};
	/* Bits 63 down to the top VPN's highest bit: all zeros or all ones. */
	top = req->va >> (12 + 9 * levels - 1);
	if (top != 0 && top != (1ull << (64 - (12 + 9 * levels - 1))) - 1)
		return ref_fault(req, true);
	return ref_level(req, (req->satp & ((1ull << 44) - 1)) << 12, levels - 1, false);
}

/* --- Random tables and walks --------------------------------------------- */

/* A page number: mostly RAM (so walks go deep), else anywhere, aligned or not. */
static uint64_t random_ppn(void)
{
	uint64_t page = (GW_RAM_BASE >> 12) + rng() % (RAM_PAGES + 2);

	switch (rng() % 4) {
	case 0:
	case 1:
		return page;
	case 2:
		return rng() & ((1ull << 44) - 1) & ~((1ull << (9 * (rng() % 4))) - 1);
	default:
		return rng() & ((1ull << 44) - 1);
	}
}

/* Half pointers (mostly clean, mostly into RAM), leaves, and junk. */
static uint64_t random_pte(void)
{
	uint64_t flags = rng() & 0x3ff, ppn = random_ppn();

	switch (rng() % 8) {
	case 0:
	case 1:
	case 2:
	case 3:
		flags &= one_in(8) ? ~(PTE_R | PTE_W | PTE_X) : PTE_G | PTE_RSW;
		flags |= PTE_V;
		if (!one_in(4))
			ppn = (GW_RAM_BASE >> 12) + rng() % RAM_PAGES;
		break;
	case 4:
	case 5:
	case 6:
		flags |= PTE_V | (one_in(2) ? PTE_R : PTE_X);
		break;
	default:
		break;
	}
	if (one_in(16))
		flags |= rng() << 54;
	return ppn << 10 | flags;
}

/* Both copies of RAM filled alike: they then evolve in lockstep. */
static void random_fill(void)
{
	gw_reset(&mem);
	mem.pages = RAM_PAGES;
	for (size_t i = 0; i < RAM_PAGES * GW_PAGE / 8; i++)
		mem.ram[i] = random_pte();
	memcpy(&ref_mem, &mem, sizeof(mem));
}

static struct gwalk_req random_req(void)
{
	static const unsigned modes[] = {8, 8, 8, 8, 9, 9, 9, 9, 0};
	unsigned mode = one_in(50) ? (unsigned)(rng() % 16) : modes[rng() % 9];
	unsigned bits = mode == 8 ? 39 : 48;
	uint64_t root = one_in(20) ? rng() : (GW_RAM_BASE >> 12) + rng() % RAM_PAGES;
	struct gwalk_req req = {.satp = (uint64_t)mode << 60 | (rng() & 0xffffull) << 44 |
					(root & ((1ull << 44) - 1)),
				.va = rng(),
				.access = (enum gwalk_access)(rng() % 3)};
	uint64_t coin = rng();

	if (!one_in(8)) /* most addresses canonical, so that walks happen */
		req.va = (uint64_t)((int64_t)(req.va << (64 - bits)) >> (64 - bits));
	req.user = coin & 1;
	req.sum = coin & 2;
	req.mxr = coin & 4;
	req.set_ad = (coin & 24) != 24; /* mostly Svadu, the filler's default */
	return req;
}

static unsigned seen_ok[4], seen_page, seen_access, seen_bare, seen_bad, seen_ad_writes;

static void count(const struct gwalk_result *r)
{
	if (r->status == GWALK_OK && r->pte_gpa == GWALK_NO_PTE)
		seen_bare++;
	else if (r->status == GWALK_OK)
		seen_ok[r->level]++;
	seen_page += r->status == GWALK_PAGE_FAULT;
	seen_access += r->status == GWALK_ACCESS_FAULT;
	seen_bad += r->status == GWALK_BAD_MODE;
}

static void check_one(const struct gwalk_req *req)
{
	struct gwalk_result got, want;

	gwalk_translate(req, &gw_ops, &mem, &got);
	want = ref_walk(req);
	if (got.status != want.status || got.cause != want.cause || got.gpa != want.gpa ||
	    got.level != want.level || got.perms != want.perms || got.pte_gpa != want.pte_gpa ||
	    got.pte != want.pte)
		fail_msg("satp %#llx va %#llx access %d user %d sum %d mxr %d set_ad %d: status "
			 "%d/%d cause %u/%u gpa %#llx/%#llx level %u/%u perms %#x/%#x",
			 (unsigned long long)req->satp, (unsigned long long)req->va, req->access,
			 req->user, req->sum, req->mxr, req->set_ad, got.status, want.status,
			 got.cause, want.cause, (unsigned long long)got.gpa,
			 (unsigned long long)want.gpa, got.level, want.level, got.perms,
			 want.perms);
	/* The only PTE the walk may have written; the rest is compared per fill. */
	if (got.pte_gpa != GWALK_NO_PTE)
		assert_int_equal(*gw_slot(&mem, got.pte_gpa), *gw_slot(&ref_mem, got.pte_gpa));
	seen_ad_writes += mem.cas_calls;
	mem.cas_calls = 0;
	count(&got);
}

static void test_random_walks(void **state)
{
	(void)state;
	rng_state = 0x2545f4914f6cdd1dULL; /* the seed whose walks reach every outcome counted */
	for (unsigned f = 0; f < FILLS; f++) {
		random_fill();
		for (unsigned w = 0; w < WALKS_PER_FILL; w++) {
			struct gwalk_req req = random_req();

			check_one(&req);
		}
		assert_memory_equal(mem.ram, ref_mem.ram, RAM_PAGES * GW_PAGE);
	}
	printf("  walks: ok by level %u %u %u %u, bare %u, page faults %u, access faults %u, "
	       "bad modes %u, A/D updates %u\n",
	       seen_ok[0], seen_ok[1], seen_ok[2], seen_ok[3], seen_bare, seen_page, seen_access,
	       seen_bad, seen_ad_writes);
	/* The generator must reach every outcome, or the comparison proves little. */
	for (unsigned l = 0; l < 4; l++)
		assert_true(seen_ok[l] >= 200);
	assert_true(seen_page >= 1000 && seen_access >= 100 && seen_bare >= 100);
	assert_true(seen_bad >= 10 && seen_ad_writes >= 100);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_random_walks),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
