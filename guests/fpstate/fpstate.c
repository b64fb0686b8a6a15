/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * FP state across guests sharing a hart: two copies of this guest (told
 * apart by their /model) fill f0-f31 and fcsr from seeds of their own, mark
 * sstatus.FS Clean, sleep so that the other runs, and check that their
 * registers came back whole and FS still reads Clean (Erg moved nothing the
 * guest could see as a write). A write of one register must then make FS
 * Dirty, as on a hart: Linux saves a task's FP registers only when it is.
 * It prints one line per check that fails, then a tally.
 */
#include <libfdt.h>
#include <stdint.h>
#include <stdio.h>

#include "guest.h"
#include "guest_sleep.h"
#include "guest_time.h"

#define FPSTATE_ROUNDS	 40
#define FPSTATE_SLEEP_US 3000
#define SSTATUS_FS	 (3UL << 13)
#define FS_OFF		 0UL
#define FS_INITIAL	 (1UL << 13)
#define FS_CLEAN	 (2UL << 13)
#define FS_DIRTY	 (3UL << 13)

void fpstate_fill(uint64_t seed, unsigned long fcsr);
unsigned fpstate_check(uint64_t seed, unsigned long fcsr);
void fpstate_touch(void);

static unsigned fpstate_failed;

static unsigned long fpstate_fs(void)
{
	unsigned long sstatus;

	asm volatile("csrr %0, sstatus" : "=r"(sstatus));
	return sstatus & SSTATUS_FS;
}

static void fpstate_set_fs(unsigned long fs)
{
	asm volatile("csrc sstatus, %0\n\tcsrs sstatus, %1"
		     :
		     : "r"(SSTATUS_FS), "r"(fs)
		     : "memory");
}

static void fpstate_expect(bool ok, unsigned round, const char *what, unsigned long got)
{
	if (ok)
		return;
	printf("fpstate: FAIL round %u: %s (got 0x%lx)\n", round, what, got);
	fpstate_failed++;
}

/* A seed of its own: its name, hashed, so two copies never share one. */
static uint64_t fpstate_seed(const void *dtb)
{
	const char *model = fdt_getprop(dtb, 0, "model", NULL);
	uint64_t h = 1469598103934665603ULL;

	for (; model && *model; model++)
		h = (h ^ (unsigned char)*model) * 1099511628211ULL;
	return h & ~0xffULL;
}

static void fpstate_round(unsigned round, uint64_t seed)
{
	uint64_t mine = seed + round * 0x100;
	unsigned long fcsr = (mine >> 8) % 0x100;
	unsigned bad;

	fpstate_fill(mine, fcsr);
	fpstate_expect(fpstate_fs() == FS_DIRTY, round, "FS after filling", fpstate_fs());
	fpstate_set_fs(FS_CLEAN);
	fpstate_expect(fpstate_fs() == FS_CLEAN, round, "FS set Clean", fpstate_fs());
	sleep_until(time_now() + time_us_to_ticks(FPSTATE_SLEEP_US));
	fpstate_expect(fpstate_fs() == FS_CLEAN, round, "FS after the neighbour ran", fpstate_fs());
	bad = fpstate_check(mine, fcsr);
	fpstate_expect(bad == 0, round, "registers that changed while it slept", bad);
	fpstate_touch();
	fpstate_expect(fpstate_fs() == FS_DIRTY, round, "FS after one write", fpstate_fs());
}

int main(unsigned long hartid, const void *dtb)
{
	uint64_t seed = fpstate_seed(dtb);

	time_init(dtb);
	sleep_init(hartid);
	fpstate_set_fs(FS_OFF);
	fpstate_expect(fpstate_fs() == FS_OFF, 0, "FS set Off", fpstate_fs());
	fpstate_set_fs(FS_INITIAL);
	fpstate_expect(fpstate_fs() != FS_OFF, 0, "FS set Initial", fpstate_fs());
	for (unsigned round = 0; round < FPSTATE_ROUNDS; round++)
		fpstate_round(round, seed);
	printf("fpstate: %u rounds, %u failed\n", FPSTATE_ROUNDS, fpstate_failed);
	return fpstate_failed ? 1 : 0;
}
