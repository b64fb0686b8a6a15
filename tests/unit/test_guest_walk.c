/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Unit tests for arch/riscv/noh/guest_walk.c, the no-H back end's walker of
 * guest Sv39/Sv48 tables, over hand-built tables in a host buffer. Each case
 * is one rule of the privileged spec's translation process: Bare mode, pages
 * of every size and misaligned superpages, non-canonical addresses, invalid
 * and reserved PTEs, pointers at level 0, PTEs outside guest RAM, U pages
 * from S (SUM) and S pages from U, X-only pages (MXR), the A/D update (and
 * its races) or the Svade fault, and the order in which the checks apply.
 */
#include "guest_walk_fixture.h"

static struct gw_mem mem;

static int setup(void **state)
{
	(void)state;
	gw_reset(&mem);
	return 0;
}

static struct gwalk_req req_of(unsigned mode, uint64_t va, enum gwalk_access access)
{
	return (struct gwalk_req){
	    .satp = gw_satp(mode, gw_page_gpa(0)), .va = va, .access = access, .set_ad = true};
}

static struct gwalk_result walk(const struct gwalk_req *req)
{
	struct gwalk_result r;

	gwalk_translate(req, &gw_ops, &mem, &r);
	return r;
}

static void assert_fault(const struct gwalk_req *req, enum gwalk_status status, unsigned cause)
{
	struct gwalk_result r = walk(req);

	assert_int_equal(r.status, status);
	assert_int_equal(r.cause, cause);
}

/* The page-fault code of each access type, read/write/exec order. */
static const unsigned page_fault[] = {GWALK_CAUSE_LOAD_PAGE, GWALK_CAUSE_STORE_PAGE,
				      GWALK_CAUSE_FETCH_PAGE};
static const unsigned access_fault[] = {GWALK_CAUSE_LOAD_ACCESS, GWALK_CAUSE_STORE_ACCESS,
					GWALK_CAUSE_FETCH_ACCESS};

static void test_bare_is_identity(void **state)
{
	struct gwalk_req req = req_of(GWALK_SATP_BARE, 0xdead0000beef1234ull, GWALK_WRITE);
	struct gwalk_result r = walk(&req);

	(void)state;
	assert_int_equal(r.status, GWALK_OK);
	assert_int_equal(r.gpa, req.va);
	assert_int_equal(r.level, 0);
	assert_int_equal(r.perms, GWALK_PERM_R | GWALK_PERM_W | GWALK_PERM_X);
	assert_int_equal(r.pte_gpa, GWALK_NO_PTE);
	assert_int_equal(mem.reads, 0);
}

static void test_bad_modes(void **state)
{
	struct gwalk_req req = req_of(10, 0x1000, GWALK_READ); /* Sv57 */

	(void)state;
	assert_int_equal(walk(&req).status, GWALK_BAD_MODE);
	req.satp = gw_satp(1, gw_page_gpa(0));
	assert_int_equal(walk(&req).status, GWALK_BAD_MODE);
}

static void test_sv39_4k_read(void **state)
{
	uint64_t va = 0x12345678ull, *e = gw_entry(&mem, 3, va, 0);
	struct gwalk_req req = req_of(GWALK_SATP_SV39, va, GWALK_READ);
	struct gwalk_result r;

	(void)state;
	*e = gw_pte(0x90000000ull, PTE_V | PTE_R | PTE_W | PTE_G | PTE_RSW);
	r = walk(&req);
	assert_int_equal(r.status, GWALK_OK);
	assert_int_equal(r.gpa, 0x90000678ull);
	assert_int_equal(r.level, 0);
	assert_int_equal(r.perms, GWALK_PERM_R | GWALK_PERM_W | GWALK_PERM_G);
	assert_ptr_equal(gw_slot(&mem, r.pte_gpa), e);
	assert_int_equal(*e & (PTE_A | PTE_D), PTE_A); /* a read sets A only */
	assert_int_equal(r.pte, *e);
	assert_int_equal(mem.reads, 3);
}

