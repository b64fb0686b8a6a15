/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Probing what the hart implements of the optional hypervisor state:
 * VMIDLEN as the spec describes, by writing ones to every VMID bit of hgatp
 * and reading back which stuck; optional CSRs by reading them with a landing
 * pad for the trap an absent one raises (csr_probe.S).
 */
#include "hart_probe.h"

#include "arch/gstage.h"
#include "csr.h"
#include "h/h_backend.h"

unsigned long csr_probe_senvcfg(void);
unsigned long csr_probe_henvcfg(void);
unsigned long csr_probe_hstateen0(void);

__thread struct hart_csrs hart_csrs;

void hart_probe_csrs(void)
{
	hart_csrs.senvcfg = csr_probe_senvcfg() == 0;
	hart_csrs.henvcfg = csr_probe_henvcfg() == 0;
	hart_csrs.hstateen0 = csr_probe_hstateen0() == 0;
}

unsigned h_vmid_bits(void)
{
	unsigned long saved = csr_read(hgatp);
	unsigned long vmid;

	/*
	 * Sv39x4, since with MODE Bare the other fields must be zero; the
	 * table at 0 is never walked, as no guest runs meanwhile. A hart
	 * without Sv39x4 ignores the whole write and reads back 0 bits: the
	 * safe answer.
	 */
	csr_write(hgatp, ((unsigned long)GSTAGE_MODE_SV39X4 << HGATP_MODE_SHIFT) | HGATP_VMID_MASK);
	vmid = (csr_read(hgatp) & HGATP_VMID_MASK) >> HGATP_VMID_SHIFT;
	csr_write(hgatp, saved);
	/* Implemented bits are the low ones: count the ones from bit 0. */
	return (unsigned)__builtin_ctzl(~vmid);
}
