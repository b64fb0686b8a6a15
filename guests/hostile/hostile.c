/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * hostile's main: learn its RAM, vCPUs and bootargs from the device tree,
 * catch its own traps, run every group of attacks in order, print the tally
 * and end with the final attack (hostile.h).
 */
#include <libfdt.h>
#include <stdio.h>
#include <string.h>

#include "guest.h"
#include "guest_fdt.h"
#include "guest_time.h"
#include "guest_trap.h"
#include "hostile.h"

struct hostile_env hostile_env;

/* One attack under way: what runs inside trap_try(). */
struct hostile_running {
	const struct hostile_attack *attack;
	struct hostile_result result;
};

/* The order matters: HSM wants vCPU 1 still stopped, the floods want it free. */
static const struct hostile_group *const hostile_groups[] = {
    &hostile_sbi_base_group,	&hostile_sbi_mask_group, &hostile_sbi_hsm_group,
    &hostile_sbi_console_group, &hostile_plic_group,	 &hostile_uart_group,
    &hostile_priv_group,	&hostile_flood_group,	 &hostile_mem_group,
};

/* The value of word "key=" in /chosen/bootargs, or NULL; *len gets its length. */
static const char *hostile_bootarg(const void *dtb, const char *key, size_t *len)
{
	int chosen = fdt_path_offset(dtb, "/chosen");
	const char *args = chosen >= 0 ? fdt_getprop(dtb, chosen, "bootargs", NULL) : NULL;
	size_t klen = strlen(key);

	for (const char *p = args; p && *p;) {
		size_t wlen = strcspn(p, " ");

		if (wlen >= klen && strncmp(p, key, klen) == 0) {
			*len = wlen - klen;
			return p + klen;
		}
		p += wlen;
		p += strspn(p, " ");
	}
	return NULL;
}

/* A 0x-prefixed hexadecimal number of len characters; 0 when it is not one. */
static uint64_t hostile_hex(const char *s, size_t len)
{
	uint64_t v = 0;

	if (len < 3 || s[0] != '0' || s[1] != 'x')
		return 0;
	for (size_t i = 2; i < len; i++) {
		char c = s[i];
		unsigned d = c >= '0' && c <= '9'   ? (unsigned)(c - '0')
			     : c >= 'a' && c <= 'f' ? (unsigned)(c - 'a' + 10)
						    : 16;

		if (d == 16)
			return 0;
		v = v << 4 | d;
	}
	return v;
}

static void hostile_env_init(const void *dtb)
{
	uint64_t base = 0, size = 0;
	size_t len;
	const char *v;

	guest_fdt_memory(dtb, &base, &size);
	hostile_env.ram_base = base;
	hostile_env.ram_end = base + size;
	hostile_env.vcpus = guest_fdt_cpu_count(dtb);
	v = hostile_bootarg(dtb, "hostile.foreign=", &len);
	hostile_env.foreign = v ? hostile_hex(v, len) : 0;
	v = hostile_bootarg(dtb, "hostile.final=", &len);
	if (v && len == strlen("fetch") && strncmp(v, "fetch", len) == 0)
		hostile_env.final = HOSTILE_FINAL_FETCH;
	else if (v && len == strlen("straddle") && strncmp(v, "straddle", len) == 0)
		hostile_env.final = HOSTILE_FINAL_STRADDLE;
	hostile_env.final_only = hostile_bootarg(dtb, "hostile.final-only", &len) != NULL;
}

static void hostile_run_body(void *arg)
{
	struct hostile_running *run = arg;

	run->attack->run(&run->result);
}

/* An exception no attack expected is a fault Erg should not have raised: an escape. */
static bool hostile_run(const struct hostile_attack *a)
{
	struct hostile_running run = {.attack = a};
	struct hostile_result *r = &run.result;
	struct trap_info t;

	if (trap_try(hostile_run_body, &run, &t))
		hostile_escaped(r, "unexpected exception, scause %lu at pc 0x%lx, stval 0x%lx",
				t.cause, t.epc, t.tval);
	printf("hostile: %s: %s (%s)\n", a->name, r->escaped ? "ESCAPED" : "contained", r->how);
	return !r->escaped;
}

int main(unsigned long hartid, const void *dtb)
{
	unsigned total = 0, contained = 0;

	time_init(dtb);
	hostile_env_init(dtb);
	hostile_irq_setup(hartid);
	printf("hostile: hart %lu, %u vCPUs, RAM 0x%lx-0x%lx\n", hartid, hostile_env.vcpus,
	       (unsigned long)hostile_env.ram_base, (unsigned long)hostile_env.ram_end - 1);
	if (!hostile_env.final_only &&
	    (hartid != 0 || hostile_env.vcpus != HOSTILE_VCPUS || !hostile_env.foreign)) {
		printf("hostile: needs vCPU 0 of %u and hostile.foreign= in its bootargs\n",
		       HOSTILE_VCPUS);
		return 1;
	}
	for (size_t g = 0;
	     !hostile_env.final_only && g < sizeof(hostile_groups) / sizeof(hostile_groups[0]);
	     g++) {
		for (unsigned i = 0; i < hostile_groups[g]->count; i++) {
			total++;
			contained += hostile_run(&hostile_groups[g]->attacks[i]);
		}
	}
	if (!hostile_env.final_only)
		printf("hostile: %u attacks, %u contained\n", total, contained);
	hostile_final_attack();
	return 1;
}