/* 2 MiB, 1 GiB (Sv39) and 512 GiB (Sv48) leaves: the low VPNs come from the va. */
static void test_superpages(void **state)
{
	static const struct {
		unsigned mode, level;
		uint64_t va, pa, want;
	} cases[] = {
	    {GWALK_SATP_SV39, 1, 0x40321abcull, 0xc0000000ull, 0xc0121abcull},
	    {GWALK_SATP_SV39, 2, 0x3fffffffffull, 0x100000000ull, 0x13fffffffull},
	    {GWALK_SATP_SV48, 1, 0x7fff00212345ull, 0x200000ull, 0x212345ull},
	    {GWALK_SATP_SV48, 3, 0xffff812345678abcull, 0x18000000000ull, 0x1a345678abcull},
	};

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		unsigned levels = cases[i].mode == GWALK_SATP_SV39 ? 3 : 4;
		struct gwalk_req req = req_of(cases[i].mode, cases[i].va, GWALK_EXEC);
		struct gwalk_result r;

		gw_reset(&mem);
		*gw_entry(&mem, levels, cases[i].va, cases[i].level) =
		    gw_pte(cases[i].pa, PTE_V | PTE_X | PTE_A);
		r = walk(&req);
		assert_int_equal(r.status, GWALK_OK);
		assert_int_equal(r.level, cases[i].level);
		assert_int_equal(r.gpa, cases[i].want);
		assert_int_equal(mem.cas_calls, 0); /* A already set, no D on a fetch */
	}
}

/* A superpage whose PPN has bits below its level set is a page fault. */
static void test_misaligned_superpages(void **state)
{
	static const struct {
		unsigned mode, level;
		uint64_t pa;
	} cases[] = {
	    {GWALK_SATP_SV39, 1, 0xc0001000ull},
	    {GWALK_SATP_SV39, 2, 0x40200000ull},
	    {GWALK_SATP_SV48, 3, 0x8040000000ull},
	};

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		unsigned levels = cases[i].mode == GWALK_SATP_SV39 ? 3 : 4;
		struct gwalk_req req = req_of(cases[i].mode, 0x5000, GWALK_READ);

		gw_reset(&mem);
		*gw_entry(&mem, levels, req.va, cases[i].level) =
		    gw_pte(cases[i].pa, PTE_V | PTE_R);
		assert_fault(&req, GWALK_PAGE_FAULT, GWALK_CAUSE_LOAD_PAGE);
		assert_int_equal(mem.cas_calls, 0); /* A is not set on a fault */
	}
}

static void test_sv48_four_levels(void **state)
{
	uint64_t va = 0xffff800000403000ull, *e = gw_entry(&mem, 4, va, 0);
	struct gwalk_req req = req_of(GWALK_SATP_SV48, va, GWALK_WRITE);
	struct gwalk_result r;

	(void)state;
	*e = gw_pte(0x87654000ull, PTE_V | PTE_R | PTE_W);
	r = walk(&req);
	assert_int_equal(r.status, GWALK_OK);
	assert_int_equal(r.gpa, 0x87654000ull);
	assert_int_equal(mem.reads, 4);
	assert_int_equal(*e & (PTE_A | PTE_D), PTE_A | PTE_D); /* a write sets both */
}

/* Bits above the top VPN must copy its top bit; no PTE is read before that check. */
static void test_non_canonical(void **state)
{
	struct gwalk_req req;

	(void)state;
	for (unsigned a = GWALK_READ; a <= GWALK_EXEC; a++) {
		req = req_of(GWALK_SATP_SV39, 1ull << 39, a);
		assert_fault(&req, GWALK_PAGE_FAULT, page_fault[a]);
		req = req_of(GWALK_SATP_SV39, 0xffffffbfffffffffull, a);
		assert_fault(&req, GWALK_PAGE_FAULT, page_fault[a]);
		req = req_of(GWALK_SATP_SV48, 0x0000800000000000ull, a);
		assert_fault(&req, GWALK_PAGE_FAULT, page_fault[a]);
	}
	assert_int_equal(mem.reads, 0);
	/* Canonical for Sv48 but not for Sv39. */
	req = req_of(GWALK_SATP_SV48, 0x0000008000000000ull, GWALK_READ);
	assert_fault(&req, GWALK_PAGE_FAULT, GWALK_CAUSE_LOAD_PAGE);
	assert_int_equal(mem.reads, 1);
}

/* V clear, at the root and at a leaf, faults with each access type's code. */
static void test_invalid(void **state)
{
	(void)state;
	for (unsigned a = GWALK_READ; a <= GWALK_EXEC; a++) {
		struct gwalk_req req = req_of(GWALK_SATP_SV39, 0x3000, a);

		assert_fault(&req, GWALK_PAGE_FAULT, page_fault[a]);
		*gw_entry(&mem, 3, req.va, 0) = gw_pte(0x90000000ull, PTE_R | PTE_W | PTE_X);
		assert_fault(&req, GWALK_PAGE_FAULT, page_fault[a]);
	}
}

