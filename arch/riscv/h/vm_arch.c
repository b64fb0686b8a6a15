/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Guest address spaces: each guest gets a G-stage table and its own VMID, so
 * switching between guests needs no TLB flush.
 */
#include "ports/virt_backend.h"

int vm_arch_init(struct vm_arch *v, uint16_t vmid, uint64_t gpa_limit)
{
	v->vmid = vmid;
	return gstage_init(&v->gstage, gpa_limit);
}

int vm_arch_map_ram(struct vm_arch *v, uint64_t gpa, paddr_t hpa, uint64_t size)
{
	return gstage_map(&v->gstage, gpa, hpa, size, GSTAGE_RWX);
}

int vm_arch_unmap_ram(struct vm_arch *v, uint64_t gpa, uint64_t size)
{
	return gstage_unmap(&v->gstage, gpa, size);
}

/* Device windows: read and write, never executed. */
int vm_arch_map_device(struct vm_arch *v, uint64_t gpa, paddr_t hpa, uint64_t size)
{
	return gstage_map(&v->gstage, gpa, hpa, size, GSTAGE_READ | GSTAGE_WRITE);
}

uint64_t vm_arch_space(const struct vm_arch *v)
{
	return gstage_hgatp(&v->gstage, v->vmid);
}
