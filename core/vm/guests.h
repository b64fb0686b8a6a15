/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Every guest of the partition config, created at boot, and which vCPU each
 * physical hart runs. Until the scheduler exists, a hart runs at most one vCPU.
 */
#ifndef CORE_VM_GUESTS_H
#define CORE_VM_GUESTS_H

#include "vm/vm.h"

/* Parse the config blob and build every guest; returns how many run. */
unsigned guests_create(const void *config_blob, const struct platform *p, bool sstc);

/* True once no guest runs any more. */
bool guests_all_stopped(void);

/* Guest index i (created or not), or NULL past the last; by name, or NULL. */
struct vm *guests_vm(unsigned i);
struct vm *guests_find(const char *name);

/* Whether guests get Sstc's timer compare. */
extern bool guests_use_sstc; /* set once, at creation */

/* Whether guests use Sstc (every hart has it). Inline: the timer paths ask often. */
static inline bool guests_sstc(void)
{
	return guests_use_sstc;
}

#endif
