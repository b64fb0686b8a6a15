/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Guest memory as the no-H back end reaches it: the guest's own page tables
 * walked (guest_walk.h) through its guest-physical map, a shadow leaf filled
 * from the walk, and the guest's instructions read back for decoding. Only
 * guest RAM is walked or read: a guest table in a device window reads as an
 * access fault, as on a hart whose PMAs forbid walks there.
 */
#include "noh_fill.h"
#include "../insn_decode.h"
#include "noh_backend.h"

/* The walker's view of guest memory; missing records a RAM page core has not mapped yet. */
struct noh_mem {
	const struct vm_arch *vm;
	bool missed;
	uint64_t missing;
};

/* Guest RAM is mapped executable in the guest-physical map; device windows never are. */
static uint64_t *noh_mem_ram(struct noh_mem *m, uint64_t gpa, unsigned need)
{
	paddr_t hpa;
	unsigned perms;

	if (gstage_translate(&m->vm->gstage, gpa, &hpa, &perms) && (perms & GSTAGE_EXEC) &&
	    (perms & need) == need)
		return (uint64_t *)(uintptr_t)hpa;
	if (!m->missed) {
		m->missed = true;
		m->missing = gpa;
	}
	return NULL;
}

static bool noh_mem_read(void *ctx, uint64_t gpa, uint64_t *pte)
{
	uint64_t *p = noh_mem_ram(ctx, gpa, GSTAGE_READ);

	if (!p)
		return false;
	*pte = __atomic_load_n(p, __ATOMIC_ACQUIRE);
	return true;
}

static enum gwalk_cas noh_mem_cas(void *ctx, uint64_t gpa, uint64_t old, uint64_t new)
{
	uint64_t *p = noh_mem_ram(ctx, gpa, GSTAGE_WRITE);

	if (!p)
		return GWALK_CAS_FAULT;
	return __atomic_compare_exchange_n(p, &old, new, false, __ATOMIC_ACQ_REL, __ATOMIC_ACQUIRE)
		   ? GWALK_CAS_DONE
		   : GWALK_CAS_CHANGED;
}

static const struct gwalk_mem_ops noh_mem_ops = {.read = noh_mem_read, .cas = noh_mem_cas};

static const unsigned noh_access_fault[] = {
    [GWALK_READ] = GWALK_CAUSE_LOAD_ACCESS,
    [GWALK_WRITE] = GWALK_CAUSE_STORE_ACCESS,
    [GWALK_EXEC] = GWALK_CAUSE_FETCH_ACCESS,
};

static void noh_walk(const struct vcpu_arch *a, uint64_t va, enum gwalk_access access,
		     struct noh_mem *m, struct gwalk_result *res)
{
	const struct priv_state *p = &a->noh.priv;
	struct gwalk_req req = {
	    .satp = p->satp,
	    .va = va,
	    .access = access,
	    .user = p->mode == PRIV_MODE_U,
	    .sum = p->sstatus & PRIV_SSTATUS_SUM,
	    .mxr = p->sstatus & PRIV_SSTATUS_MXR,
	    .set_ad = true,
	};

	*m = (struct noh_mem){.vm = a->noh.vm};
	gwalk_translate(&req, &noh_mem_ops, m, res);
}

/* A guest-physical address core must look at: a device, or RAM not mapped yet. */
static enum noh_fill noh_fill_core(uint64_t gpa, bool table, struct noh_fault *f)
{
	f->gpa = gpa;
	f->table = table;
	return NOH_FILL_CORE;
}

static enum noh_fill noh_fill_guest(unsigned cause, uint64_t va, struct noh_fault *f)
{
	f->cause = cause;
	f->tval = va;
	return NOH_FILL_GUEST;
}

/*
 * What the shadow may give: the guest's view, cut to what the guest-physical
 * map allows (a device window is never executable); 0 when that leaves out
 * the access itself, which would otherwise fault again at once for ever.
 */
static unsigned noh_fill_perms(const struct vcpu_arch *a, const struct gwalk_result *res,
			       enum gwalk_access access, unsigned gperms)
{
	static const unsigned needed[] = {
	    [GWALK_READ] = SHADOW_PERM_R,
	    [GWALK_WRITE] = SHADOW_PERM_W,
	    [GWALK_EXEC] = SHADOW_PERM_X,
	};
	const struct priv_state *p = &a->noh.priv;
	enum shadow_mode mode = p->mode == PRIV_MODE_U ? SHADOW_VIRT_U : SHADOW_VIRT_S;
	/* GSTAGE_READ/WRITE/EXEC sit one bit below the PTE's R/W/X. */
	unsigned perms = shadow_perms(res, mode, p->sstatus & PRIV_SSTATUS_SUM,
				      p->sstatus & PRIV_SSTATUS_MXR, access) &
			 gperms << 1;

