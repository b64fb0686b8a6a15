/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * A guest's address space on RISC-V: its G-stage table and VMID.
 */
#ifndef ARCH_VM_ARCH_H
#define ARCH_VM_ARCH_H

#include "arch/gstage.h"

struct vm_arch {
	struct gstage gstage;
	uint16_t vmid;
};

#endif
