/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Filling the shadow after a page fault, and reading guest code (noh_fill.c).
 */
#ifndef ARCH_RISCV_NOH_NOH_FILL_H
#define ARCH_RISCV_NOH_NOH_FILL_H

#include "noh_backend.h"

enum noh_fill {
	NOH_FILL_DONE,	/* the page is in the shadow: run the guest again */
	NOH_FILL_RETRY, /* nothing done that the guest could see: run it again */
	NOH_FILL_GUEST, /* the guest takes the fault in f (cause, tval) */
	NOH_FILL_CORE,	/* core looks at f->gpa: a device, or RAM it maps on first touch */
};

struct noh_fault {
	unsigned cause;
	uint64_t tval;
	uint64_t gpa;
	bool table; /* gpa holds one of the guest's page tables, not the access's target */
};

/* Serve a page fault of the running guest at va for access. */
enum noh_fill noh_fill(struct vcpu_arch *a, uint64_t va, enum gwalk_access access,
		       struct noh_fault *f);

/* The instruction at pc, as the guest fetches it; false when it cannot be read now. */
bool noh_fetch(const struct vcpu_arch *a, uint64_t pc, uint32_t *insn);

#endif
