/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Shadow page tables of the no-H back end: real Sv39 tables that Erg owns
 * and the hart uses (satp) while a guest runs deprivileged in U-mode. They
 * translate guest-virtual addresses straight to host-physical ones and are
 * a cache, filled lazily one page at a time from guest walks (guest_walk.h)
 * through the guest-physical map; dropping any entry is always safe, the
 * guest just faults again and the filler rebuilds it. Plain C, no CSRs: the
 * caller loads satp and runs the fences; the host unit tests drive it over
 * the page allocator's host arena.
 *
 * One shadow space per (guest address space, virtual mode): virtual U,
 * virtual S with SUM, virtual S without SUM. The guest's virtual S and U
 * both run in real U-mode, so the hardware's own U and SUM checks cannot
 * tell them apart; instead each space holds only what one virtual mode may
 * reach, and the back end switches spaces when the mode or SUM changes. So
 * one shadow never needs two permission sets for one page at once.
 *
 * Erg's own range: a trap does not switch satp, so Erg's image (its trap
 * path first of all) must be mapped, supervisor-only, at the same place in
 * every root. shadow_space_init copies Erg's top-level entries into each new
 * root; the slots they occupy belong to Erg. The guest's own mappings of
 * that range can never be shadowed: shadow_map refuses them, and the back
 * end gives the guest a fault there instead.
 */
#ifndef ARCH_RISCV_NOH_SHADOW_H
#define ARCH_RISCV_NOH_SHADOW_H

#include "guest_walk.h"
#include "lib/types.h"

/* Host permissions of a shadow leaf (the PTE's own bit positions, as GWALK_PERM_*). */
#define SHADOW_PERM_R	(1u << 1)
#define SHADOW_PERM_W	(1u << 2)
#define SHADOW_PERM_X	(1u << 3)
#define SHADOW_PERM_RWX (SHADOW_PERM_R | SHADOW_PERM_W | SHADOW_PERM_X)

/* Leaf levels of shadow_map: 4 KiB, 2 MiB, 1 GiB. */
#define SHADOW_LEVEL_4K 0u
#define SHADOW_LEVEL_2M 1u
#define SHADOW_LEVEL_1G 2u

/* Entries of a root: the top-level slots, each covering 1 GiB of Sv39. */
#define SHADOW_ROOT_SLOTS 512u

/* satp.MODE of the shadow tables. */
#define SHADOW_SATP_SV39 8u

/* Results of shadow_map and shadow_unmap. */
#define SHADOW_OK	    0
#define SHADOW_REPLACED	    1  /* a valid entry was overwritten: fence gva before resuming */
#define SHADOW_ERR_INVAL    -1 /* misaligned, non-canonical, bad level or perms */
#define SHADOW_ERR_ERG	    -2 /* gva lies in Erg's range */
#define SHADOW_ERR_NOMEM    -3 /* no page for a table */
#define SHADOW_ERR_OCCUPIED -4 /* a superpage asked over an existing table */

/* The virtual privilege a shadow space serves. */
enum shadow_mode {
	SHADOW_VIRT_U,
	SHADOW_VIRT_S,
};

/*
 * Erg's top-level entries, to be copied into every root: entries[i] goes to
 * slot first + i. Each must be valid with U clear (Erg's range is never the
 * guest's); the tables below them are Erg's and never freed here.
 */
struct shadow_erg_range {
	const uint64_t *entries;
	unsigned first;
	unsigned count;
};

struct shadow_space {
	paddr_t root;	    /* the Sv39 root page */
	unsigned erg_first; /* Erg's slots: [erg_first, erg_first + erg_count) */
	unsigned erg_count;
	unsigned tables; /* table pages below the root: what shadow_flush gives back */
};

/*
 * An empty root with Erg's entries copied in (erg may be NULL: none).
 * SHADOW_ERR_INVAL when erg reaches past the root or holds an entry that is
 * invalid or has U set; SHADOW_ERR_NOMEM when no page is free.
 */
int shadow_space_init(struct shadow_space *s, const struct shadow_erg_range *erg);

/* Free every page of the space, the root included; Erg's tables stay. */
void shadow_space_destroy(struct shadow_space *s);

/*
 * Map the page of 2^(12 + 9 * level) bytes at gva to hpa with perms
 * (SHADOW_PERM_*: R, R+W, R+X, R+W+X or X; W without R is reserved). The
 * leaf always has U (the guest runs in real U-mode), V, A and D (so the
 * hart never has to set them; the guest's own A/D are the filler's job) and
 * never G (a shadow is one address space's). gva must be a canonical Sv39
 * address and both addresses aligned to the page size.
 *
 * Replacing: a leaf of the same level at gva is overwritten (the filler
 * adds W once the guest's D is set); a smaller page under an existing
 * superpage drops that superpage for a table holding just the new page
 * (the rest of it refaults). Both return SHADOW_REPLACED: the caller fences
 * gva before the guest runs again. A superpage over an existing table is
 * refused with SHADOW_ERR_OCCUPIED: freeing the table could pull it from
 * under a hart still walking it; shadow_flush first.
 */
int shadow_map(struct shadow_space *s, uint64_t gva, paddr_t hpa, unsigned level, unsigned perms);

/*
 * Drop the leaf covering gva (the whole superpage if gva is in one): what an
 * sfence.vma with an address asks of this space. The tables above stay for
 * the next fill; shadow_flush frees them. SHADOW_OK whether or not a leaf
 * was there; SHADOW_ERR_INVAL for a non-canonical gva, SHADOW_ERR_ERG in
 * Erg's range. The caller fences gva on the harts using the space.
 */
int shadow_unmap(struct shadow_space *s, uint64_t gva);

/*
 * Drop every guest mapping and free every table below the root, keeping
 * the root and Erg's entries: what an sfence.vma of all addresses asks. The
 * caller makes sure no other hart walks the space meanwhile and fences its
 * own hart before the guest runs again.
 */
void shadow_flush(struct shadow_space *s);

/*
 * The host permissions the shadow of the virtual mode mode (with the
 * guest's SUM for virtual S) may give the guest's translation walk, for
 * a fill after the access access; 0 when it must map nothing (the walk
 * failed, the mode may not reach the page, or access itself would not be
 * allowed by what the shadow may hold). The rules of the spec:
 * - a leaf with U clear is reachable only from virtual S;
 * - a leaf with U set is reachable from virtual S only with SUM, and then
 *   never executable;
 * - with mxr, an executable leaf is readable too;
 * - W only once the guest PTE's D is set (as the walker reports it, after
 *   any update it made), so the first write faults and the filler sets D;
 *   likewise nothing at all before A is set.
 * Bare mode (no PTE) gives R, W and X. MXR is baked into what is returned:
 * when the guest clears sstatus.MXR the back end flushes the spaces that
 * were filled with it.
 */
unsigned shadow_perms(const struct gwalk_result *walk, enum shadow_mode mode, bool sum, bool mxr,
		      enum gwalk_access access);

/* The satp value for this space and ASID. */
uint64_t shadow_satp(const struct shadow_space *s, uint16_t asid);

#endif
