/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Guest RAM handed out on first touch. Zeroing all of a guest's RAM before it
 * starts would be most of a Linux boot, and a guest touches little of it
 * early on. So RAM is reserved whole but each chunk is zeroed and mapped only
 * when first reached: by the guest (a guest-page fault, then the access is
 * retried) or by Erg on the guest's behalf (images, DTB, device buffers).
 * A guest never sees a byte it did not write. A chunk stays mapped for the
 * guest's life; a reload takes the used chunks out of its space, so each is
 * zeroed again on its next first touch: a reload costs what its images
 * need, never the time to clear all the RAM the last life used.
 */
#include "vm/vm_ram.h"

#include <string.h>

#include "mem/page_alloc.h"
#include "vm/vm.h"

#define VM_RAM_ALIGN_PAGES 512 /* 2 MiB */

int vm_ram_reserve(struct vm_region *r, uint64_t gpa, uint64_t size, paddr_t pinned_hpa)
{
	size_t pages = (size_t)(size / PAGE_SIZE);

	*r = (struct vm_region){.gpa = gpa, .size = size, .on_demand = true};
	r->chunk_shift = VM_RAM_CHUNK_SHIFT;
	while (((size - 1) >> r->chunk_shift) >= VM_RAM_MAX_CHUNKS)
		r->chunk_shift++;
	if (pinned_hpa)
		r->hpa = page_claim(pinned_hpa, pages) ? 0 : pinned_hpa;
	else
		r->hpa = page_alloc(pages, size >= MIB(2) ? VM_RAM_ALIGN_PAGES : 1);
	return r->hpa ? 0 : -1;
}

/* The chunk at offset: whole, or the region's tail. */
static uint64_t vm_ram_chunk_bytes(const struct vm_region *r, uint64_t offset)
{
	uint64_t left = r->size - offset, full = 1ULL << r->chunk_shift;

	return left < full ? left : full;
}

static bool vm_ram_chunk_ready(const struct vm_region *r, size_t chunk)
{
	return !r->on_demand ||
	       (__atomic_load_n(&r->ready[chunk / 64], __ATOMIC_ACQUIRE) >> (chunk % 64)) & 1;
}

/*
 * Bytes an image being loaded puts at region offset [offset, offset + len):
 * a chunk it reaches for the first time gets them in place of zeros, so they
 * are not written twice. None for a plain first touch.
 */
struct vm_ram_fill {
	uint64_t offset, len;
	const uint8_t *data;
};

static uint64_t vm_ram_clamp(uint64_t x, uint64_t lo, uint64_t hi)
{
	return x < lo ? lo : x > hi ? hi : x;
}

/* The fill's bytes that lie in [offset, offset + size); with zero_rest, zeros in the others. */
static void vm_ram_chunk_write(struct vm_region *r, uint64_t offset, uint64_t size,
			       const struct vm_ram_fill *fill, bool zero_rest)
{
	uint8_t *base = (uint8_t *)(uintptr_t)r->hpa;
	uint64_t end = offset + size;
	uint64_t from = vm_ram_clamp(fill->offset, offset, end);
	uint64_t to = vm_ram_clamp(fill->offset + fill->len, from, end);

	if (to > from)
		memcpy(base + from, fill->data + (from - fill->offset), to - from);
	if (zero_rest) {
		memset(base + offset, 0, from - offset);
		memset(base + to, 0, end - to);
	}
}

/* Fill and map one chunk, unless another hart has just made it ready. */
static int vm_ram_chunk_prepare(struct vm *vm, struct vm_region *r, size_t chunk,
				const struct vm_ram_fill *fill)
{
	uint64_t offset = (uint64_t)chunk << r->chunk_shift;
	uint64_t size = vm_ram_chunk_bytes(r, offset);
	int err = 0;

	spin_lock(&vm->ram_lock);
	if (!vm_ram_chunk_ready(r, chunk)) {
		vm_ram_chunk_write(r, offset, size, fill, true);
		err = vm_arch_map_ram(&vm->arch, r->gpa + offset, r->hpa + offset, size);
		if (!err)
			__atomic_or_fetch(&r->ready[chunk / 64], 1ULL << (chunk % 64),
					  __ATOMIC_RELEASE);
	} else {
		vm_ram_chunk_write(r, offset, size, fill, false);
	}
	spin_unlock(&vm->ram_lock);
	return err;
}

