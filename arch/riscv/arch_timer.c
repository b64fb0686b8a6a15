/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Timer back ends: with Sstc Erg writes stimecmp directly (no call into M-mode);
 * without it, SBI set_timer. Either way the write also clears the pending
 * supervisor timer interrupt. Without Sstc, a hart with nothing due masks
 * its timer interrupt instead of calling M-mode: a fired timer then stays
 * pending unseen, and the call waits until there is a deadline again.
 */
#include "csr.h"
#include "ports/arch_hooks.h"
#include "sbi_call.h"

static bool arch_timer_sstc;

uint64_t arch_time_now(void)
{
	return csr_read(time);
}

void arch_timer_init(bool use_sstc)
{
	arch_timer_sstc = use_sstc;
}

void arch_timer_program(uint64_t deadline)
{
	if (arch_timer_sstc) {
		csr_write(CSR_STIMECMP, deadline);
		return;
	}
	if (deadline == UINT64_MAX) {
		csr_clear(sie, SIE_STIE);
		return;
	}
	sbi_set_timer(deadline);
	csr_set(sie, SIE_STIE);
}

const char *arch_timer_name(void)
{
	return arch_timer_sstc ? "sstc" : "sbi";
}
