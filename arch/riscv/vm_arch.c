/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Guest address spaces, for both back ends: each guest gets a G-stage table
 * and its own VMID, so switching between guests needs no TLB flush. With H
 * the hart walks the table itself (hgatp); without H it is the map the
 * shadow tables are filled from, and the space a vCPU is given is the table
 * itself.
 */
#include "ports/virt_backend.h"

bool vcpu_arch_noh;

int vm_arch_init(struct vm_arch *v, uint16_t vmid, uint64_t gpa_limit)
{
	v->vmid = vmid;
	v->unmaps = 0;
	return gstage_init(&v->gstage, gpa_limit);
}

int vm_arch_map_ram(struct vm_arch *v, uint64_t gpa, paddr_t hpa, uint64_t size)
{
	return gstage_map(&v->gstage, gpa, hpa, size, GSTAGE_RWX);
}

/* Counted once the map has changed: a vCPU that sees the new count refills from the new map. */
int vm_arch_unmap_ram(struct vm_arch *v, uint64_t gpa, uint64_t size)
{
	int rc = gstage_unmap(&v->gstage, gpa, size);

	__atomic_add_fetch(&v->unmaps, 1, __ATOMIC_SEQ_CST);
	return rc;
}

/* Device windows: read and write, never executed. */
int vm_arch_map_device(struct vm_arch *v, uint64_t gpa, paddr_t hpa, uint64_t size)
{
	return gstage_map(&v->gstage, gpa, hpa, size, GSTAGE_READ | GSTAGE_WRITE);
}

uint64_t vm_arch_space(const struct vm_arch *v)
{
	if (vcpu_arch_noh)
		return (uint64_t)(uintptr_t)v;
	return gstage_hgatp(&v->gstage, v->vmid);
}
