/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * What the H back end does with the optional CSRs a hart was found to have
 * (hart_probe.h): plain C, so the host unit tests can put each kind of hart
 * to it, the P550 class (H, privileged spec 1.11) among them.
 */
#ifndef ARCH_RISCV_HART_USE_H
#define ARCH_RISCV_HART_USE_H

#include <stdbool.h>

#include "hart_probe.h"

struct hart_use {
	bool switch_senvcfg;	 /* save and load the guest's senvcfg per vCPU */
	bool write_henvcfg;	 /* load henvcfg per vCPU */
	bool write_hstateen0;	 /* set hstateen0 once per hart */
	unsigned long hstateen0; /* ... to this */
};

/* The use Erg makes of what was found on a hart. */
struct hart_use hart_use_of(const struct hart_csrs *found);

/* Whether guests get Sstc (henvcfg.STCE, stimecmp their own) on a hart whose riscv,isa says
 * isa_sstc. */
bool hart_use_guest_sstc(const struct hart_csrs *found, bool isa_sstc);

#endif
