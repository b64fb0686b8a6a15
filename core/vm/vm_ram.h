/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Guest RAM handed out on first touch: each region is reserved whole at
 * creation but zeroed and mapped into the guest one chunk at a time, when the
 * guest or Erg first reaches into it.
 */
#ifndef CORE_VM_VM_RAM_H
#define CORE_VM_VM_RAM_H

#include "lib/types.h"

#define VM_RAM_CHUNK_SHIFT 21 /* 2 MiB: a G-stage superpage */
#define VM_RAM_MAX_CHUNKS  1024
#define VM_RAM_CHUNK_WORDS (VM_RAM_MAX_CHUNKS / 64)

/*
 * A region of guest RAM. on_demand regions start with no chunk mapped; a
 * region without it (built by hand, as tests do) is plain memory, all usable.
 */
struct vm_region {
	uint64_t gpa, size;
	paddr_t hpa;
	bool on_demand;
	unsigned chunk_shift;		    /* chunks grow past 2 MiB in huge regions */
	uint64_t ready[VM_RAM_CHUNK_WORDS]; /* chunks zeroed and mapped, set once */
};

struct vm;

/* Reserve host RAM for region r of the guest (2 MiB aligned when large); 0 or -1. */
int vm_ram_reserve(struct vm_region *r, uint64_t gpa, uint64_t size, paddr_t pinned_hpa);

/* Whether [gpa, gpa+len) lies wholly in one RAM region of the guest; nothing is made ready. */
bool vm_gpa_in_ram(struct vm *vm, uint64_t gpa, uint64_t len);

/* Host address of [gpa, gpa+len) when it lies wholly in the guest's RAM, ready to use, else 0. */
paddr_t vm_gpa_to_hpa(struct vm *vm, uint64_t gpa, uint64_t len);

/*
 * Copy len bytes of data to [gpa, gpa+len), which must lie wholly in the
 * guest's RAM (else -1, nothing written); the chunks it reaches are made
 * ready, a chunk reached first here taking the bytes in place of its zeros.
 */
int vm_ram_load(struct vm *vm, uint64_t gpa, const void *data, uint64_t len);

/*
 * A guest-page fault at gpa: when gpa is RAM, its chunk is made ready and the
 * access can be retried (1); 0 when gpa is not RAM; -1 when it cannot be mapped.
 */
int vm_ram_fault(struct vm *vm, uint64_t gpa);

/*
 * For a reload: every chunk the guest has used leaves its space, to be zeroed
 * on its next first touch; each hart fences before it runs the guest again.
 */
void vm_ram_scrub(struct vm *vm);

#endif
