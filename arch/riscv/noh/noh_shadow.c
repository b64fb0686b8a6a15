/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * A vCPU's shadow spaces (shadow.h), in sets: one set per guest address
 * space it ran lately (the guest's ASID, or paging off), up to NOH_SETS,
 * the least recently entered given up for a new one; in each set one space
 * per virtual mode. Every space has an ASID of its own for good, so moving
 * between spaces, sets or vCPUs flushes nothing.
 *
 * The spaces are the vCPU's alone: only the hart it runs on fills or
 * empties them, so they need no lock, and a hart it ran on before may hold
 * stale entries for its ASIDs only until the vCPU is loaded there again,
 * which fences them (noh_shadow_fence_asids). Their tables are bounded per
 * vCPU (NOH_SHADOW_TABLES): past it everything is dropped and refilled, so
 * one guest's shadows never take the memory another's first touch needs.
 */
#include "../csr.h"
#include "noh_backend.h"

#define NOH_KEY_BARE	    (1ULL << 16) /* beyond any 16-bit ASID */
#define NOH_KEY_NONE	    UINT64_MAX
#define NOH_SATP_ASID_SHIFT 44
#define NOH_SHADOW_TABLES   512 /* table pages per vCPU: 2 MiB */

static unsigned noh_next_asid = 1; /* 0 is every hart's own root */

static void noh_fence_asid(uint16_t asid)
{
	__asm__ volatile("sfence.vma zero, %0" ::"r"((unsigned long)asid) : "memory");
}

static void noh_fence_addr(uint64_t va, uint16_t asid)
{
	__asm__ volatile("sfence.vma %0, %1" ::"r"(va), "r"((unsigned long)asid) : "memory");
}

static uint64_t noh_shadow_key(const struct priv_state *p)
{
	if (p->satp >> PRIV_SATP_MODE_SHIFT == PRIV_SATP_MODE_BARE)
		return NOH_KEY_BARE;
	return (p->satp & PRIV_SATP_ASID_MASK) >> NOH_SATP_ASID_SHIFT;
}

void noh_shadow_fence_asids(const struct vcpu_arch *a)
{
	for (unsigned i = 0; i < NOH_SETS; i++)
		for (unsigned k = 0; k < NOH_SPACES; k++)
			if (a->noh.sets[i].asid[k])
				noh_fence_asid(a->noh.sets[i].asid[k]);
}

void noh_shadow_fence_addr(const struct vcpu_arch *a, uint64_t va)
{
	noh_fence_addr(va, a->noh.sets[a->noh.set].asid[a->noh.space]);
}

static void noh_shadow_flush_set(struct noh_shadow_set *set)
{
	for (unsigned k = 0; k < NOH_SPACES; k++) {
		if (!set->spaces[k].root)
			continue;
		shadow_flush(&set->spaces[k]);
		noh_fence_asid(set->asid[k]);
	}
}

void noh_shadow_flush_all(struct vcpu_arch *a)
{
	for (unsigned i = 0; i < NOH_SETS; i++)
		noh_shadow_flush_set(&a->noh.sets[i]);
}

/* Sets forget their address spaces (a reset): their pages and ASIDs stay for the next ones. */
void noh_shadow_forget(struct vcpu_arch *a)
{
	noh_shadow_flush_all(a);
	for (unsigned i = 0; i < NOH_SETS; i++)
		a->noh.sets[i].key = NOH_KEY_NONE;
}

static struct noh_shadow_set *noh_shadow_set_of(struct vcpu_arch *a, uint64_t key)
{
	for (unsigned i = 0; i < NOH_SETS; i++)
		if (a->noh.sets[i].key == key)
			return &a->noh.sets[i];
	return NULL;
}

void noh_shadow_flush_asid(struct vcpu_arch *a, uint16_t asid)
{
	struct noh_shadow_set *set = noh_shadow_set_of(a, asid);

	if (set)
		noh_shadow_flush_set(set);
}

static void noh_shadow_unmap_in(struct noh_shadow_set *set, uint64_t va)
{
	for (unsigned k = 0; k < NOH_SPACES; k++)
		if (set->spaces[k].root && shadow_unmap(&set->spaces[k], va) == SHADOW_OK)
			noh_fence_addr(va, set->asid[k]);
}

void noh_shadow_flush_addr(struct vcpu_arch *a, uint64_t va, const uint16_t *asid)
{
	struct noh_shadow_set *set;

	if (asid) {
		set = noh_shadow_set_of(a, *asid);
		if (set)
			noh_shadow_unmap_in(set, va);
		return;
	}
	for (unsigned i = 0; i < NOH_SETS; i++)
		noh_shadow_unmap_in(&a->noh.sets[i], va);
}

/* After a fill: past the bound, everything goes (the guest refaults what it uses). */
void noh_shadow_bound(struct vcpu_arch *a)
{
	unsigned tables = 0;

	for (unsigned i = 0; i < NOH_SETS; i++)
		for (unsigned k = 0; k < NOH_SPACES; k++)
			tables += a->noh.sets[i].spaces[k].tables;
	if (tables > NOH_SHADOW_TABLES)
		noh_shadow_flush_all(a);
}

/* The set of the guest's current address space: found, or the least recently used given it. */
static unsigned noh_shadow_select(struct vcpu_arch *a)
{
	uint64_t key = noh_shadow_key(&a->noh.priv);
	unsigned pick = 0;

	if (a->noh.sets[a->noh.set].key == key)
		return a->noh.set;
	for (unsigned i = 0; i < NOH_SETS; i++) {
		if (a->noh.sets[i].key == key) {
			pick = i;
			goto found;
		}
		if (a->noh.sets[i].used < a->noh.sets[pick].used)
			pick = i;
	}
	noh_shadow_flush_set(&a->noh.sets[pick]);
	a->noh.sets[pick].key = key;
found:
	a->noh.sets[pick].used = ++a->noh.uses;
	return pick;
}

/* A space's root and ASID on first use; -1 when no page or ASID is left. */
static int noh_shadow_space_ready(struct noh_shadow_set *set, enum noh_space_kind k)
{
	unsigned asid;

	if (set->spaces[k].root)
		return 0;
	asid = __atomic_fetch_add(&noh_next_asid, 1, __ATOMIC_RELAXED);
	if (asid >> noh_root_asid_bits())
		return -1;
	if (shadow_space_init(&set->spaces[k], noh_root_erg_range()) != SHADOW_OK)
		return -1;
	set->asid[k] = (uint16_t)asid;
	noh_fence_asid(set->asid[k]);
	return 0;
}

/*
 * The space the guest runs in now, ready. Everything is emptied first if
 * what the entries were built from has changed: RAM taken out of the
 * guest, or MXR, which the entries bake in.
 */
static int noh_shadow_choose(struct vcpu_arch *a, unsigned unmaps)
{
	struct noh_vcpu *n = &a->noh;
	bool mxr = n->priv.sstatus & PRIV_SSTATUS_MXR;
	const struct noh_shadow_set *set;

	if (unmaps != n->vm_unmaps || mxr != n->mxr) {
		noh_shadow_flush_all(a);
		n->vm_unmaps = unmaps;
		n->mxr = mxr;
	}
	n->set = noh_shadow_select(a);
	if (n->priv.mode == PRIV_MODE_U)
		n->space = NOH_SPACE_U;
	else
		n->space = n->priv.sstatus & PRIV_SSTATUS_SUM ? NOH_SPACE_S_SUM : NOH_SPACE_S;
	if (noh_shadow_space_ready(&n->sets[n->set], n->space))
		return -1;
	set = &n->sets[n->set];
	n->entry_shadow_satp = shadow_satp(&set->spaces[n->space], set->asid[n->space]);
	return 0;
}

/* Most entries follow one under the same satp, mode, SUM and MXR: their space is the last one. */
int noh_shadow_prepare(struct vcpu_arch *a)
{
	struct noh_vcpu *n = &a->noh;
	unsigned unmaps = __atomic_load_n(&n->vm->unmaps, __ATOMIC_ACQUIRE);
	uint64_t state = n->priv.mode | (n->priv.sstatus & (PRIV_SSTATUS_SUM | PRIV_SSTATUS_MXR));

	if (n->entry_known && n->entry_satp == n->priv.satp && n->entry_state == state &&
	    n->vm_unmaps == unmaps)
		return 0;
	n->entry_known = !noh_shadow_choose(a, unmaps);
	n->entry_satp = n->priv.satp;
	n->entry_state = state;
	return n->entry_known ? 0 : -1;
}

struct shadow_space *noh_shadow_current(struct vcpu_arch *a)
{
	return &a->noh.sets[a->noh.set].spaces[a->noh.space];
}

unsigned long noh_shadow_satp(const struct vcpu_arch *a)
{
	return a->noh.entry_shadow_satp;
}
