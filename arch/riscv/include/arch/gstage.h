/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * G-stage (guest-physical -> host-physical) page tables in the Sv39x4 and
 * Sv48x4 formats of the hypervisor extension. Pure table manipulation, no
 * CSR access: the tables are built here and installed by the vCPU code, and
 * the builder runs on the host in unit tests.
 */
#ifndef ARCH_GSTAGE_H
#define ARCH_GSTAGE_H

#include "lib/types.h"

#define GSTAGE_READ  (1u << 0)
#define GSTAGE_WRITE (1u << 1)
#define GSTAGE_EXEC  (1u << 2)
#define GSTAGE_RWX   (GSTAGE_READ | GSTAGE_WRITE | GSTAGE_EXEC)

/* hgatp.MODE values */
#define GSTAGE_MODE_SV39X4 8
#define GSTAGE_MODE_SV48X4 9

struct gstage {
	paddr_t root;	 /* 16 KiB root table */
	unsigned levels; /* 3 (Sv39x4) or 4 (Sv48x4) */
};

/* Guest-physical addresses a table with this many levels can reach. */
uint64_t gstage_reach(unsigned levels);

/* Allocate an empty root able to reach gpa_limit; -1 when out of memory or too far. */
int gstage_init(struct gstage *g, uint64_t gpa_limit);

/*
 * Map [gpa, gpa+size) to [hpa, ...) with perms; 1 GiB and 2 MiB leaves where
 * aligned. A map that fails part way leaves what it had mapped in place.
 */
int gstage_map(struct gstage *g, uint64_t gpa, paddr_t hpa, uint64_t size, unsigned perms);

/*
 * Take [gpa, gpa+size) out of the table: every leaf inside it cleared (the
 * tables below stay for the next map); -1 when a leaf reaches past the range.
 * The caller fences the harts that may hold the old translations.
 */
int gstage_unmap(struct gstage *g, uint64_t gpa, uint64_t size);

/* The host address and permissions gpa maps to; false when unmapped. */
bool gstage_translate(const struct gstage *g, uint64_t gpa, paddr_t *hpa, unsigned *perms);

/* The whole leaf that maps gpa: where it starts in both spaces, its size and permissions. */
struct gstage_leaf {
	uint64_t gpa;
	paddr_t hpa;
	uint64_t size;
	unsigned perms;
};

/* False when gpa is not mapped. */
bool gstage_lookup(const struct gstage *g, uint64_t gpa, struct gstage_leaf *out);

/* Free every table page, the root included. */
void gstage_destroy(struct gstage *g);

/* The hgatp value for this table and VMID. */
uint64_t gstage_hgatp(const struct gstage *g, uint16_t vmid);

#endif
