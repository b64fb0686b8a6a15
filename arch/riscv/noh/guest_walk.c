/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Guest Sv39/Sv48 walker for the no-H back end. One loop over the levels,
 * each step named after the spec's algorithm (privileged spec, "Virtual
 * Address Translation Process"): fetch the PTE, reject invalid and reserved
 * ones, descend or stop at a leaf, then check permissions, superpage
 * alignment and A/D in that order. The guest sees the same fault a hart
 * would give, so the order is part of the contract. The guest's harts have
 * neither Svnapot nor Svpbmt (the shadow tables could not honour them), so
 * PTE bits 63:54 are all reserved and fault when set.
 */
#include "guest_walk.h"

#include <stddef.h>

#include "../pte.h"

/* N (63), PBMT (62:61) and 60:54: reserved without Svnapot and Svpbmt. */
#define PTE_RESERVED (0x3ffull << 54)
#define PAGE_SHIFT   12
#define VPN_BITS     9

#define SATP_MODE_SHIFT 60
#define SATP_PPN_MASK	((1ull << 44) - 1)

/* What one step of the walk decided. */
enum step {
	STEP_DESCEND, /* pointer PTE: go one level down */
	STEP_LEAF,    /* leaf PTE found at this level */
	STEP_FAULT,   /* out is filled with the fault */
	STEP_RETRY,   /* an A/D update lost its race: step 2 again at this level */
};

struct walk {
	const struct gwalk_req *req;
	const struct gwalk_mem_ops *ops;
	void *ctx;
	struct gwalk_result *out;
	unsigned level;
	uint64_t table; /* guest-physical address of the table at this level */
	uint64_t pte_gpa;
	uint64_t pte;
	bool global; /* a pointer above had G set: the whole subtree is global */
};

static unsigned gwalk_levels(uint64_t satp)
{
	switch ((unsigned)(satp >> SATP_MODE_SHIFT)) {
	case GWALK_SATP_BARE:
		return 0;
	case GWALK_SATP_SV39:
		return 3;
	case GWALK_SATP_SV48:
		return 4;
	default:
		return UINT32_MAX;
	}
}

/* Bits above the top VPN must copy its highest bit. */
static bool gwalk_canonical(uint64_t va, unsigned levels)
{
	unsigned bits = PAGE_SHIFT + VPN_BITS * levels;

	return (uint64_t)((int64_t)(va << (64 - bits)) >> (64 - bits)) == va;
}

static uint64_t gwalk_vpn(uint64_t va, unsigned level)
{
	return (va >> (PAGE_SHIFT + VPN_BITS * level)) & ((1u << VPN_BITS) - 1);
}

static bool gwalk_is_leaf(uint64_t pte)
{
	return pte & (PTE_R | PTE_X);
}

/*
 * Step 3's "reserved bits or encodings": the high bits, W without R (which
 * Zicfiss would make a shadow-stack page; guests do not have it), and on a
 * pointer D, A and U, which the spec reserves for future use on non-leaf PTEs.
 */
static bool gwalk_reserved(uint64_t pte)
{
	if (pte & PTE_RESERVED)
		return true;
	if ((pte & (PTE_R | PTE_W)) == PTE_W)
		return true;
	return !gwalk_is_leaf(pte) && (pte & (PTE_D | PTE_A | PTE_U));
}

static void gwalk_fault(struct walk *w, enum gwalk_status status)
{
	static const unsigned page[] = {GWALK_CAUSE_LOAD_PAGE, GWALK_CAUSE_STORE_PAGE,
					GWALK_CAUSE_FETCH_PAGE};
	static const unsigned access[] = {GWALK_CAUSE_LOAD_ACCESS, GWALK_CAUSE_STORE_ACCESS,
					  GWALK_CAUSE_FETCH_ACCESS};

	w->out->status = status;
	w->out->cause = status == GWALK_PAGE_FAULT ? page[w->req->access] : access[w->req->access];
}

/* Steps 2 to 4 at one level: fetch the PTE and decide what it is. */
static enum step gwalk_step(struct walk *w)
{
	w->pte_gpa = w->table + gwalk_vpn(w->req->va, w->level) * sizeof(uint64_t);
	if (!w->ops->read(w->ctx, w->pte_gpa, &w->pte)) {
		gwalk_fault(w, GWALK_ACCESS_FAULT);
		return STEP_FAULT;
	}
	if (!(w->pte & PTE_V) || gwalk_reserved(w->pte)) {
		gwalk_fault(w, GWALK_PAGE_FAULT);
		return STEP_FAULT;
	}
	if (gwalk_is_leaf(w->pte))
		return STEP_LEAF;
	if (w->level == 0) {
		gwalk_fault(w, GWALK_PAGE_FAULT);
		return STEP_FAULT;
	}
	return STEP_DESCEND;
}

