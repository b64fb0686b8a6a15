/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The guest page-table walker of the no-H back end: it translates a
 * guest-virtual address through the guest's own Sv39 or Sv48 tables exactly
 * as a hart would (privileged spec, supervisor chapter, "Virtual Address
 * Translation Process"), so that the shadow-table filler can tell a guest
 * fault from a shadow miss and learn what to map. Plain C: it never touches
 * memory itself but reads and updates guest PTEs through the caller's
 * callbacks, which map guest-physical to host addresses; the host unit tests
 * and the fuzzer drive it over a buffer.
 */
#ifndef ARCH_RISCV_NOH_GUEST_WALK_H
#define ARCH_RISCV_NOH_GUEST_WALK_H

#include <stdbool.h>
#include <stdint.h>

/* satp.MODE values (satp bits 63:60). */
#define GWALK_SATP_BARE 0u
#define GWALK_SATP_SV39 8u
#define GWALK_SATP_SV48 9u

/* Leaf permissions reported on success (the PTE's own bit positions). */
#define GWALK_PERM_R (1u << 1)
#define GWALK_PERM_W (1u << 2)
#define GWALK_PERM_X (1u << 3)
#define GWALK_PERM_U (1u << 4)
#define GWALK_PERM_G (1u << 5)

/* Exception codes (scause) of the faults the guest must see. */
#define GWALK_CAUSE_FETCH_ACCESS 1u
#define GWALK_CAUSE_LOAD_ACCESS	 5u
#define GWALK_CAUSE_STORE_ACCESS 7u
#define GWALK_CAUSE_FETCH_PAGE	 12u
#define GWALK_CAUSE_LOAD_PAGE	 13u
#define GWALK_CAUSE_STORE_PAGE	 15u

/* pte_gpa of a Bare-mode result: there is no PTE. */
#define GWALK_NO_PTE UINT64_MAX

/*
 * How many times an A/D update may lose its compare-and-swap to another
 * writer before the walk gives up with GWALK_AGAIN: every exit does bounded
 * work, even when another vCPU keeps rewriting the PTE.
 */
#define GWALK_CAS_TRIES 4

enum gwalk_access {
	GWALK_READ,  /* a load (and the read half of nothing else) */
	GWALK_WRITE, /* a store or an AMO */
	GWALK_EXEC,  /* an instruction fetch */
};

enum gwalk_status {
	GWALK_OK,
	GWALK_PAGE_FAULT,   /* the guest sees the page fault in cause */
	GWALK_ACCESS_FAULT, /* a PTE outside guest RAM: the access fault in cause */
	GWALK_AGAIN,	    /* A/D update kept losing its race: resume the guest, it re-traps */
	GWALK_BAD_MODE,	    /* satp mode neither Bare, Sv39 nor Sv48: the caller's bug */
};

/* What the caller's compare-and-swap did. */
enum gwalk_cas {
	GWALK_CAS_DONE,	   /* the PTE held old and now holds new */
	GWALK_CAS_CHANGED, /* the PTE no longer held old; nothing written */
	GWALK_CAS_FAULT,   /* the address cannot be written: an access fault */
};

/*
 * Guest-physical memory as the walker sees it. read returns false when the
 * 8 bytes at gpa are not guest RAM (the walker turns that into an access
 * fault, as a hart does for a PMA or PMP failure); cas replaces the PTE at gpa
 * with new only if it still holds old, atomically with respect to the guest's
 * other vCPUs (an atomic compare-exchange on the host mapping). gpa is always
 * 8-byte aligned.
 */
struct gwalk_mem_ops {
	bool (*read)(void *ctx, uint64_t gpa, uint64_t *pte);
	enum gwalk_cas (*cas)(void *ctx, uint64_t gpa, uint64_t old, uint64_t new);
};

struct gwalk_req {
	uint64_t satp; /* the guest's satp: MODE, ASID (ignored here), root PPN */
	uint64_t va;
	enum gwalk_access access;
	bool user;   /* the virtual privilege is U (else S) */
	bool sum;    /* the guest's sstatus.SUM */
	bool mxr;    /* the guest's sstatus.MXR */
	bool set_ad; /* set A (and D on a write) like Svadu; false: fault like Svade */
};

/* Fields a status other than GWALK_OK does not use are 0, pte_gpa GWALK_NO_PTE. */
struct gwalk_result {
	enum gwalk_status status;
	unsigned cause;	  /* faults: GWALK_CAUSE_* */
	uint64_t gpa;	  /* OK: the translated address */
	unsigned level;	  /* OK: leaf level, 0 = 4 KiB, 1 = 2 MiB, 2 = 1 GiB, 3 = 512 GiB */
	unsigned perms;	  /* OK: GWALK_PERM_*; G also when a non-leaf above was global */
	uint64_t pte_gpa; /* OK: where the leaf PTE is; GWALK_NO_PTE in Bare mode */
	uint64_t pte;	  /* OK: the leaf PTE, after any A/D update; 0 in Bare mode */
};

/*
 * Translate req->va. Bare mode is the identity with R, W and X on a 4 KiB
 * page. Otherwise the checks run in the spec's order: canonical address,
 * then per level PTE fetch (access fault), V / reserved bits and encodings
 * (page fault), leaf or descend (a pointer at level 0 is a page fault), then
 * on the leaf: permissions, superpage alignment, A/D. A fault leaves guest
 * memory untouched; with set_ad an A/D update is the only write.
 */
void gwalk_translate(const struct gwalk_req *req, const struct gwalk_mem_ops *ops, void *ctx,
		     struct gwalk_result *out);

/* Bytes mapped by one leaf at level (0..3). */
static inline uint64_t gwalk_page_size(unsigned level)
{
	return 1ull << (12 + 9 * level);
}

#endif
