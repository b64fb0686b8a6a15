/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Every guest of the partition config, created at boot, and which vCPU each
 * physical hart runs. Until the scheduler exists, a hart runs at most one vCPU.
 */
#ifndef CORE_VM_GUESTS_H
#define CORE_VM_GUESTS_H

#include "vm/vm.h"

/* Parse the config blob and build every guest, offering them offer; returns how many run. */
unsigned guests_create(const void *config_blob, const struct platform *p,
		       const struct isa_offer *offer);

/* True once no guest runs any more. */
bool guests_all_stopped(void);

/* Guest index i (created or not), or NULL past the last; by name, or NULL. */
struct vm *guests_vm(unsigned i);
struct vm *guests_find(const char *name);

/* What guests are offered of the host's ISA (set once, at creation). */
extern struct isa_offer guests_offer;

/* Whether guests use Sstc (every hart has it). Inline: the timer paths ask often. */
static inline bool guests_sstc(void)
{
	return guests_offer.sstc;
}

#endif