/* W without R (with or without X) is reserved, even for the write it would allow. */
static void test_w_without_r(void **state)
{
	uint64_t *e = gw_entry(&mem, 3, 0x3000, 0);
	struct gwalk_req req = req_of(GWALK_SATP_SV39, 0x3000, GWALK_WRITE);

	(void)state;
	*e = gw_pte(0x90000000ull, PTE_V | PTE_W | PTE_A | PTE_D);
	assert_fault(&req, GWALK_PAGE_FAULT, GWALK_CAUSE_STORE_PAGE);
	*e |= PTE_X;
	req.access = GWALK_EXEC;
	assert_fault(&req, GWALK_PAGE_FAULT, GWALK_CAUSE_FETCH_PAGE);
	*e |= PTE_R;
	assert_int_equal(walk(&req).status, GWALK_OK);
}

/* Bits 63:54 are reserved (no Svnapot, no Svpbmt); RSW (9:8) is the guest's own. */
static void test_reserved_bits(void **state)
{
	uint64_t *e = gw_entry(&mem, 3, 0x3000, 0);
	struct gwalk_req req = req_of(GWALK_SATP_SV39, 0x3000, GWALK_READ);
	uint64_t leaf = gw_pte(0x90000000ull, PTE_V | PTE_R | PTE_A | PTE_RSW);

	(void)state;
	for (unsigned bit = 54; bit < 64; bit++) {
		*e = leaf | 1ull << bit;
		assert_fault(&req, GWALK_PAGE_FAULT, GWALK_CAUSE_LOAD_PAGE);
	}
	*e = leaf;
	assert_int_equal(walk(&req).status, GWALK_OK);
}

/* On a pointer, D, A and U are reserved; G marks the subtree global. */
static void test_pointer_bits(void **state)
{
	uint64_t va = 0x3000, *root = gw_slot(&mem, gw_page_gpa(0));
	struct gwalk_req req = req_of(GWALK_SATP_SV39, va, GWALK_READ);
	struct gwalk_result r;

	(void)state;
	*gw_entry(&mem, 3, va, 0) = gw_pte(0x90000000ull, PTE_V | PTE_R | PTE_A);
	for (uint64_t bit = PTE_U; bit <= PTE_D; bit <<= 1) {
		*root |= bit;
		r = walk(&req);
		if (bit == PTE_G) {
			assert_int_equal(r.status, GWALK_OK);
			assert_int_equal(r.perms, GWALK_PERM_R | GWALK_PERM_G);
		} else {
			assert_int_equal(r.status, GWALK_PAGE_FAULT);
		}
		*root &= ~bit;
	}
	*root |= 1ull << 60;
	assert_fault(&req, GWALK_PAGE_FAULT, GWALK_CAUSE_LOAD_PAGE);
}

static void test_pointer_at_level_0(void **state)
{
	uint64_t *e = gw_entry(&mem, 3, 0x3000, 0);
	struct gwalk_req req = req_of(GWALK_SATP_SV39, 0x3000, GWALK_EXEC);

	(void)state;
	*e = gw_pte(gw_page_gpa(0), PTE_V);
	assert_fault(&req, GWALK_PAGE_FAULT, GWALK_CAUSE_FETCH_PAGE);
}

/* A PTE outside guest RAM is an access fault: at the root, or further down. */
static void test_pte_outside_ram(void **state)
{
	(void)state;
	for (unsigned a = GWALK_READ; a <= GWALK_EXEC; a++) {
		struct gwalk_req req = req_of(GWALK_SATP_SV39, 0x3000, a);

		req.satp = gw_satp(GWALK_SATP_SV39, GW_RAM_BASE - GW_PAGE);
		assert_fault(&req, GWALK_ACCESS_FAULT, access_fault[a]);
		req.satp = gw_satp(GWALK_SATP_SV39, gw_page_gpa(0));
		*gw_slot(&mem, gw_page_gpa(0)) = gw_pte(gw_page_gpa(GW_RAM_PAGES), PTE_V);
		assert_fault(&req, GWALK_ACCESS_FAULT, access_fault[a]);
	}
	/* The last page of RAM is still RAM. */
	*gw_slot(&mem, gw_page_gpa(0)) = gw_pte(gw_page_gpa(GW_RAM_PAGES - 1), PTE_V);
	assert_fault(
	    &(struct gwalk_req){.satp = gw_satp(GWALK_SATP_SV39, gw_page_gpa(0)), .va = 0x3000},
	    GWALK_PAGE_FAULT, GWALK_CAUSE_LOAD_PAGE);
}

