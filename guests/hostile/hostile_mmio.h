/*
 * The accesses guest_mmio.h leaves out, which only an attacker wants on a
 * device with byte or word registers: 16-bit stores and 64-bit loads and
 * stores, each exactly one instruction, at the address as given.
 */
#ifndef GUESTS_HOSTILE_HOSTILE_MMIO_H
#define GUESTS_HOSTILE_HOSTILE_MMIO_H

#include <stdint.h>

#include "guest_mmio.h"

static inline uint64_t mmio_read64(uintptr_t addr)
{
	uint64_t v;

	asm volatile("ld %0, 0(%1)\n\tfence i,r" : "=r"(v) : "r"(addr) : "memory");
	return v;
}

static inline void mmio_write16(uintptr_t addr, uint16_t v)
{
	asm volatile("fence w,o\n\tsh %0, 0(%1)" : : "r"(v), "r"(addr) : "memory");
}

static inline void mmio_write64(uintptr_t addr, uint64_t v)
{
	asm volatile("fence w,o\n\tsd %0, 0(%1)" : : "r"(v), "r"(addr) : "memory");
}

#endif
