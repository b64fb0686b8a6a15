/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * FP and vector state across guests sharing a hart: two copies of this guest
 * (told apart by their /model) fill f0-f31 and fcsr from seeds of their own,
 * and, when their ISA string has V, v0-v31, vl, vtype and vcsr too; mark
 * sstatus.FS (and VS) Clean, sleep so that the other runs, and check that
 * their registers came back whole and FS and VS still read Clean (Erg moved
 * nothing the guest could see as a write). A write of one register must then
 * make FS or VS Dirty, as on a hart: Linux saves a task's FP and vector
 * registers only when they are. It prints one line per check that fails,
 * then a tally.
 */
#include <libfdt.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "guest.h"
#include "guest_sleep.h"
#include "guest_time.h"

#define FPSTATE_ROUNDS	 40
#define FPSTATE_SLEEP_US 3000
#define FPSTATE_NAP_US	 20
#define SSTATUS_FS	 (3UL << 13)
#define FS_OFF		 0UL
#define FS_INITIAL	 (1UL << 13)
#define FS_CLEAN	 (2UL << 13)
#define FS_DIRTY	 (3UL << 13)
#define SSTATUS_VS	 (3UL << 9)
#define VS_OFF		 0UL
#define VS_INITIAL	 (1UL << 9)
#define VS_CLEAN	 (2UL << 9)
#define VS_DIRTY	 (3UL << 9)
#define VTYPE_E32_M1	 0x10UL /* vsew 32 bits, vlmul 1, tail and mask undisturbed */
#define VLENB_MAX	 256	/* VLEN 2048 */

void fpstate_fill(uint64_t seed, unsigned long fcsr);
unsigned fpstate_check(uint64_t seed, unsigned long fcsr);
void fpstate_touch(void);
void vecstate_fill(uint64_t seed, unsigned long vl, unsigned long vcsr);
void vecstate_dump(void *regs, unsigned long *csrs);
unsigned long vecstate_vlenb(void);
void vecstate_touch(void);

static unsigned fpstate_failed;
static bool fpstate_vector; /* its ISA string has V */
static uint64_t vecstate_regs[32 * VLENB_MAX / 8];

static unsigned long fpstate_status(unsigned long field)
{
	unsigned long sstatus;

	asm volatile("csrr %0, sstatus" : "=r"(sstatus));
	return sstatus & field;
}

static unsigned long fpstate_fs(void)
{
	return fpstate_status(SSTATUS_FS);
}

static unsigned long fpstate_vs(void)
{
	return fpstate_status(SSTATUS_VS);
}

static void fpstate_set_status(unsigned long field, unsigned long value)
{
	asm volatile("csrc sstatus, %0\n\tcsrs sstatus, %1" : : "r"(field), "r"(value) : "memory");
}

