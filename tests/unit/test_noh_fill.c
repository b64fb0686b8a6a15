/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Unit tests for arch/riscv/noh/noh_fill.c, the no-H back end's shadow
 * filler, over a guest whose RAM is host memory behind a real guest-physical
 * map (gstage.c) and whose Sv39 tables are built in that RAM. The three
 * noh_shadow.c functions the filler calls are stood in for here: one shadow
 * space, with fences and flushes counted. The shadow is read back by a walk
 * of its root (shadow_fixture.h). Checked: the page a fill maps, with paging
 * off and on, as large as both the guest's leaf and the guest-physical leaf
 * allow and never larger; its permissions and host address; A and D set in
 * the guest's PTE, and W only once D is; a device window shadowed no wider
 * than the guest-physical map allows; what goes to core (a target or a
 * table outside RAM, a table in a device window) and what to the guest
 * (page faults, access faults in Erg's range); a superpage over a shadow
 * table falling back to 4 KiB; running out of table pages; instruction
 * fetches of either length, across a page boundary, and from nowhere. One
 * test, of a fetch from a device window, is skipped: it fails today.
 */
#include "arch/vm_arch.h"
#include "riscv/noh/noh_fill.h"
#include "shadow_fixture.h"

/*
 * Guest-physical layout. The first 2 MiB of RAM are mapped one 4 KiB page
 * at a time (as core maps RAM on first touch), starting 1 GiB aligned so a
 * fill there is tempted by every page size; the next 4 MiB by 2 MiB leaves.
 */
#define NF_RAM4K_GPA 0x80000000ull
#define NF_RAM2M_GPA 0x80200000ull
#define NF_RAM_SIZE  MIB(6)
#define NF_ROOT_GPA  NF_RAM2M_GPA  /* the guest's root table; tables follow it */
#define NF_DATA_GPA  0x80300000ull /* 4 KiB pages the guest maps, in a 2 MiB leaf */
#define NF_BIG_GPA   0x80400000ull /* a 2 MiB page the guest maps, one 2 MiB leaf */
#define NF_DEV_GPA   0x10000000ull /* a device window of one page */
#define NF_HOLE_GPA  0x90000000ull /* neither RAM nor device */
#define NF_GPA_LIMIT GW_GIB(4)

/* Erg's one root slot, as noh_root gives it: 0xffffffc000000000 up. */
#define NF_ERG_SLOT 256u
#define NF_ERG_VA   0xffffffc000000000ull

/* Guest leaf flags: a supervisor page, accessed, dirty unless said otherwise. */
#define NF_RWX_AD (PTE_V | PTE_R | PTE_W | PTE_X | PTE_A | PTE_D)

static uint8_t *nf_ram;
static uint8_t nf_dev[GW_PAGE] __attribute__((aligned(4096)));
static uint64_t nf_erg_table[512] __attribute__((aligned(4096)));
static uint64_t nf_erg_entry;
static const struct shadow_erg_range nf_erg = {&nf_erg_entry, NF_ERG_SLOT, 1};

static struct vm_arch nf_vm;
static struct vcpu_arch nf_vcpu;
static struct shadow_space nf_space;
static struct noh_fault nf_fault;
static uint64_t nf_next_table; /* the guest table builder's next free page */
static unsigned nf_fences, nf_flushes;
static uint64_t nf_fenced_va;

/* Stand-ins for noh_shadow.c: one space, whatever the guest's mode and ASID. */
struct shadow_space *noh_shadow_current(struct vcpu_arch *a)
{
	assert_ptr_equal(a, &nf_vcpu);
	return &nf_space;
}

void noh_shadow_fence_addr(const struct vcpu_arch *a, uint64_t va)
{
	assert_ptr_equal(a, &nf_vcpu);
	nf_fences++;
	nf_fenced_va = va;
}

void noh_shadow_flush_all(struct vcpu_arch *a)
{
	assert_ptr_equal(a, &nf_vcpu);
	shadow_flush(&nf_space);
	nf_flushes++;
}

/* The one space of these tests stays far below the bound. */
void noh_shadow_bound(struct vcpu_arch *a)
{
	assert_ptr_equal(a, &nf_vcpu);
}

static int nf_group_setup(void **state)
{
	nf_ram = aligned_alloc(MIB(2), NF_RAM_SIZE);
	if (!nf_ram)
		return -1;
	return sh_group_setup(state);
}

static int nf_group_teardown(void **state)
{
	free(nf_ram);
	return sh_group_teardown(state);
}

static void nf_map_ram(void)
{
	for (uint64_t off = 0; off < MIB(2); off += GW_PAGE)
		assert_int_equal(gstage_map(&nf_vm.gstage, NF_RAM4K_GPA + off,
					    (paddr_t)(uintptr_t)nf_ram + off, GW_PAGE, GSTAGE_RWX),
				 0);
	assert_int_equal(gstage_map(&nf_vm.gstage, NF_RAM2M_GPA,
				    (paddr_t)(uintptr_t)nf_ram + MIB(2), MIB(4), GSTAGE_RWX),
			 0);
	assert_int_equal(gstage_map(&nf_vm.gstage, NF_DEV_GPA, (paddr_t)(uintptr_t)nf_dev, GW_PAGE,
				    GSTAGE_READ | GSTAGE_WRITE),
			 0);
}

/* Fresh tables, zeroed guest RAM, an empty shadow, and a vCPU in virtual S without paging. */
static int nf_setup(void **state)
{
	if (sh_setup(state))
		return -1;
	memset(nf_ram, 0, NF_RAM_SIZE);
	assert_int_equal(gstage_init(&nf_vm.gstage, NF_GPA_LIMIT), 0);
	nf_map_ram();
	sh_extra_page = nf_erg_table;
	nf_erg_entry = gw_pte((uintptr_t)nf_erg_table, PTE_V);
	assert_int_equal(shadow_space_init(&nf_space, &nf_erg), SHADOW_OK);
	memset(&nf_vcpu, 0, sizeof(nf_vcpu));
	nf_vcpu.noh.vm = &nf_vm;
	nf_vcpu.noh.priv.mode = PRIV_MODE_S;
	nf_next_table = NF_ROOT_GPA + GW_PAGE;
	nf_fences = nf_flushes = 0;
	nf_fenced_va = 0;
	return 0;
}

/* The host address gpa maps to. */
static paddr_t nf_hpa(uint64_t gpa)
{
	paddr_t hpa;
	unsigned perms;

	assert_true(gstage_translate(&nf_vm.gstage, gpa, &hpa, &perms));
	return hpa;
}

static uint64_t *nf_host(uint64_t gpa)
{
	return (uint64_t *)(uintptr_t)nf_hpa(gpa);
}

/* The guest-physical leaf at gpa is size bytes: what a test's premise relies on. */
static void nf_assert_gstage_leaf(uint64_t gpa, uint64_t size)
{
	struct gstage_leaf leaf;

	assert_true(gstage_lookup(&nf_vm.gstage, gpa, &leaf));
	assert_int_equal(leaf.size, size);
}

static void nf_paging_on(void)
{
	nf_vcpu.noh.priv.satp = gw_satp(GWALK_SATP_SV39, NF_ROOT_GPA);
}

/* The guest's PTE slot for va at level, its pointer PTEs built from the root down. */
static uint64_t *nf_entry(uint64_t va, unsigned level)
{
	uint64_t table = NF_ROOT_GPA;

	for (unsigned l = 2; l > level; l--) {
		uint64_t *p = nf_host(table + gw_vpn(va, l) * 8);

		if (!*p) {
			*p = gw_pte(nf_next_table, PTE_V);
			nf_next_table += GW_PAGE;
		}
		table = (*p >> 10) << 12;
	}
	return nf_host(table + gw_vpn(va, level) * 8);
}

static enum noh_fill nf_fill(uint64_t va, enum gwalk_access access)
{
	nf_fault = (struct noh_fault){.cause = ~0u, .tval = ~0ull, .gpa = ~0ull};
	return noh_fill(&nf_vcpu, va, access, &nf_fault);
}

/* A fill that maps and fences va. */
static void nf_assert_fills(uint64_t va, enum gwalk_access access)
{
	unsigned fences = nf_fences;

	assert_int_equal(nf_fill(va, access), NOH_FILL_DONE);
	assert_int_equal(nf_fences, fences + 1);
	assert_int_equal(nf_fenced_va, va);
}

static void nf_assert_guest_fault(uint64_t va, enum gwalk_access access, unsigned cause)
{
	assert_int_equal(nf_fill(va, access), NOH_FILL_GUEST);
	assert_int_equal(nf_fault.cause, cause);
	assert_int_equal(nf_fault.tval, va);
	sh_assert_unmapped(&nf_space, va);
	assert_int_equal(nf_fences, 0);
}

static void nf_assert_core(uint64_t va, uint64_t gpa, bool table)
{
	nf_fault = (struct noh_fault){.cause = ~0u, .gpa = ~0ull, .table = !table};
	assert_int_equal(noh_fill(&nf_vcpu, va, GWALK_READ, &nf_fault), NOH_FILL_CORE);
	assert_int_equal(nf_fault.gpa, gpa);
	assert_int_equal(nf_fault.table, table);
	sh_assert_unmapped(&nf_space, va);
	assert_int_equal(nf_fences, 0);
}

/* Paging off, a 2 MiB guest-physical leaf: one 2 MiB shadow leaf, everything allowed. */
static void test_bare_superpage(void **state)
{
	uint64_t va = NF_BIG_GPA + 0x12345;

	(void)state;
	nf_assert_gstage_leaf(NF_BIG_GPA, MIB(2));
	nf_assert_fills(va, GWALK_READ);
	sh_assert_maps(&nf_space, va, nf_hpa(NF_BIG_GPA), SHADOW_LEVEL_2M, SHADOW_PERM_RWX);
	assert_int_equal(nf_space.tables, 1);
}

/*
 * Paging off over RAM mapped 4 KiB at a time: 4 KiB shadow leaves, even at
 * an address aligned for 1 GiB and 2 MiB, where a leaf starting at the page
 * once let a larger shadow page through.
 */
static void test_bare_small_gstage(void **state)
{
	static const uint64_t gpas[] = {NF_RAM4K_GPA, NF_RAM4K_GPA + MIB(1) + 0x567,
					NF_RAM4K_GPA + MIB(2) - 8};

	(void)state;
	nf_assert_gstage_leaf(NF_RAM4K_GPA, GW_PAGE);
	for (size_t i = 0; i < ARRAY_SIZE(gpas); i++) {
		uint64_t page = gpas[i] & ~(GW_PAGE - 1);

		nf_assert_fills(gpas[i], GWALK_WRITE);
		sh_assert_maps(&nf_space, gpas[i], nf_hpa(page), SHADOW_LEVEL_4K, SHADOW_PERM_RWX);
		sh_assert_unmapped(&nf_space, page + GW_PAGE);
	}
}

/* A guest 4 KiB leaf: a 4 KiB shadow leaf with the permissions of the virtual mode. */
static void test_sv39_small(void **state)
{
	uint64_t user_va = 0x40001000, sum_va = 0x40002000;

	(void)state;
	nf_paging_on();
	*nf_entry(user_va, 0) = gw_pte(NF_DATA_GPA, PTE_V | PTE_R | PTE_X | PTE_U | PTE_A);
	*nf_entry(sum_va, 0) = gw_pte(NF_DATA_GPA + GW_PAGE, NF_RWX_AD | PTE_U);
	nf_vcpu.noh.priv.mode = PRIV_MODE_U;
	nf_assert_fills(user_va + 0x10, GWALK_EXEC);
	sh_assert_maps(&nf_space, user_va, nf_hpa(NF_DATA_GPA), SHADOW_LEVEL_4K,
		       SHADOW_PERM_R | SHADOW_PERM_X);
	/* Virtual S reaches a user page only with SUM, and never executes it. */
	nf_vcpu.noh.priv.mode = PRIV_MODE_S;
	nf_vcpu.noh.priv.sstatus = PRIV_SSTATUS_SUM;
	nf_assert_fills(sum_va, GWALK_READ);
	sh_assert_maps(&nf_space, sum_va, nf_hpa(NF_DATA_GPA + GW_PAGE), SHADOW_LEVEL_4K,
		       SHADOW_PERM_R | SHADOW_PERM_W);
}

/* A guest 2 MiB leaf over a 2 MiB guest-physical leaf: a 2 MiB shadow leaf. */
static void test_sv39_superpage(void **state)
{
	uint64_t va = 0x40200000;

	(void)state;
	nf_paging_on();
	*nf_entry(va, 1) = gw_pte(NF_BIG_GPA, NF_RWX_AD);
	nf_assert_fills(va + 0x5678, GWALK_WRITE);
	sh_assert_maps(&nf_space, va + 0x5678, nf_hpa(NF_BIG_GPA), SHADOW_LEVEL_2M,
		       SHADOW_PERM_RWX);
	sh_assert_maps(&nf_space, va + MIB(2) - 8, nf_hpa(NF_BIG_GPA), SHADOW_LEVEL_2M,
		       SHADOW_PERM_RWX);
}

/* A guest 2 MiB leaf over RAM mapped 4 KiB at a time: 4 KiB shadow leaves. */
static void test_sv39_superpage_small_gstage(void **state)
{
	uint64_t va = 0x40400000;

	(void)state;
	nf_paging_on();
	*nf_entry(va, 1) = gw_pte(NF_RAM4K_GPA, NF_RWX_AD);
	nf_assert_fills(va, GWALK_READ);
	sh_assert_maps(&nf_space, va, nf_hpa(NF_RAM4K_GPA), SHADOW_LEVEL_4K, SHADOW_PERM_RWX);
	nf_assert_fills(va + 0x3010, GWALK_READ);
	sh_assert_maps(&nf_space, va + 0x3010, nf_hpa(NF_RAM4K_GPA + 0x3000), SHADOW_LEVEL_4K,
		       SHADOW_PERM_RWX);
	sh_assert_unmapped(&nf_space, va + 0x1000);
}

/* A guest leaf pointing at nothing: core looks at the target. */
static void test_leaf_outside_ram(void **state)
{
	uint64_t va = 0x40003000;

	(void)state;
	nf_paging_on();
	*nf_entry(va, 0) = gw_pte(NF_HOLE_GPA, NF_RWX_AD);
	nf_assert_core(va + 0x123, NF_HOLE_GPA + 0x123, false);
}

/*
 * A guest table outside RAM, or in a device window: core gets the address
 * of the entry the walk wanted, and no device is read as a table.
 */
static void test_table_outside_ram(void **state)
{
	uint64_t hole_va = 0x40000000 + 0x5 * MIB(2) + 0x7000;
	uint64_t dev_va = 0x80000000 + 0x9000;

	(void)state;
	nf_paging_on();
	*nf_entry(hole_va, 2) = gw_pte(NF_HOLE_GPA, PTE_V);
	nf_assert_core(hole_va, NF_HOLE_GPA + 5 * 8, true);
	memset(nf_dev, 0xff, sizeof(nf_dev)); /* a valid-looking PTE the walk must not take */
	*nf_entry(dev_va, 1) = gw_pte(NF_DEV_GPA, PTE_V);
	nf_assert_core(dev_va, NF_DEV_GPA + 9 * 8, true);
}

/* An invalid guest PTE: the page fault of the access, at va. */
static void test_guest_page_fault(void **state)
{
	uint64_t unmapped_root = 0x1000000000ull + 0x4000, invalid_leaf = 0x40005000;

	(void)state;
	nf_paging_on();
	*nf_entry(invalid_leaf, 0) = gw_pte(NF_DATA_GPA, NF_RWX_AD & ~PTE_V);
	for (unsigned i = 0; i < 2; i++) {
		uint64_t va = i ? invalid_leaf : unmapped_root;

		nf_assert_guest_fault(va, GWALK_READ, GWALK_CAUSE_LOAD_PAGE);
		nf_assert_guest_fault(va, GWALK_WRITE, GWALK_CAUSE_STORE_PAGE);
		nf_assert_guest_fault(va, GWALK_EXEC, GWALK_CAUSE_FETCH_PAGE);
	}
}

/* The guest's own mapping of Erg's range: an access fault, and Erg's entry untouched. */
static void test_erg_range(void **state)
{
	uint64_t va = NF_ERG_VA + 0x1000;
	const uint64_t *root = (const uint64_t *)(uintptr_t)nf_space.root;

	(void)state;
	nf_paging_on();
	*nf_entry(va, 0) = gw_pte(NF_DATA_GPA, NF_RWX_AD);
	assert_int_equal(gw_vpn(va, 2), NF_ERG_SLOT);
	nf_assert_guest_fault(va, GWALK_READ, GWALK_CAUSE_LOAD_ACCESS);
	nf_assert_guest_fault(va, GWALK_WRITE, GWALK_CAUSE_STORE_ACCESS);
	nf_assert_guest_fault(va, GWALK_EXEC, GWALK_CAUSE_FETCH_ACCESS);
	assert_int_equal(root[NF_ERG_SLOT], nf_erg_entry);
	assert_int_equal(nf_space.tables, 0);
}

/* A and D as the guest's PTE gets them, and W in the shadow only once D is set. */
static void test_dirty(void **state)
{
	uint64_t store_va = 0x40006000, load_va = 0x40007000;
	uint64_t *store_pte = nf_entry(store_va, 0), *load_pte = nf_entry(load_va, 0);
	unsigned rw = SHADOW_PERM_R | SHADOW_PERM_W;

	(void)state;
	nf_paging_on();
	*store_pte = gw_pte(NF_DATA_GPA, PTE_V | PTE_R | PTE_W);
	*load_pte = gw_pte(NF_DATA_GPA + GW_PAGE, PTE_V | PTE_R | PTE_W);
	nf_assert_fills(store_va, GWALK_WRITE);
	assert_int_equal(*store_pte & (PTE_A | PTE_D), PTE_A | PTE_D);
	sh_assert_maps(&nf_space, store_va, nf_hpa(NF_DATA_GPA), SHADOW_LEVEL_4K, rw);
	nf_assert_fills(load_va, GWALK_READ);
	assert_int_equal(*load_pte & (PTE_A | PTE_D), PTE_A);
	sh_assert_maps(&nf_space, load_va, nf_hpa(NF_DATA_GPA + GW_PAGE), SHADOW_LEVEL_4K,
		       SHADOW_PERM_R);
	/* The first store then faults again, and the refill adds W over the read-only leaf. */
	nf_assert_fills(load_va, GWALK_WRITE);
	assert_int_equal(*load_pte & (PTE_A | PTE_D), PTE_A | PTE_D);
	sh_assert_maps(&nf_space, load_va, nf_hpa(NF_DATA_GPA + GW_PAGE), SHADOW_LEVEL_4K, rw);
}

/* A superpage the shadow holds a table for goes in as 4 KiB. */
static void test_superpage_over_table(void **state)
{
	paddr_t small = nf_hpa(NF_BIG_GPA + 0x5000);
	uint64_t va = NF_BIG_GPA + 0x1234;

	(void)state;
	assert_int_equal(
	    shadow_map(&nf_space, NF_BIG_GPA + 0x5000, small, SHADOW_LEVEL_4K, SHADOW_PERM_R),
	    SHADOW_OK);
	nf_assert_fills(va, GWALK_READ);
	sh_assert_maps(&nf_space, va, nf_hpa(NF_BIG_GPA + 0x1000), SHADOW_LEVEL_4K,
		       SHADOW_PERM_RWX);
	sh_assert_maps(&nf_space, NF_BIG_GPA + 0x5000, small, SHADOW_LEVEL_4K, SHADOW_PERM_R);
}

/* No page left for a shadow table: every shadow dropped, and the guest runs again. */
static void test_out_of_tables(void **state)
{
	(void)state;
	nf_assert_fills(NF_BIG_GPA, GWALK_READ);
	while (page_alloc(1, 1))
		;
	/* A 4 KiB page needs a table below the one the superpage sits in. */
	assert_int_equal(nf_fill(NF_RAM4K_GPA, GWALK_READ), NOH_FILL_RETRY);
	assert_int_equal(nf_flushes, 1);
	assert_int_equal(nf_space.tables, 0);
	sh_assert_unmapped(&nf_space, NF_BIG_GPA);
	sh_assert_unmapped(&nf_space, NF_RAM4K_GPA);
}

/* A device window the guest-physical map holds: shadowed no wider than it, never executable. */
static void test_device_window(void **state)
{
	(void)state;
	nf_assert_fills(NF_DEV_GPA + 0x10, GWALK_WRITE);
	sh_assert_maps(&nf_space, NF_DEV_GPA + 0x10, (uintptr_t)nf_dev, SHADOW_LEVEL_4K,
		       SHADOW_PERM_R | SHADOW_PERM_W);
}

/*
 * A fetch from a device window the guest-physical map holds (passthrough,
 * read-write, never executable) must not end in a shadow leaf without X:
 * the guest would fault on it again at once, and the fill would repeat
 * forever. It takes the fetch access fault instead.
 */
static void test_fetch_from_device(void **state)
{
	(void)state;
	nf_assert_guest_fault(NF_DEV_GPA, GWALK_EXEC, GWALK_CAUSE_FETCH_ACCESS);
}

/* Code pages of the fetch test: two guest-adjacent pages far apart in guest RAM. */
#define NF_CODE_VA 0x40800000ull
#define NF_CODE_LO (NF_DATA_GPA + 5 * GW_PAGE)
#define NF_CODE_HI (NF_DATA_GPA + 1 * GW_PAGE)

static void nf_put16(uint64_t gpa, uint16_t half)
{
	*(uint16_t *)(uintptr_t)nf_hpa(gpa) = half;
}

static void nf_code_pages(void)
{
	nf_paging_on();
	*nf_entry(NF_CODE_VA, 0) = gw_pte(NF_CODE_LO, PTE_V | PTE_R | PTE_X | PTE_A);
	*nf_entry(NF_CODE_VA + GW_PAGE, 0) = gw_pte(NF_CODE_HI, PTE_V | PTE_R | PTE_X | PTE_A);
	nf_put16(NF_CODE_LO + 0x100, 0x0513); /* addi a0, zero, 10 */
	nf_put16(NF_CODE_LO + 0x102, 0x00a0);
	nf_put16(NF_CODE_LO + 0x104, 0x4501); /* c.li a0, 0 */
	nf_put16(NF_CODE_LO + 0xffe, 0x0593); /* addi a1, zero, 10, across the pages */
	nf_put16(NF_CODE_HI, 0x00a0);
	nf_put16(NF_CODE_HI + 0xffc, 0x4505); /* c.li a0, 1 */
	nf_put16(NF_CODE_HI + 0xffe, 0x0613); /* addi a2, ...: its second half is nowhere */
}

static void nf_assert_fetch(uint64_t pc, uint32_t insn)
{
	uint32_t got = 0xdeadbeef;

	assert_true(noh_fetch(&nf_vcpu, pc, &got));
	assert_int_equal(got, insn);
}

static void test_fetch(void **state)
{
	uint32_t insn = 0;

	(void)state;
	nf_code_pages();
	nf_assert_fetch(NF_CODE_VA + 0x100, 0x00a00513);
	nf_assert_fetch(NF_CODE_VA + 0x104, 0x4501);
	nf_assert_fetch(NF_CODE_VA + 0xffe, 0x00a00593);
	nf_assert_fetch(NF_CODE_VA + GW_PAGE + 0xffc, 0x4505);
	assert_false(noh_fetch(&nf_vcpu, NF_CODE_VA + GW_PAGE + 0xffe, &insn));
	assert_false(noh_fetch(&nf_vcpu, NF_CODE_VA + 2 * GW_PAGE, &insn));
	assert_false(noh_fetch(&nf_vcpu, 0x1000000000ull, &insn));
	assert_int_equal(nf_space.tables, 0); /* fetching fills nothing */
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup(test_bare_superpage, nf_setup),
	    cmocka_unit_test_setup(test_bare_small_gstage, nf_setup),
	    cmocka_unit_test_setup(test_sv39_small, nf_setup),
	    cmocka_unit_test_setup(test_sv39_superpage, nf_setup),
	    cmocka_unit_test_setup(test_sv39_superpage_small_gstage, nf_setup),
	    cmocka_unit_test_setup(test_leaf_outside_ram, nf_setup),
	    cmocka_unit_test_setup(test_table_outside_ram, nf_setup),
	    cmocka_unit_test_setup(test_guest_page_fault, nf_setup),
	    cmocka_unit_test_setup(test_erg_range, nf_setup),
	    cmocka_unit_test_setup(test_dirty, nf_setup),
	    cmocka_unit_test_setup(test_superpage_over_table, nf_setup),
	    cmocka_unit_test_setup(test_out_of_tables, nf_setup),
	    cmocka_unit_test_setup(test_fetch, nf_setup),
	    cmocka_unit_test_setup(test_device_window, nf_setup),
	    cmocka_unit_test_setup(test_fetch_from_device, nf_setup),
	};

	return cmocka_run_group_tests(tests, nf_group_setup, nf_group_teardown);
}
