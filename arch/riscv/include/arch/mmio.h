/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Ordered MMIO accessors. The fences keep device accesses in program order
 * with respect to normal memory, as a driver expects (RVWMO does not).
 */
#ifndef ARCH_MMIO_H
#define ARCH_MMIO_H

#include <stdint.h>

static inline uint8_t mmio_read8(uintptr_t addr)
{
	uint8_t v = *(volatile uint8_t *)addr;

	__asm__ volatile("fence i, r" ::: "memory");
	return v;
}

static inline uint32_t mmio_read32(uintptr_t addr)
{
	uint32_t v = *(volatile uint32_t *)addr;

	__asm__ volatile("fence i, r" ::: "memory");
	return v;
}

static inline void mmio_write8(uintptr_t addr, uint8_t v)
{
	__asm__ volatile("fence w, o" ::: "memory");
	*(volatile uint8_t *)addr = v;
}

static inline void mmio_write32(uintptr_t addr, uint32_t v)
{
	__asm__ volatile("fence w, o" ::: "memory");
	*(volatile uint32_t *)addr = v;
}

#endif
