/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Erg's own side of the no-H back end's address spaces. Each hart runs Erg
 * under a root of its own that maps the low 256 GiB of physical memory onto
 * itself (1 GiB leaves, supervisor only), so Erg's addresses are physical
 * ones as with H, plus slot 256: the trampoline (noh_layout.h), shared with
 * every shadow root. The page below each root holds, in its last word, the
 * vCPU the hart runs: the trampoline finds it from satp alone, with no
 * register to spare.
 */
#include "../csr.h"
#include "../pte.h"
#include "console/console.h"
#include "lib/erg_limits.h"
#include "lib/hart.h"
#include "noh_backend.h"
#include "noh_layout.h"

#define NOH_ENTRIES	     512
#define NOH_IDENTITY_SLOTS   256 /* 1 GiB each: physical memory below 256 GiB */
#define NOH_GIB_SHIFT	     30
#define NOH_SATP_ASID_SHIFT  44
#define NOH_SATP_ASID_MASK   0xffffUL
#define NOH_ASID_BITS_WANTED 16

extern char noh_tramp_start[];

typedef uint64_t noh_table[NOH_ENTRIES];

/* The trampoline's tables below slot 256, the same in every root. */
static noh_table noh_tramp_l1 __attribute__((aligned(4096)));
static noh_table noh_tramp_l0 __attribute__((aligned(4096)));
static uint64_t noh_erg_slot;

/* Per hart: the page whose last word names the running vCPU, then the root. */
struct noh_hart_root {
	noh_table below;
	noh_table root;
};
static struct noh_hart_root noh_roots[ERG_MAX_HARTS] __attribute__((aligned(4096)));
static unsigned noh_asid_bits;

static uint64_t noh_pte(const void *page, uint64_t flags)
{
	return ((uint64_t)(uintptr_t)page >> PTE_PAGE_SHIFT) << PTE_PPN_SHIFT | flags | PTE_V;
}

void noh_root_init(void)
{
	noh_tramp_l0[0] = noh_pte(noh_tramp_start, PTE_R | PTE_X | PTE_A | PTE_G);
	noh_tramp_l1[0] = noh_pte(noh_tramp_l0, 0);
	noh_erg_slot = noh_pte(noh_tramp_l1, 0);
}

const struct shadow_erg_range *noh_root_erg_range(void)
{
	static struct shadow_erg_range range = {.first = NOH_ERG_SLOT, .count = 1};

	range.entries = &noh_erg_slot;
	return &range;
}

static unsigned long noh_root_satp(const struct noh_hart_root *r, unsigned long asid)
{
	return (unsigned long)SHADOW_SATP_SV39 << PRIV_SATP_MODE_SHIFT |
	       asid << NOH_SATP_ASID_SHIFT | (unsigned long)(uintptr_t)r->root >> PTE_PAGE_SHIFT;
}

/*
 * ASIDLEN as the spec describes it: write ones to every ASID bit and see
 * which stick. Implemented bits are the low ones.
 */
static unsigned noh_root_probe_asid(const struct noh_hart_root *r)
{
	unsigned long asid;

	csr_write(satp, noh_root_satp(r, NOH_SATP_ASID_MASK));
	asid = (csr_read(satp) >> NOH_SATP_ASID_SHIFT) & NOH_SATP_ASID_MASK;
	csr_write(satp, noh_root_satp(r, 0));
	__asm__ volatile("sfence.vma" ::: "memory");
	return (unsigned)__builtin_ctzl(~asid);
}

void noh_root_hart_init(void)
{
	struct noh_hart_root *r = &noh_roots[hart_self()];

	for (uint64_t slot = 0; slot < NOH_IDENTITY_SLOTS; slot++)
		r->root[slot] = noh_pte((void *)(uintptr_t)(slot << NOH_GIB_SHIFT),
					PTE_R | PTE_W | PTE_X | PTE_A | PTE_D);
	r->root[NOH_ERG_SLOT] = noh_erg_slot;
	__asm__ volatile("sfence.vma" ::: "memory");
	noh_asid_bits = noh_root_probe_asid(r);
	if (noh_asid_bits < NOH_ASID_BITS_WANTED)
		console_log("hart %llu: %u ASID bits; without H each guest address space a vCPU "
			    "keeps needs 3: guests that cannot get them are stopped",
			    (unsigned long long)hart_self(), noh_asid_bits);
}

unsigned noh_root_asid_bits(void)
{
	return noh_asid_bits;
}
