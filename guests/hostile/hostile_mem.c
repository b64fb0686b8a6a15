/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The edges of its own RAM, and the final attack. Its last byte and last
 * doubleword are its own and must simply work. Past them lies what Erg
 * answers by stopping the guest: a load, store or fetch at a guest-physical
 * address that is neither its RAM nor one of its emulated devices, or a
 * fetch from a device window, which holds registers, not code. That can be
 * done once per boot, so it comes last: a store to the host address of
 * another guest's RAM (hostile.foreign=), which the victim's checksum would
 * show were it ever to land; with hostile.final=fetch a jump into its UART;
 * with hostile.final=straddle an 8-byte load whose last 4 bytes lie past
 * the end of its RAM.
 */
#include <stdio.h>

#include "guest_trap.h"
#include "hostile.h"

#define UART_BASE    0x10000000UL
#define FOREIGN_MARK 0x5a5aa5a55a5aa5a5UL

static void hostile_mem_last_byte(struct hostile_result *r)
{
	volatile uint8_t *p = (volatile uint8_t *)(hostile_env.ram_end - 1);
	uint8_t saved = *p, flipped = (uint8_t)~saved, got;

	*p = flipped;
	got = *p;
	*p = saved;
	if (got == flipped)
		hostile_contained(r, "its own: written and read back");
	else
		hostile_escaped(r, "read back 0x%x", got);
}

static void hostile_mem_last_doubleword(struct hostile_result *r)
{
	volatile uint64_t *p = (volatile uint64_t *)(hostile_env.ram_end - 8);
	uint64_t saved = *p, got;

	*p = ~saved;
	got = *p;
	*p = saved;
	if (got == ~saved)
		hostile_contained(r, "its own: written and read back");
	else
		hostile_escaped(r, "read back 0x%lx", (unsigned long)got);
}

static const struct hostile_attack hostile_mem_attacks[] = {
    {"last byte of its RAM", hostile_mem_last_byte},
    {"last doubleword of its RAM", hostile_mem_last_doubleword},
};

const struct hostile_group hostile_mem_group = {
    hostile_mem_attacks,
    sizeof(hostile_mem_attacks) / sizeof(hostile_mem_attacks[0]),
};

static void hostile_final_store(void *arg)
{
	*(volatile uint64_t *)arg = FOREIGN_MARK;
}

static void hostile_final_fetch(void *arg)
{
	((void (*)(void))arg)();
}

static void hostile_final_straddle(void *arg)
{
	uint64_t v;

	asm volatile("ld %0, 0(%1)" : "=r"(v) : "r"(arg) : "memory");
}

void hostile_final_attack(void)
{
	struct trap_info t;
	bool caught;

	if (hostile_env.final == HOSTILE_FINAL_FETCH) {
		printf("hostile: final: jump into its UART at 0x%lx\n", UART_BASE);
		caught = trap_try(hostile_final_fetch, (void *)UART_BASE, &t);
	} else if (hostile_env.final == HOSTILE_FINAL_STRADDLE) {
		printf("hostile: final: 8-byte load at 0x%lx, across the end of its RAM\n",
		       (unsigned long)hostile_env.ram_end - 4);
		caught = trap_try(hostile_final_straddle, (void *)(hostile_env.ram_end - 4), &t);
	} else {
		printf("hostile: final: store to guest-physical 0x%lx, another guest's host "
		       "address\n",
		       (unsigned long)hostile_env.foreign);
		caught = trap_try(hostile_final_store, (void *)hostile_env.foreign, &t);
	}
	if (caught)
		printf("hostile: final: not stopped, fault scause %lu stval 0x%lx reflected\n",
		       t.cause, t.tval);
	else
		printf("hostile: final: ESCAPED (the access completed)\n");
}
