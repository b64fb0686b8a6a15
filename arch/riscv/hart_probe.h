/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * What this hart implements of the optional supervisor and hypervisor
 * CSRs, probed once per hart (trap-protected reads, csr_probe.S) before it
 * runs a guest: the vCPU switch then moves only what exists.
 */
#ifndef ARCH_RISCV_HART_PROBE_H
#define ARCH_RISCV_HART_PROBE_H

#include <stdbool.h>

struct hart_csrs {
	bool senvcfg;	/* priv 1.12: the guest's own, switched per vCPU */
	bool henvcfg;	/* priv 1.12: Sstc's STCE lives here */
	bool hstateen0; /* Smstateen */
};

extern __thread struct hart_csrs hart_csrs;

/* Fill hart_csrs for this hart. */
void hart_probe_csrs(void);

#endif
