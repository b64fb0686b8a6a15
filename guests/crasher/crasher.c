/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * A guest that crashes on purpose, for the crash-policy tests
 * (guests/configs/crash.dts, tests/integration/test_crash.py). Its
 * /chosen/bootargs pick how:
 *
 *   (none)              every vCPU stores to 0x100000000, outside its RAM, at
 *                       the same moment: a fault Erg cannot serve. With more
 *                       than one vCPU the others are started first, so the
 *                       crashes of two harts race for one restart.
 *   trap-vector=0xADDR  points its own trap vector at ADDR and runs an
 *                       illegal instruction. The trap is the guest's own, so
 *                       Erg sees nothing until the hart fetches the handler:
 *                       outside RAM, or in a device window, that fetch is a
 *                       fault Erg sees. Natively it is a trap loop for ever.
 *   failure             SBI SRST shutdown for a system failure.
 *
 * Each boot prints one fixed line first: a restart zeroes RAM, so the guest
 * cannot count its own boots. Natively (make guest-run GUEST=crasher) the
 * store faults in the runtime's trap handler, which reports it and shuts down.
 */
#include <libfdt.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "guest.h"
#include "guest_fdt.h"
#include "guest_sbi.h"

#define CRASHER_OUTSIDE		    0x100000000ul /* above every guest's RAM in crash.dts */
#define CRASHER_TRAP_VECTOR	    "trap-vector="
#define SBI_SRST_REASON_SYS_FAILURE 1

static unsigned crasher_arrived; /* secondary vCPUs waiting to crash */
static unsigned crasher_go;

static const char *crasher_bootargs(const void *dtb)
{
	int chosen = fdt_path_offset(dtb, "/chosen");
	const char *args = chosen < 0 ? NULL : fdt_getprop(dtb, chosen, "bootargs", NULL);

	return args ? args : "";
}

/* A hexadecimal number with its 0x (strtoul would pull in errno, thread-local). */
static unsigned long crasher_hex(const char *s)
{
	unsigned long v = 0;

	for (s += 2; *s; s++)
		v = v << 4 | (unsigned long)(*s <= '9' ? *s - '0' : (*s | 0x20) - 'a' + 10);
	return v;
}

static void crasher_store_outside(void)
{
	*(volatile uint64_t *)CRASHER_OUTSIDE = 0xdead;
}

static void crasher_secondary(unsigned long hartid)
{
	(void)hartid;
	__atomic_add_fetch(&crasher_arrived, 1, __ATOMIC_ACQ_REL);
	while (!__atomic_load_n(&crasher_go, __ATOMIC_ACQUIRE))
		;
	crasher_store_outside();
}

/* Start the other vCPUs, wait until all spin, then crash together with them. */
static void crasher_all_store(const void *dtb)
{
	unsigned count = guest_fdt_cpu_count(dtb);

	for (unsigned long h = 1; h < count; h++)
		if (guest_hart_start(h, crasher_secondary)) {
			printf("crasher: FAILED to start vCPU %lu\n", h);
			return;
		}
	while (__atomic_load_n(&crasher_arrived, __ATOMIC_ACQUIRE) + 1 < count)
		;
	printf("crasher: boot, %u vCPU%s up, crashing\n", count, count == 1 ? "" : "s");
	__atomic_store_n(&crasher_go, 1, __ATOMIC_RELEASE);
	crasher_store_outside();
}

static void crasher_trap_loop(unsigned long vector)
{
	printf("crasher: boot, trap vector at 0x%lx, faulting\n", vector);
	asm volatile("csrw stvec, %0\n\t"
		     ".4byte 0" /* an illegal instruction */
		     :
		     : "r"(vector)
		     : "memory");
}

int main(unsigned long hartid, const void *dtb)
{
	const char *args = crasher_bootargs(dtb);

	(void)hartid;
	if (!strcmp(args, "failure")) {
		printf("crasher: boot, shutting down for a system failure\n");
		sbi_system_reset(SBI_SRST_SHUTDOWN, SBI_SRST_REASON_SYS_FAILURE);
	} else if (!strncmp(args, CRASHER_TRAP_VECTOR, strlen(CRASHER_TRAP_VECTOR))) {
		crasher_trap_loop(crasher_hex(args + strlen(CRASHER_TRAP_VECTOR)));
	} else {
		crasher_all_store(dtb);
	}
	printf("crasher: FAILED, still running\n");
	return 1;
}