/* Step 5: R/W/X against the access, U against the privilege, SUM and MXR. */
static bool gwalk_allowed(const struct gwalk_req *req, uint64_t pte)
{
	if (pte & PTE_U) {
		/* S may touch U pages only with SUM, and never execute them. */
		if (!req->user && (!req->sum || req->access == GWALK_EXEC))
			return false;
	} else if (req->user) {
		return false;
	}
	switch (req->access) {
	case GWALK_READ:
		return (pte & PTE_R) || (req->mxr && (pte & PTE_X));
	case GWALK_WRITE:
		return pte & PTE_W;
	default:
		return pte & PTE_X;
	}
}

/* Step 6: a superpage's PPN bits below its level must be zero. */
static bool gwalk_misaligned(uint64_t pte, unsigned level)
{
	return pte_addr(pte) & (gwalk_page_size(level) - 1);
}

static uint64_t gwalk_ad_wanted(const struct gwalk_req *req)
{
	return PTE_A | (req->access == GWALK_WRITE ? PTE_D : 0);
}

/*
 * Step 7 with Svadu: set A (and D on a write) only if the PTE still holds
 * what was checked. A compare-and-swap rather than a plain store because
 * another vCPU of the guest may be rewriting the PTE at the same moment (to
 * unmap the page, say); a blind store would bring back the old PTE, with
 * permissions the guest has just taken away. On a lost race the spec goes
 * back to step 2 and re-reads the PTE at this level.
 */
static enum step gwalk_update_ad(struct walk *w)
{
	uint64_t want = w->pte | gwalk_ad_wanted(w->req);

	switch (w->ops->cas(w->ctx, w->pte_gpa, w->pte, want)) {
	case GWALK_CAS_DONE:
		w->pte = want;
		return STEP_LEAF;
	case GWALK_CAS_CHANGED:
		return STEP_RETRY;
	default:
		gwalk_fault(w, GWALK_ACCESS_FAULT);
		return STEP_FAULT;
	}
}

/* Steps 5 to 7 on a leaf. */
static enum step gwalk_leaf(struct walk *w)
{
	if (!gwalk_allowed(w->req, w->pte) || gwalk_misaligned(w->pte, w->level)) {
		gwalk_fault(w, GWALK_PAGE_FAULT);
		return STEP_FAULT;
	}
	if ((w->pte & gwalk_ad_wanted(w->req)) == gwalk_ad_wanted(w->req))
		return STEP_LEAF;
	if (!w->req->set_ad) {
		gwalk_fault(w, GWALK_PAGE_FAULT);
		return STEP_FAULT;
	}
	return gwalk_update_ad(w);
}

/* Step 8: the page's base from the PTE, the offset within it from the va. */
static void gwalk_success(struct walk *w)
{
	uint64_t offset = gwalk_page_size(w->level) - 1;
	unsigned perms = (unsigned)(w->pte & (PTE_R | PTE_W | PTE_X | PTE_U | PTE_G));

	w->out->status = GWALK_OK;
	w->out->gpa = pte_addr(w->pte) | (w->req->va & offset);
	w->out->level = w->level;
	w->out->perms = perms | (w->global ? GWALK_PERM_G : 0);
	w->out->pte_gpa = w->pte_gpa;
	w->out->pte = w->pte;
}

/* One level down, through the pointer PTE just read. */
static void gwalk_descend(struct walk *w)
{
	w->global |= (w->pte & PTE_G) != 0;
	w->table = pte_addr(w->pte);
	w->level--;
}

/* The walk proper, from the root at levels - 1 down to a leaf or a fault. */
static void gwalk_paged(struct walk *w, unsigned levels)
{
	unsigned races = 0;

	w->level = levels - 1;
	w->table = (w->req->satp & SATP_PPN_MASK) << PAGE_SHIFT;
	for (;;) {
		enum step s = gwalk_step(w);

		if (s == STEP_DESCEND) {
			gwalk_descend(w);
			continue;
		}
		if (s == STEP_LEAF)
			s = gwalk_leaf(w);
		if (s == STEP_LEAF)
			gwalk_success(w);
		if (s != STEP_RETRY)
			return;
		if (++races == GWALK_CAS_TRIES) {
			w->out->status = GWALK_AGAIN;
			return;
		}
	}
}

static void gwalk_bare(const struct gwalk_req *req, struct gwalk_result *out)
{
	out->status = GWALK_OK;
	out->gpa = req->va;
	out->level = 0;
	out->perms = GWALK_PERM_R | GWALK_PERM_W | GWALK_PERM_X;
	out->pte_gpa = GWALK_NO_PTE;
	out->pte = 0;
}

void gwalk_translate(const struct gwalk_req *req, const struct gwalk_mem_ops *ops, void *ctx,
		     struct gwalk_result *out)
{
	struct walk w = {.req = req, .ops = ops, .ctx = ctx, .out = out};
	unsigned levels = gwalk_levels(req->satp);

	*out = (struct gwalk_result){.pte_gpa = GWALK_NO_PTE};
	if (levels == 0) {
		gwalk_bare(req, out);
	} else if (levels == UINT32_MAX) {
		out->status = GWALK_BAD_MODE;
	} else if (!gwalk_canonical(req->va, levels)) {
		/* Not a walk at all: the spec's page fault for the access type. */
		gwalk_fault(&w, GWALK_PAGE_FAULT);
	} else {
		gwalk_paged(&w, levels);
	}
}