/* One leaf's verdict for an access at a privilege with SUM and MXR. */
static enum gwalk_status perm(uint64_t flags, enum gwalk_access a, bool user, bool sum, bool mxr)
{
	struct gwalk_req req = req_of(GWALK_SATP_SV39, 0x3000, a);

	*gw_entry(&mem, 3, req.va, 0) = gw_pte(0x90000000ull, PTE_V | PTE_A | PTE_D | flags);
	req.user = user;
	req.sum = sum;
	req.mxr = mxr;
	return walk(&req).status;
}

static void test_u_pages_from_s(void **state)
{
	uint64_t rwx = PTE_R | PTE_W | PTE_X;

	(void)state;
	assert_int_equal(perm(rwx | PTE_U, GWALK_READ, false, false, false), GWALK_PAGE_FAULT);
	assert_int_equal(perm(rwx | PTE_U, GWALK_WRITE, false, false, false), GWALK_PAGE_FAULT);
	assert_int_equal(perm(rwx | PTE_U, GWALK_READ, false, true, false), GWALK_OK);
	assert_int_equal(perm(rwx | PTE_U, GWALK_WRITE, false, true, false), GWALK_OK);
	/* SUM never lets S execute a U page. */
	assert_int_equal(perm(rwx | PTE_U, GWALK_EXEC, false, true, false), GWALK_PAGE_FAULT);
	assert_int_equal(perm(rwx | PTE_U, GWALK_EXEC, true, false, false), GWALK_OK);
	/* U never reaches an S page, SUM or not. */
	assert_int_equal(perm(rwx, GWALK_READ, true, true, true), GWALK_PAGE_FAULT);
	assert_int_equal(perm(rwx, GWALK_EXEC, true, true, false), GWALK_PAGE_FAULT);
	assert_int_equal(perm(rwx, GWALK_EXEC, false, false, false), GWALK_OK);
}

static void test_x_only_and_mxr(void **state)
{
	(void)state;
	assert_int_equal(perm(PTE_X, GWALK_EXEC, false, false, false), GWALK_OK);
	assert_int_equal(perm(PTE_X, GWALK_READ, false, false, false), GWALK_PAGE_FAULT);
	assert_int_equal(perm(PTE_X, GWALK_READ, false, false, true), GWALK_OK);
	assert_int_equal(perm(PTE_X | PTE_U, GWALK_READ, true, false, true), GWALK_OK);
	assert_int_equal(perm(PTE_X, GWALK_WRITE, false, false, true), GWALK_PAGE_FAULT);
	assert_int_equal(perm(PTE_R, GWALK_WRITE, false, false, false), GWALK_PAGE_FAULT);
	assert_int_equal(perm(PTE_R, GWALK_EXEC, false, false, true), GWALK_PAGE_FAULT);
}

/* Svade: A clear, or D clear on a write, is a page fault and nothing is written. */
static void test_svade_faults(void **state)
{
	uint64_t *e = gw_entry(&mem, 3, 0x3000, 0);
	struct gwalk_req req = req_of(GWALK_SATP_SV39, 0x3000, GWALK_READ);

	(void)state;
	req.set_ad = false;
	*e = gw_pte(0x90000000ull, PTE_V | PTE_R | PTE_W);
	assert_fault(&req, GWALK_PAGE_FAULT, GWALK_CAUSE_LOAD_PAGE);
	*e |= PTE_A;
	assert_int_equal(walk(&req).status, GWALK_OK);
	req.access = GWALK_WRITE;
	assert_fault(&req, GWALK_PAGE_FAULT, GWALK_CAUSE_STORE_PAGE);
	*e |= PTE_D;
	assert_int_equal(walk(&req).status, GWALK_OK);
	assert_int_equal(mem.cas_calls, 0);
}

