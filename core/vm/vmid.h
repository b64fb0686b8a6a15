/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Which VMID each guest's G-stage table is tagged with. The number of VMID
 * bits a hart implements (VMIDLEN) is probed at boot; when it gives every
 * guest a VMID of its own, switching guests needs no TLB flush. When it does
 * not, every guest shares VMID 0 and the arch flushes guest translations at
 * each switch between two guests' tables (vcpu_arch_load).
 */
#ifndef CORE_VM_VMID_H
#define CORE_VM_VMID_H

#include "lib/types.h"

/* A VMID is 14 bits wide on RV64: no hart implements more. */
#define VMID_BITS_MAX 14

/* Whether guests guests get distinct nonzero VMIDs out of bits VMID bits. */
bool vmid_fits(unsigned guests, unsigned bits);

/* The VMID of guest index out of guests, with bits VMID bits: index + 1, or 0 when shared. */
uint16_t vmid_for(unsigned index, unsigned guests, unsigned bits);

/* Boot: the VMID bits the harts implement (the smallest, should they differ). */
void vmid_set_bits(unsigned bits);
unsigned vmid_bits(void);

/* Boot: how many guests the config has; says so when they must share VMID 0. */
void vmid_plan(unsigned guests);

/* The VMID of guest index under the plan. */
uint16_t vmid_of(unsigned index);

#endif
