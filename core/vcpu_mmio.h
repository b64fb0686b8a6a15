/*
 * Emulated device accesses from a guest's vCPU.
 */
#ifndef CORE_VCPU_MMIO_H
#define CORE_VCPU_MMIO_H

#include "vm.h"

/* The guest-page fault in exit hit one of the guest's device regions: complete it. */
void vcpu_mmio_emulate(struct vcpu *v, const struct vcpu_exit *exit);

#endif