/* Permission and alignment come before A/D: a faulting walk leaves A clear. */
static void test_checks_before_ad(void **state)
{
	uint64_t *e = gw_entry(&mem, 3, 0x3000, 1);
	struct gwalk_req req = req_of(GWALK_SATP_SV39, 0x3000, GWALK_WRITE);

	(void)state;
	*e = gw_pte(0x90000000ull, PTE_V | PTE_R);
	assert_fault(&req, GWALK_PAGE_FAULT, GWALK_CAUSE_STORE_PAGE);
	*e = gw_pte(0x90001000ull, PTE_V | PTE_R | PTE_W);
	assert_fault(&req, GWALK_PAGE_FAULT, GWALK_CAUSE_STORE_PAGE);
	assert_int_equal(*e & (PTE_A | PTE_D), 0);
	assert_int_equal(mem.cas_calls, 0);
}

/* A lost race re-reads the PTE: the other writer's PTE is the one obeyed. */
static void test_ad_race(void **state)
{
	uint64_t *e = gw_entry(&mem, 3, 0x3000, 0);
	struct gwalk_req req = req_of(GWALK_SATP_SV39, 0x3000, GWALK_READ);
	struct gwalk_result r;

	(void)state;
	*e = gw_pte(0x90000000ull, PTE_V | PTE_R);
	mem.cas_lose = 1;
	mem.cas_meddle = gw_pte(0xa0000000ull, PTE_V | PTE_R);
	r = walk(&req);
	assert_int_equal(r.status, GWALK_OK);
	assert_int_equal(r.gpa, 0xa0000000ull);
	assert_int_equal(*e, mem.cas_meddle | PTE_A);
	assert_int_equal(mem.cas_calls, 2);
	/* The other writer unmapped it. */
	*e = gw_pte(0x90000000ull, PTE_V | PTE_R);
	mem.cas_lose = 1;
	mem.cas_meddle = gw_pte(0x90000000ull, PTE_R);
	assert_fault(&req, GWALK_PAGE_FAULT, GWALK_CAUSE_LOAD_PAGE);
}

/* Bounded work: a PTE that keeps changing gives GWALK_AGAIN, not a loop. */
static void test_ad_race_gives_up(void **state)
{
	struct gwalk_req req = req_of(GWALK_SATP_SV39, 0x3000, GWALK_WRITE);

	(void)state;
	*gw_entry(&mem, 3, req.va, 0) = gw_pte(0x90000000ull, PTE_V | PTE_R | PTE_W);
	mem.cas_lose = 1000;
	assert_int_equal(walk(&req).status, GWALK_AGAIN);
	assert_int_equal(mem.cas_calls, GWALK_CAS_TRIES);
}

/* A PTE that cannot be written: an access fault of the original access type. */
static void test_ad_write_refused(void **state)
{
	struct gwalk_req req = req_of(GWALK_SATP_SV39, 0x3000, GWALK_EXEC);

	(void)state;
	*gw_entry(&mem, 3, req.va, 0) = gw_pte(0x90000000ull, PTE_V | PTE_X);
	mem.cas_refuse = true;
	assert_fault(&req, GWALK_ACCESS_FAULT, GWALK_CAUSE_FETCH_ACCESS);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup(test_bare_is_identity, setup),
	    cmocka_unit_test_setup(test_bad_modes, setup),
	    cmocka_unit_test_setup(test_sv39_4k_read, setup),
	    cmocka_unit_test_setup(test_superpages, setup),
	    cmocka_unit_test_setup(test_misaligned_superpages, setup),
	    cmocka_unit_test_setup(test_sv48_four_levels, setup),
	    cmocka_unit_test_setup(test_non_canonical, setup),
	    cmocka_unit_test_setup(test_invalid, setup),
	    cmocka_unit_test_setup(test_w_without_r, setup),
	    cmocka_unit_test_setup(test_reserved_bits, setup),
	    cmocka_unit_test_setup(test_pointer_bits, setup),
	    cmocka_unit_test_setup(test_pointer_at_level_0, setup),
	    cmocka_unit_test_setup(test_pte_outside_ram, setup),
	    cmocka_unit_test_setup(test_u_pages_from_s, setup),
	    cmocka_unit_test_setup(test_x_only_and_mxr, setup),
	    cmocka_unit_test_setup(test_svade_faults, setup),
	    cmocka_unit_test_setup(test_checks_before_ad, setup),
	    cmocka_unit_test_setup(test_ad_race, setup),
	    cmocka_unit_test_setup(test_ad_race_gives_up, setup),
	    cmocka_unit_test_setup(test_ad_write_refused, setup),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
