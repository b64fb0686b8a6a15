/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * SBI for guests (SBI specification 2.0): one record per extension (its
 * extension id range, its handler, whether it may run in the fast lane),
 * kept in one table in sbi.c that sbi_handle searches. Handlers return SBI
 * error codes; anything else becomes SBI_ERR_FAILED before it reaches a guest.
 */
#ifndef CORE_SBI_SBI_H
#define CORE_SBI_SBI_H

#include "sbi/sbi_ids.h"
#include "vm/vm.h"

#define SBI_SUCCESS		  0
#define SBI_ERR_FAILED		  -1
#define SBI_ERR_NOT_SUPPORTED	  -2
#define SBI_ERR_INVALID_PARAM	  -3
#define SBI_ERR_DENIED		  -4
#define SBI_ERR_INVALID_ADDRESS	  -5
#define SBI_ERR_ALREADY_AVAILABLE -6
#define SBI_ERR_ALREADY_STARTED	  -7
#define SBI_ERR_ALREADY_STOPPED	  -8
/* Never seen by a guest: the call is not done yet, its ecall runs again (pc left on it). */
#define SBI_RETRY 1

#define SBI_SPEC_VERSION ((2UL << 24) | 0) /* 2.0 */
#define SBI_IMPL_ID_ERG	 0x4552		   /* an id outside the SBI spec's registered list */

/* The guest's a0-a7 in register order, so that a call is read where it was saved. */
struct sbi_call {
	unsigned long args[6];
	unsigned long fid, eid;
};

struct sbi_result {
	long error;
	unsigned long value;
};

struct sbi_extension {
	const char *name;
	unsigned long eid_first, eid_last; /* the extension ids it answers */
	bool legacy;			   /* legacy calls return one value, in a0 */
	/* May run in the fast lane: it reads and writes no register but a0-a7 and the pc. */
	bool fast;
	struct sbi_result (*handler)(struct vcpu *v, const struct sbi_call *call);
};

/*
 * The exit table's entry for SBI calls: serve the ecall the vCPU just made
 * (read a0-a7, write a0 and a1, step past it). In the fast lane an
 * extension not marked fast is declined (false), nothing done; the slow
 * path serves it.
 */
bool sbi_handle(struct vcpu *v, const struct vcpu_exit *exit, enum vcpu_lane lane);

/* The extension record for eid, or NULL. */
const struct sbi_extension *sbi_find(unsigned long eid);

/* Whether the legacy extension eid (0x00-0x0f) is one Erg implements (BASE's probe). */
bool sbi_legacy_offers(unsigned long eid);

/* vCPU ids of vm named by an SBI hart mask; SBI_ERR_INVALID_PARAM when one is missing. */
long sbi_hart_mask_resolve(const struct vm *vm, unsigned long mask, unsigned long base,
			   uint64_t *vcpus);

/* Ask each vCPU in the vcpus bitmap for requests (enum vcpu_request); false as vcpu_request. */
bool sbi_request_vcpus(struct vcpu *self, uint64_t vcpus, unsigned requests);

extern const struct sbi_extension sbi_ext_base, sbi_ext_legacy, sbi_ext_time, sbi_ext_hsm,
    sbi_ext_srst, sbi_ext_dbcn, sbi_ext_ipi, sbi_ext_rfence, sbi_ext_susp, sbi_ext_sta,
    sbi_ext_fwft;

/* A start or resume address must hold one instruction of the guest's RAM (HSM, SUSP). */
#define SBI_ENTRY_BYTES 4

/* v is going onto its hart: its steal-time record (SBI STA), if it keeps one, brought up to date.
 */
void sbi_sta_report(struct vcpu *v);

#endif
