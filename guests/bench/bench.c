/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The bench guest (see bench.h): by default every single-guest figure, in
 * order; with bootargs "bench=switch" the guest-to-guest switch, for two
 * copies sharing a hart (guests/configs/bench_switch.dts). Under a
 * hypervisor it first sleeps 0.6 s: Erg ticks on every hart for its first
 * 0.5 s, then only on its console hart, which the bench configs leave to
 * Erg. On OpenSBI itself there is nothing to wait for (and QEMU's -icount
 * idles slowly with a second hart parked in OpenSBI).
 */
#include <libfdt.h>
#include <stdio.h>
#include <string.h>

#include "bench.h"
#include "guest.h"
#include "guest_fdt.h"
#include "guest_sbi.h"
#include "guest_time.h"

#define BENCH_QUIET_US	 600000
#define SBI_IMPL_OPENSBI 1

/* Sstc when the first cpu's riscv,isa names it (as "_sstc", ending or before '_'). */
static bool bench_has_sstc(const void *dtb)
{
	int cpus = fdt_path_offset(dtb, "/cpus");
	int node, len;

	if (cpus < 0)
		return false;
	fdt_for_each_subnode(node, dtb, cpus)
	{
		const char *isa = fdt_getprop(dtb, node, "riscv,isa", &len);
		const char *at =
		    isa && len > 0 && isa[len - 1] == '\0' ? strstr(isa, "_sstc") : NULL;

		if (isa)
			return at && (at[5] == '\0' || at[5] == '_');
	}
	return false;
}

static bool bench_switch_mode(const void *dtb)
{
	int chosen = fdt_path_offset(dtb, "/chosen");
	int len;
	const char *args = chosen >= 0 ? fdt_getprop(dtb, chosen, "bootargs", &len) : NULL;

	return args && len > 0 && args[len - 1] == '\0' && strstr(args, "bench=switch");
}

int main(unsigned long hartid, const void *dtb)
{
	struct bench_env env = {hartid, bench_has_sstc(dtb), guest_fdt_cpu_count(dtb)};
	bool switch_mode = bench_switch_mode(dtb);

	time_init(dtb);
	bench_report("entry", (int64_t)(time_now() * BENCH_INSNS_PER_TICK * 100),
		     "(instructions from power-on to the guest's main)");
	printf("bench: start on hart %lu of %u, Sstc %s, %s\n", hartid, env.cpus,
	       env.sstc ? "yes" : "no", switch_mode ? "guest switch" : "single guest");
	if (sbi_ecall(SBI_EXT_BASE, SBI_BASE_GET_IMPL_ID, 0, 0, 0).value != SBI_IMPL_OPENSBI)
		bench_sleep_until(env.sstc, time_now() + time_us_to_ticks(BENCH_QUIET_US));
	if (switch_mode) {
		bench_switch_run(&env);
	} else {
		bench_ops_run();
		bench_priv_run();
		bench_timer_run(&env);
		bench_ipi_run(&env);
		bench_ops_redirect_run();
	}
	printf("bench: done\n");
	return 0;
}
