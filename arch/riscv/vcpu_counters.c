/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * A guest's cycle and instret counters, for both back ends. A guest reads
 * only the time CSR itself: the hart's cycle and instret count for every
 * partition on the hart, so through them one guest could measure how long
 * others held the hart and how much they ran. Instead a guest's read of
 * either traps (a virtual instruction with H, an illegal one without) and
 * is answered from counters of its own, which
 * advance only while the vCPU is loaded on a hart (the hart's counter
 * deltas from load to save, added up). They still count up at the hart's
 * rate while the guest runs, so user programs that time loops with rdcycle
 * (Linux 6.1 lets them) get sensible figures; a constant 0 could make such
 * programs divide by zero or spin for ever. Linux itself reads only time.
 */
#include "vcpu_counters.h"

#include "csr.h"
#include "insn_decode.h"

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

static bool vcpu_counters_read(const struct vcpu_arch *a, unsigned csr, unsigned long allowed,
			       uint64_t *value)
{
	if (csr == CSR_NUM_CYCLE && (allowed & HCOUNTEREN_CY)) {
		*value = a->csrs.cycle + (csr_read(cycle) - a->csrs.cycle_at_load);
		return true;
	}
	if (csr == CSR_NUM_INSTRET && (allowed & HCOUNTEREN_IR)) {
		*value = a->csrs.instret + (csr_read(instret) - a->csrs.instret_at_load);
		return true;
	}
	return false;
}

bool vcpu_counters_emulate(struct vcpu_arch *a, uint32_t insn, unsigned long allowed)
{
	unsigned csr, rd;
	uint64_t value;

	if (!insn_decode_csr_read(insn, &csr, &rd) || !vcpu_counters_read(a, csr, allowed, &value))
		return false;
	vcpu_arch_set_reg(a, rd, value);
	vcpu_arch_skip_insn(a, 4);
	return true;
}
