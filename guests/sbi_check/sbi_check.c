/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * sbi_check's main and its reporting: learn the machine from the device
 * tree and BASE, run every group of cases, print the tally and shut down.
 */
#include <stdio.h>

#include "guest.h"
#include "guest_fdt.h"
#include "guest_time.h"
#include "sbi_check.h"

#define CHECK_IMPL_ID_ERG 0x4552
#define CHECK_HEX_ABOVE	  0xffff /* larger numbers print in hex */

struct check_env check_env;

static unsigned check_passed, check_failed, check_skipped;

static void check_print_number(long n)
{
	if (n > CHECK_HEX_ABOVE || n < -CHECK_HEX_ABOVE)
		printf("0x%lx", (unsigned long)n);
	else
		printf("%ld", n);
}

void check_eq(const char *name, long got, long want)
{
	if (got == want) {
		check_passed++;
		printf("sbi_check: PASS %s\n", name);
		return;
	}
	check_failed++;
	printf("sbi_check: FAIL %s: got ", name);
	check_print_number(got);
	printf(" want ");
	check_print_number(want);
	printf("\n");
}

void check_erg(const char *name, long got, long want)
{
	if (check_env.erg) {
		check_eq(name, got, want);
		return;
	}
	check_skipped++;
	printf("sbi_check: SKIP %s: Erg-specific, got ", name);
	check_print_number(got);
	printf(" (Erg: ");
	check_print_number(want);
	printf(")\n");
}

bool check_erg_runs(const char *name)
{
	if (check_env.erg)
		return true;
	check_skipped++;
	printf("sbi_check: SKIP %s: Erg-specific, and the call could succeed here\n", name);
	return false;
}

bool check_ext_runs(unsigned long eid, const char *name)
{
	if (check_env.erg || sbi_probe_extension(eid) > 0)
		return true;
	check_skipped++;
	printf("sbi_check: SKIP %s: extension 0x%lx not offered\n", name, eid);
	return false;
}

long check_value(struct sbiret ret)
{
	return ret.error ? ret.error : ret.value;
}

struct sbiret check_call(unsigned long eid, unsigned long fid, unsigned long a0, unsigned long a1,
			 unsigned long a2, unsigned long a3, unsigned long a4)
{
	const unsigned long args[6] = {a0, a1, a2, a3, a4, 0};

	return sbi_ecall6(eid, fid, args);
}

/* RAM and harts from the DTB in a1; the first memory region is the one used. */
static void check_env_init(unsigned long hartid, const void *dtb)
{
	uint64_t base, size;

	check_env.hartid = hartid;
	check_env.dtb_cpus = guest_fdt_cpu_count(dtb);
	/* Without cpu nodes (dtb.cpus fails), guess one hart so the other cases still mean
	 * something. */
	check_env.ncpus = check_env.dtb_cpus ? check_env.dtb_cpus : (unsigned)hartid + 1;
	if (guest_fdt_memory(dtb, &base, &size)) {
		check_env.ram_base = base;
		check_env.ram_end = base + size;
	}
	check_env.erg =
	    sbi_ecall(SBI_EXT_BASE, SBI_BASE_GET_IMPL_ID, 0, 0, 0).value == CHECK_IMPL_ID_ERG;
}

int main(unsigned long hartid, const void *dtb)
{
	time_init(dtb);
	check_env_init(hartid, dtb);
	printf("sbi_check: hart %lu, %u cpu nodes, RAM 0x%lx-0x%lx, %s\n", hartid,
	       check_env.dtb_cpus, (unsigned long)check_env.ram_base,
	       (unsigned long)check_env.ram_end - 1, check_env.erg ? "under Erg" : "not under Erg");
	check_eq("dtb.memory", check_env.ram_end > check_env.ram_base, 1);
	check_eq("dtb.cpus", check_env.dtb_cpus > hartid, 1);
	check_irq_init();

	check_base();
	check_legacy();
	check_time();
	check_ipi();
	check_rfence();
	check_hsm();
	check_dbcn();
	check_sta();
	check_susp();
	check_fwft();
	check_srst();
	check_eq("irq.none_unexpected", (long)check_irqs.other, 0);

	printf("sbi_check: %u passed, %u failed", check_passed, check_failed);
	if (check_skipped)
		printf(", %u skipped", check_skipped);
	printf("\n");
	return check_failed ? 1 : 0;
}