static void fpstate_set_fs(unsigned long fs)
{
	fpstate_set_status(SSTATUS_FS, fs);
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

/* V among the single letters of cpu@0's riscv,isa ("rv64imafdcv_zicsr..."). */
static bool fpstate_has_vector(const void *dtb)
{
	const char *isa = fdt_getprop(dtb, fdt_path_offset(dtb, "/cpus/cpu@0"), "riscv,isa", NULL);
	size_t letters;

	if (!isa || strncmp(isa, "rv64", 4) != 0)
		return false;
	letters = strcspn(isa + 4, "_sxz");
	return memchr(isa + 4, 'v', letters) != NULL;
}

/* How many of v0-v31's 64-bit elements, vl, vtype and vcsr differ from what mine filled. */
static unsigned vecstate_check(uint64_t mine, unsigned long vl, unsigned long vcsr)
{
	unsigned long csrs[3];
	size_t per_reg = vecstate_vlenb() / 8;
	unsigned bad = 0;

	vecstate_dump(vecstate_regs, csrs);
	for (size_t n = 0; n < 32; n++)
		for (size_t e = 0; e < per_reg; e++)
			bad += vecstate_regs[n * per_reg + e] != mine + n;
	bad += csrs[0] != vl;
	bad += csrs[1] != VTYPE_E32_M1;
	bad += csrs[2] != vcsr;
	return bad;
}

/* The vector half of a round: filled, set Clean; after the sleep (fpstate_round), checked. */
static void vecstate_before(unsigned round, uint64_t mine, unsigned long *vl, unsigned long *vcsr)
{
	*vl = 1 + (mine >> 8) % 4;	     /* VLEN >= 128: at least 4 elements of 32 bits */
	*vcsr = ((mine >> 10) % 4) << 1 | 1; /* vxrm, and vxsat set */
	vecstate_fill(mine, *vl, *vcsr);
	fpstate_expect(fpstate_vs() == VS_DIRTY, round, "VS after filling", fpstate_vs());
	fpstate_set_status(SSTATUS_VS, VS_CLEAN);
	fpstate_expect(fpstate_vs() == VS_CLEAN, round, "VS set Clean", fpstate_vs());
}

static void vecstate_after_sleep(unsigned round, uint64_t mine, unsigned long vl,
				 unsigned long vcsr)
{
	unsigned bad;

	fpstate_expect(fpstate_vs() == VS_CLEAN, round, "VS after a sleep", fpstate_vs());
	bad = vecstate_check(mine, vl, vcsr);
	fpstate_expect(bad == 0, round, "vector state that changed while it slept", bad);
}

static void vecstate_after(unsigned round)
{
	vecstate_touch();
	fpstate_expect(fpstate_vs() == VS_DIRTY, round, "VS after one write", fpstate_vs());
}

static void fpstate_round(unsigned round, uint64_t seed)
{
	uint64_t mine = seed + round * 0x100;
	unsigned long fcsr = (mine >> 8) % 0x100, vl = 0, vcsr = 0;
	unsigned bad;

	fpstate_fill(mine, fcsr);
	fpstate_expect(fpstate_fs() == FS_DIRTY, round, "FS after filling", fpstate_fs());
	fpstate_set_fs(FS_CLEAN);
	fpstate_expect(fpstate_fs() == FS_CLEAN, round, "FS set Clean", fpstate_fs());
	if (fpstate_vector)
		vecstate_before(round, mine, &vl, &vcsr);
	/* A short sleep, mostly alone on the hart (the vCPU saved and back with no restore), then
	 * a long one, while the neighbour runs. */
	for (unsigned i = 0; i < 2; i++) {
		sleep_until(time_now() + time_us_to_ticks(i ? FPSTATE_SLEEP_US : FPSTATE_NAP_US));
		fpstate_expect(fpstate_fs() == FS_CLEAN, round, "FS after a sleep", fpstate_fs());
		bad = fpstate_check(mine, fcsr);
		fpstate_expect(bad == 0, round, "registers that changed while it slept", bad);
		if (fpstate_vector)
			vecstate_after_sleep(round, mine, vl, vcsr);
	}
	fpstate_touch();
	fpstate_expect(fpstate_fs() == FS_DIRTY, round, "FS after one write", fpstate_fs());
	if (fpstate_vector)
		vecstate_after(round);
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
	fpstate_vector = fpstate_has_vector(dtb);
	if (fpstate_vector) {
		fpstate_set_status(SSTATUS_VS, VS_INITIAL);
		fpstate_expect(fpstate_vs() != VS_OFF, 0, "VS set Initial", fpstate_vs());
		fpstate_expect(vecstate_vlenb() <= VLENB_MAX, 0, "vlenb within the test's room",
			       vecstate_vlenb());
		fpstate_vector = vecstate_vlenb() <= VLENB_MAX;
	}
	for (unsigned round = 0; round < FPSTATE_ROUNDS; round++)
		fpstate_round(round, seed);
	printf("fpstate: %u rounds%s, %u failed\n", FPSTATE_ROUNDS, fpstate_vector ? " with V" : "",
	       fpstate_failed);
	return fpstate_failed ? 1 : 0;
}
