/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Checks of the per-hart state a guest must find as on a hart of its own,
 * run by two guests sharing one hart. The one named "hartstate" (/model)
 * prints its riscv,isa; drops to U-mode and runs instructions user mode may
 * not (each must reach its trap vector in S-mode with sstatus.SPP = 0 and
 * scause 2) and counter reads it may; sets senvcfg.FIOM and reads its cycle
 * and instret around a 200 ms sleep, during which the other guest runs, and
 * around 200 ms of spinning: its counters must stand still while it sleeps
 * and senvcfg must be its own. Any other name: the neighbour, which spins
 * clearing senvcfg.
 */
#include <libfdt.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "guest.h"
#include "guest_sleep.h"
#include "guest_time.h"

#define SSTATUS_SPP  (1UL << 8)
#define SENVCFG_FIOM 1UL
#define STRETCH_US   200000

struct user_record {
	unsigned long cause, epc, sstatus, tval, a0;
};

extern struct user_record user_trap;
void user_run(void (*fn)(void));
void user_sret(void), user_csrr_sstatus(void), user_csrr_hstatus(void), user_wfi(void);
void user_rdcycle(void), user_rdinstret(void), user_rdtime(void);

static void hartstate_isa(const void *dtb)
{
	int cpu = fdt_path_offset(dtb, "/cpus/cpu@0");
	const char *isa = cpu < 0 ? NULL : fdt_getprop(dtb, cpu, "riscv,isa", NULL);

	printf("hartstate: riscv,isa %s\n", isa ? isa : "(none)");
}

static void hartstate_user_fault(const char *name, void (*fn)(void))
{
	memset(&user_trap, 0, sizeof(user_trap));
	user_run(fn);
	printf("hartstate: user %s: scause %lu, SPP %lu, sepc %s, stval 0x%lx\n", name,
	       user_trap.cause, (user_trap.sstatus & SSTATUS_SPP) >> 8,
	       user_trap.epc == (unsigned long)fn ? "at it" : "elsewhere", user_trap.tval);
}

/* A counter read in U-mode: no fault; the ecall after it brings a0 back. */
static void hartstate_user_counter(const char *name, void (*fn)(void), uint64_t before)
{
	user_run(fn);
	printf("hartstate: user %s: scause %lu, %s\n", name, user_trap.cause,
	       user_trap.a0 > before ? "advanced" : "did not advance");
}

static uint64_t rdcycle(void)
{
	uint64_t v;

	__asm__ volatile("rdcycle %0" : "=r"(v));
	return v;
}

static uint64_t rdinstret(void)
{
	uint64_t v;

	__asm__ volatile("rdinstret %0" : "=r"(v));
	return v;
}

static unsigned long senvcfg_read(void)
{
	unsigned long v;

	__asm__ volatile("csrr %0, 0x10a" : "=r"(v));
	return v;
}

static void senvcfg_write(unsigned long v)
{
	__asm__ volatile("csrw 0x10a, %0" : : "r"(v));
}

static void hartstate_counters(unsigned long hartid)
{
	uint64_t c0, i0, c1, i1, c2, i2;

	sleep_init(hartid);
	c0 = rdcycle();
	i0 = rdinstret();
	sleep_until(time_now() + time_us_to_ticks(STRETCH_US));
	c1 = rdcycle();
	i1 = rdinstret();
	time_delay_us(STRETCH_US);
	c2 = rdcycle();
	i2 = rdinstret();
	printf("hartstate: asleep 200 ms: cycle +%lu, instret +%lu\n", (unsigned long)(c1 - c0),
	       (unsigned long)(i1 - i0));
	printf("hartstate: busy 200 ms: cycle +%lu, instret +%lu\n", (unsigned long)(c2 - c1),
	       (unsigned long)(i2 - i1));
}

static void hartstate_main(unsigned long hartid, const void *dtb)
{
	hartstate_isa(dtb);
	hartstate_user_fault("sret", user_sret);
	hartstate_user_fault("csrr sstatus", user_csrr_sstatus);
	hartstate_user_fault("csrr hstatus", user_csrr_hstatus);
	hartstate_user_fault("wfi", user_wfi);
	hartstate_user_counter("rdcycle", user_rdcycle, rdcycle());
	hartstate_user_counter("rdinstret", user_rdinstret, rdinstret());
	/* With scounteren cleared, its user mode may read no counter: each read is illegal. */
	asm volatile("csrw scounteren, zero" : : : "memory");
	hartstate_user_fault("rdtime, scounteren 0", user_rdtime);
	hartstate_user_fault("rdcycle, scounteren 0", user_rdcycle);
	asm volatile("csrw scounteren, %0" : : "r"(7UL) : "memory");
	senvcfg_write(SENVCFG_FIOM);
	printf("hartstate: senvcfg 0x%lx set\n", senvcfg_read());
	hartstate_counters(hartid);
	printf("hartstate: senvcfg 0x%lx after the neighbour ran\n", senvcfg_read());
}

/* The neighbour: runs whenever the other guest sleeps, clearing senvcfg. */
static void hartstate_neighbour(void)
{
	uint64_t next = time_now();

	for (;;) {
		senvcfg_write(0);
		if (time_now() >= next) {
			printf("hartstate: neighbour running\n");
			next += time_us_to_ticks(1000000);
		}
	}
}

int main(unsigned long hartid, const void *dtb)
{
	const char *model = fdt_getprop(dtb, 0, "model", NULL);

	time_init(dtb);
	if (model && strcmp(model, "hartstate") == 0)
		hartstate_main(hartid, dtb);
	else
		hartstate_neighbour();
	printf("hartstate: done\n");
	return 0;
}
