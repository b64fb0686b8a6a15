/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * A guest's address space on RISC-V: its G-stage table and VMID. Without
 * H the same table is the guest-physical map the shadow tables are filled
 * from, and unmaps tells the vCPUs when to empty their shadows.
 */
#ifndef ARCH_VM_ARCH_H
#define ARCH_VM_ARCH_H

#include "arch/gstage.h"

struct vm_arch {
	struct gstage gstage;
	uint16_t vmid;
	unsigned unmaps; /* RAM taken out of the space so far */
};

#endif
