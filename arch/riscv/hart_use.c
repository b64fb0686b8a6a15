/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Each optional CSR is touched only where a trap-protected probe found it: a
 * P550-class hart has H but no henvcfg or senvcfg, and writing one there
 * would trap to M-mode. Sstc reaches guests only through henvcfg.STCE, so a
 * hart claiming Sstc without henvcfg keeps guests' timers on SBI.
 */
#include "hart_use.h"

#include "csr.h"

struct hart_use hart_use_of(const struct hart_csrs *found)
{
	return (struct hart_use){
	    .switch_senvcfg = found->senvcfg,
	    .write_henvcfg = found->henvcfg,
	    .write_hstateen0 = found->hstateen0,
	    /* VS-mode may reach senvcfg, which Erg switches, and no other newer state. */
	    .hstateen0 = found->senvcfg ? HSTATEEN0_ENVCFG : 0,
	};
}

bool hart_use_guest_sstc(const struct hart_csrs *found, bool isa_sstc)
{
	return isa_sstc && found->henvcfg;
}
