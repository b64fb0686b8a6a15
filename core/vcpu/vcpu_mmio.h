/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Emulated device accesses from a guest's vCPU.
 */
#ifndef CORE_VCPU_VCPU_MMIO_H
#define CORE_VCPU_VCPU_MMIO_H

#include "vm/vm.h"

/* The guest-page fault in exit hit the guest's device region r: complete it. */
void vcpu_mmio_emulate(struct vcpu *v, const struct vcpu_exit *exit, const struct mmio_region *r);

#endif
