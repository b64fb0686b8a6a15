/*
 * Build-wide limits, kept free of C so the entry assembly can include them.
 */
#ifndef CORE_ERG_LIMITS_H
#define CORE_ERG_LIMITS_H

/* The most physical harts Erg manages; harts with larger ids stay parked. */
#define ERG_MAX_HARTS 16

/*
 * The most bytes one SBI debug console call (DBCN write or read) moves. Each
 * byte passes through the guest's console line, so this bounds the time one
 * such exit keeps its hart from its scheduling decisions. It is safe for the
 * guest: SBI 2.0 lets both calls do part of the work and return the bytes
 * done, and callers loop on the rest.
 */
#define ERG_SBI_DBCN_MAX_BYTES 512

#endif
