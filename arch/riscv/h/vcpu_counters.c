/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * A guest's cycle and instret counters. hcounteren gives the guest only the
 * time CSR: the hart's cycle and instret count for every partition on the
 * hart, so through them one guest could measure how long others held the
 * hart and how much they ran. Instead a guest's read of either traps as a
 * virtual instruction and is answered from counters of its own, which
 * advance only while the vCPU is loaded on a hart (the hart's counter
 * deltas from load to save, added up). They still count up at the hart's
 * rate while the guest runs, so user programs that time loops with rdcycle
 * (Linux 6.1 lets them) get sensible figures; a constant 0 could make such
 * programs divide by zero or spin for ever. Linux itself reads only time.
 */
#include "../csr.h"
#include "../insn_decode.h"
#include "ports/virt_backend.h"

void vcpu_counters_load(struct vcpu_arch *a)
{
	a->csrs.cycle_at_load = csr_read(cycle);
	a->csrs.instret_at_load = csr_read(instret);
}

void vcpu_counters_save(struct vcpu_arch *a)
{
	a->csrs.cycle += csr_read(cycle) - a->csrs.cycle_at_load;
	a->csrs.instret += csr_read(instret) - a->csrs.instret_at_load;
}

/* Its user mode reads a counter only if its kernel allows it in scounteren, as on hardware. */
static bool vcpu_counters_allowed(const struct vcpu_arch *a, unsigned long bit)
{
	bool from_user = !(a->regs.hstatus & HSTATUS_SPVP);

	return !from_user || (csr_read(scounteren) & bit);
}

static bool vcpu_counters_read(const struct vcpu_arch *a, unsigned csr, uint64_t *value)
{
	if (csr == CSR_NUM_CYCLE && vcpu_counters_allowed(a, HCOUNTEREN_CY)) {
		*value = a->csrs.cycle + (csr_read(cycle) - a->csrs.cycle_at_load);
		return true;
	}
	if (csr == CSR_NUM_INSTRET && vcpu_counters_allowed(a, HCOUNTEREN_IR)) {
		*value = a->csrs.instret + (csr_read(instret) - a->csrs.instret_at_load);
		return true;
	}
	return false;
}

bool vcpu_arch_emulate_insn(struct vcpu_arch *a, uint32_t insn)
{
	unsigned csr, rd;
	uint64_t value;

	if (!insn_decode_csr_read(insn, &csr, &rd) || !vcpu_counters_read(a, csr, &value))
		return false;
	vcpu_arch_set_reg(a, rd, value);
	vcpu_arch_skip_insn(a, 4);
	return true;
}
