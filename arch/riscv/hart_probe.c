/*
 * Probing what the hart implements of the optional hypervisor state, as the
 * spec describes: VMIDLEN by writing ones to every VMID bit of hgatp and
 * reading back which stuck.
 */
#include "arch_hooks.h"
#include "csr.h"

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
