/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Device register accessors for the test guests: each is exactly one load
 * or store instruction of the named width, written in asm because the
 * compiler may split even a volatile access it knows to be misaligned into
 * byte accesses. The address is used as given, aligned or not, so a guest
 * that tests how a device answers a bad access gets that access. Linux's
 * fences go around them: a read completes before later reads of memory;
 * earlier writes to memory land before a device write.
 */
#ifndef GUESTS_LIB_GUEST_MMIO_H
#define GUESTS_LIB_GUEST_MMIO_H

#include <stdint.h>

static inline uint8_t mmio_read8(uintptr_t addr)
{
	uint8_t v;

	asm volatile("lbu %0, 0(%1)\n\tfence i,r" : "=r"(v) : "r"(addr) : "memory");
	return v;
}

static inline uint16_t mmio_read16(uintptr_t addr)
{
	uint16_t v;

	asm volatile("lhu %0, 0(%1)\n\tfence i,r" : "=r"(v) : "r"(addr) : "memory");
	return v;
}

static inline uint32_t mmio_read32(uintptr_t addr)
{
	uint32_t v;

	asm volatile("lwu %0, 0(%1)\n\tfence i,r" : "=r"(v) : "r"(addr) : "memory");
	return v;
}

static inline void mmio_write8(uintptr_t addr, uint8_t v)
{
	asm volatile("fence w,o\n\tsb %0, 0(%1)" : : "r"(v), "r"(addr) : "memory");
}

static inline void mmio_write32(uintptr_t addr, uint32_t v)
{
	asm volatile("fence w,o\n\tsw %0, 0(%1)" : : "r"(v), "r"(addr) : "memory");
}

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