/*
 * Every chunk of [offset, offset+len) of r, ready, with the fill's bytes in
 * place; len > 0. A region that is plain memory only takes the fill.
 */
static int vm_ram_prepare(struct vm *vm, struct vm_region *r, uint64_t offset, uint64_t len,
			  const struct vm_ram_fill *fill)
{
	size_t last = (size_t)((offset + len - 1) >> r->chunk_shift);

	if (!r->on_demand) {
		vm_ram_chunk_write(r, offset, len, fill, false);
		return 0;
	}
	for (size_t chunk = (size_t)(offset >> r->chunk_shift); chunk <= last; chunk++)
		if ((fill->len || !vm_ram_chunk_ready(r, chunk)) &&
		    vm_ram_chunk_prepare(vm, r, chunk, fill))
			return -1;
	return 0;
}

static struct vm_region *vm_ram_region(struct vm *vm, uint64_t gpa, uint64_t len)
{
	for (size_t i = 0; i < vm->region_count; i++) {
		struct vm_region *r = &vm->regions[i];

		if (gpa >= r->gpa && len <= r->size && gpa - r->gpa <= r->size - len)
			return r;
	}
	return NULL;
}

bool vm_gpa_in_ram(struct vm *vm, uint64_t gpa, uint64_t len)
{
	return vm_ram_region(vm, gpa, len) != NULL;
}

paddr_t vm_gpa_to_hpa(struct vm *vm, uint64_t gpa, uint64_t len)
{
	struct vm_region *r = vm_ram_region(vm, gpa, len);

	if (!r || (len && vm_ram_prepare(vm, r, gpa - r->gpa, len, &(struct vm_ram_fill){0})))
		return 0;
	return r->hpa + (gpa - r->gpa);
}

int vm_ram_load(struct vm *vm, uint64_t gpa, const void *data, uint64_t len)
{
	struct vm_region *r = vm_ram_region(vm, gpa, len);

	if (!r)
		return -1;
	if (!len)
		return 0;
	return vm_ram_prepare(vm, r, gpa - r->gpa, len,
			      &(struct vm_ram_fill){gpa - r->gpa, len, data});
}

int vm_ram_fault(struct vm *vm, uint64_t gpa)
{
	struct vm_region *r = vm_ram_region(vm, gpa, 1);

	if (!r)
		return 0;
	if (vm_ram_prepare(vm, r, gpa - r->gpa, 1, &(struct vm_ram_fill){0}))
		return -1;
	/* This hart may hold the chunk's old invalid entry; another hart's copy faults here too. */
	vcpu_arch_gstage_flush();
	return 1;
}

/*
 * A used chunk leaves the guest's space and is zeroed again on its next
 * first touch, by whoever reaches it then; should it not come out, it is
 * zeroed here, in place.
 */
static void vm_ram_chunk_forget(struct vm *vm, struct vm_region *r, size_t chunk)
{
	uint64_t offset = (uint64_t)chunk << r->chunk_shift;
	uint64_t size = vm_ram_chunk_bytes(r, offset);

	if (vm_arch_unmap_ram(&vm->arch, r->gpa + offset, size)) {
		memset((void *)(uintptr_t)(r->hpa + offset), 0, size);
		return;
	}
	__atomic_and_fetch(&r->ready[chunk / 64], ~(1ULL << (chunk % 64)), __ATOMIC_RELEASE);
}

void vm_ram_scrub(struct vm *vm)
{
	for (size_t i = 0; i < vm->region_count; i++) {
		struct vm_region *r = &vm->regions[i];
		size_t chunks = (size_t)(((r->size - 1) >> r->chunk_shift) + 1);

		if (!r->on_demand) {
			memset((void *)(uintptr_t)r->hpa, 0, r->size);
			continue;
		}
		for (size_t chunk = 0; chunk < chunks; chunk++)
			if (vm_ram_chunk_ready(r, chunk))
				vm_ram_chunk_forget(vm, r, chunk);
	}
}
