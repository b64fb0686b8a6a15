/*
 * Probing what the hart implements of the optional hypervisor state:
 * VMIDLEN as the spec describes, by writing ones to every VMID bit of hgatp
 * and reading back which stuck; optional CSRs by reading them with a landing
 * pad for the trap an absent one raises (csr_probe.S).
 */
#include "hart_probe.h"

#include "arch_hooks.h"
#include "csr.h"

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

unsigned arch_vmid_bits(void)
{
	unsigned long saved = csr_read(hgatp);
	unsigned long vmid;

	/* MODE Bare: no guest runs meanwhile, and no translation is tagged with this VMID. */
	csr_write(hgatp, HGATP_VMID_MASK);
	vmid = (csr_read(hgatp) & HGATP_VMID_MASK) >> HGATP_VMID_SHIFT;
	csr_write(hgatp, saved);
	/* Implemented bits are the low ones: count the ones from bit 0. */
	return (unsigned)__builtin_ctzl(~vmid);
}
