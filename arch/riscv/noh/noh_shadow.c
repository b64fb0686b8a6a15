/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * A vCPU's shadow spaces (shadow.h): one per virtual mode, each with an
 * ASID of its own for good, so that moving between them, or between vCPUs,
 * flushes nothing. The spaces are the vCPU's alone: only the hart it runs on
 * fills or empties them, so they need no lock, and a hart it ran on before
 * may hold stale entries for its ASIDs only until the vCPU is loaded there
 * again, which fences them (noh_shadow_fence_asids).
 */
#include "../csr.h"
#include "noh_backend.h"

static unsigned noh_next_asid = 1; /* 0 is every hart's own root */

static void noh_fence_asid(uint16_t asid)
{
	__asm__ volatile("sfence.vma zero, %0" ::"r"((unsigned long)asid) : "memory");
}

static void noh_fence_addr(uint64_t va, uint16_t asid)
{
	__asm__ volatile("sfence.vma %0, %1" ::"r"(va), "r"((unsigned long)asid) : "memory");
}

void noh_shadow_fence_asids(const struct vcpu_arch *a)
{
	for (unsigned k = 0; k < NOH_SPACES; k++)
		if (a->noh.asid[k])
			noh_fence_asid(a->noh.asid[k]);
}

void noh_shadow_fence_addr(const struct vcpu_arch *a, uint64_t va)
{
	noh_fence_addr(va, a->noh.asid[a->noh.space]);
}

void noh_shadow_flush_all(struct vcpu_arch *a)
{
	for (unsigned k = 0; k < NOH_SPACES; k++) {
		if (!a->noh.spaces[k].root)
			continue;
		shadow_flush(&a->noh.spaces[k]);
		noh_fence_asid(a->noh.asid[k]);
	}
}

void noh_shadow_flush_addr(struct vcpu_arch *a, uint64_t va)
{
	for (unsigned k = 0; k < NOH_SPACES; k++) {
		if (!a->noh.spaces[k].root || shadow_unmap(&a->noh.spaces[k], va) != SHADOW_OK)
			continue;
		noh_fence_addr(va, a->noh.asid[k]);
	}
}

/* A space's root and ASID on first use; -1 when no page or ASID is left. */
static int noh_shadow_space_ready(struct vcpu_arch *a, enum noh_space_kind k)
{
	unsigned asid;

	if (a->noh.spaces[k].root)
		return 0;
	asid = __atomic_fetch_add(&noh_next_asid, 1, __ATOMIC_RELAXED);
	if (asid >> noh_root_asid_bits())
		return -1;
	if (shadow_space_init(&a->noh.spaces[k], noh_root_erg_range()) != SHADOW_OK)
		return -1;
	a->noh.asid[k] = (uint16_t)asid;
	noh_fence_asid(a->noh.asid[k]);
	return 0;
}

/*
 * The space the guest runs in now, ready: emptied first if what its entries
 * were built from has changed (RAM taken out of the guest, or MXR, which
 * the entries bake in).
 */
int noh_shadow_prepare(struct vcpu_arch *a)
{
	struct noh_vcpu *n = &a->noh;
	unsigned unmaps = __atomic_load_n(&n->vm->unmaps, __ATOMIC_ACQUIRE);
	bool mxr = n->priv.sstatus & PRIV_SSTATUS_MXR;

	if (unmaps != n->vm_unmaps || mxr != n->mxr) {
		noh_shadow_flush_all(a);
		n->vm_unmaps = unmaps;
		n->mxr = mxr;
	}
	if (n->priv.mode == PRIV_MODE_U)
		n->space = NOH_SPACE_U;
	else
		n->space = n->priv.sstatus & PRIV_SSTATUS_SUM ? NOH_SPACE_S_SUM : NOH_SPACE_S;
	return noh_shadow_space_ready(a, n->space);
}

unsigned long noh_shadow_satp(const struct vcpu_arch *a)
{
	return shadow_satp(&a->noh.spaces[a->noh.space], a->noh.asid[a->noh.space]);
}
