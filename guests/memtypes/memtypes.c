/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Svpbmt from a guest's side: one page of its RAM mapped a second time,
 * with memory type NC and then IO in the leaf's PBMT bits (62:61), written
 * through that mapping and read back through the identity map. Where the
 * guest's riscv,isa names svpbmt, the hart must honour the types; where it
 * does not, those bits are reserved and the store must take a page fault,
 * as on a hart without Svpbmt. It prints what it is told and what happened.
 */
#include <libfdt.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "guest.h"
#include "guest_sv39.h"
#include "guest_trap.h"

#define MEMTYPES_RAM	  0x80000000UL
#define MEMTYPES_RAM_SIZE 0x1000000UL  /* its config's 16 MiB */
#define MEMTYPES_VA	  0x40000000UL /* the typed mapping, outside the identity map */
#define PBMT_NC		  (1UL << 61)
#define PBMT_IO		  (2UL << 61)

static volatile uint64_t memtypes_page[512] __attribute__((aligned(4096)));

static bool memtypes_isa_names_svpbmt(const void *dtb)
{
	const char *isa = fdt_getprop(dtb, fdt_path_offset(dtb, "/cpus/cpu@0"), "riscv,isa", NULL);

	return isa && strstr(isa, "_svpbmt");
}

static void memtypes_store(void *arg)
{
	*(volatile uint64_t *)MEMTYPES_VA = (uint64_t)(uintptr_t)arg;
}

static void memtypes_try(const char *name, unsigned long pbmt, uint64_t value)
{
	struct trap_info t = {0};

	memtypes_page[0] = 0;
	sv39_map(MEMTYPES_VA, (uintptr_t)memtypes_page, SV39_LEVEL_4K,
		 SV39_R | SV39_W | SV39_A | SV39_D | pbmt);
	asm volatile("sfence.vma %0" : : "r"(MEMTYPES_VA) : "memory");
	if (trap_try(memtypes_store, (void *)(uintptr_t)value, &t))
		printf("memtypes: %s page: scause %lu\n", name, t.cause);
	else
		printf("memtypes: %s page: read back 0x%llx\n", name,
		       (unsigned long long)memtypes_page[0]);
}

int main(unsigned long hartid, const void *dtb)
{
	trap_install(hartid, NULL);
	printf("memtypes: riscv,isa %s svpbmt\n",
	       memtypes_isa_names_svpbmt(dtb) ? "names" : "does not name");
	sv39_init(MEMTYPES_RAM, MEMTYPES_RAM_SIZE);
	sv39_enable();
	memtypes_try("NC", PBMT_NC, 0x5eed0001);
	memtypes_try("IO", PBMT_IO, 0x5eed0002);
	memtypes_try("PMA", 0, 0x5eed0003);
	printf("memtypes: done\n");
	return 0;
}