	return perms & needed[access] ? perms : 0;
}

/*
 * The largest page the shadow may map for this fill: the guest's own leaf
 * (any size without paging, where the map is the identity), as far as one
 * leaf of the guest-physical map backs it, contiguous and aligned.
 */
static unsigned noh_fill_level(const struct gwalk_result *res, const struct gstage_leaf *leaf)
{
	unsigned level = res->pte_gpa == GWALK_NO_PTE || res->level > SHADOW_LEVEL_1G
			     ? SHADOW_LEVEL_1G
			     : res->level;

	for (; level > SHADOW_LEVEL_4K; level--) {
		uint64_t size = gwalk_page_size(level);
		uint64_t base = res->gpa & ~(size - 1);

		if (leaf->size >= size && base >= leaf->gpa &&
		    base - leaf->gpa <= leaf->size - size)
			break;
	}
	return level;
}

/* Map the page of va at level; a superpage the shadow cannot take yet goes in as 4 KiB. */
static int noh_fill_map(struct shadow_space *space, uint64_t va, const struct gwalk_result *res,
			const struct gstage_leaf *leaf, unsigned perms)
{
	unsigned level = noh_fill_level(res, leaf);
	int rc;

	for (;; level = SHADOW_LEVEL_4K) {
		uint64_t size = gwalk_page_size(level);
		uint64_t gpa = res->gpa & ~(size - 1);

		rc = shadow_map(space, va & ~(size - 1), leaf->hpa + (gpa - leaf->gpa), level,
				perms);
		if (rc != SHADOW_ERR_OCCUPIED || level == SHADOW_LEVEL_4K)
			return rc;
	}
}

enum noh_fill noh_fill(struct vcpu_arch *a, uint64_t va, enum gwalk_access access,
		       struct noh_fault *f)
{
	struct noh_mem m;
	struct gwalk_result res;
	struct gstage_leaf leaf;
	unsigned perms;
	int rc;

	noh_walk(a, va, access, &m, &res);
	if (m.missed)
		return noh_fill_core(m.missing, true, f);
	if (res.status == GWALK_AGAIN)
		return NOH_FILL_RETRY;
	if (res.status != GWALK_OK)
		return noh_fill_guest(res.cause, va, f);
	if (!gstage_lookup(&a->noh.vm->gstage, res.gpa, &leaf))
		return noh_fill_core(res.gpa, false, f);
	perms = noh_fill_perms(a, &res, access, leaf.perms);
	if (!perms)
		return noh_fill_guest(noh_access_fault[access], va, f);
	rc = noh_fill_map(noh_shadow_current(a), va, &res, &leaf, perms);
	if (rc == SHADOW_ERR_NOMEM) {
		noh_shadow_flush_all(a);
		return NOH_FILL_RETRY;
	}
	if (rc < 0)
		return noh_fill_guest(noh_access_fault[access], va, f);
	/* The hart may have cached the invalid entry that faulted, or the one replaced. */
	noh_shadow_fence_addr(a, va);
	noh_shadow_bound(a);
	return NOH_FILL_DONE;
}

/* One halfword of the guest's code at va, fetched as the guest would fetch it. */
static bool noh_fetch_half(const struct vcpu_arch *a, uint64_t va, uint16_t *half)
{
	struct noh_mem m;
	struct gwalk_result res;
	paddr_t hpa;
	unsigned gperms;

	noh_walk(a, va, GWALK_EXEC, &m, &res);
	if (m.missed || res.status != GWALK_OK ||
	    !gstage_translate(&a->noh.vm->gstage, res.gpa, &hpa, &gperms) ||
	    !(gperms & GSTAGE_EXEC))
		return false;
	*half = *(const uint16_t *)(uintptr_t)hpa;
	return true;
}

bool noh_fetch(const struct vcpu_arch *a, uint64_t pc, uint32_t *insn)
{
	uint16_t lo, hi = 0;

	if (!noh_fetch_half(a, pc, &lo))
		return false;
	if (insn_length(lo) == 4 && !noh_fetch_half(a, pc + 2, &hi))
		return false;
	*insn = lo | (uint32_t)hi << 16;
	return true;
}
