/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * A guest's own cycle and instret (vcpu_counters.c), shared by both back
 * ends: counted while its vCPU is loaded, read through a trapped csrr.
 */
#ifndef ARCH_RISCV_VCPU_COUNTERS_H
#define ARCH_RISCV_VCPU_COUNTERS_H

#include "ports/virt_backend.h"

/*
 * Answer insn if it reads the cycle or instret counter and allowed (the
 * scounteren bits its privilege may use: all from its kernel) lets it: the
 * register written and the pc moved on. False when it is anything else.
 */
bool vcpu_counters_emulate(struct vcpu_arch *a, uint32_t insn, unsigned long allowed);

#endif
