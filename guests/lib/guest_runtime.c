/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Life and death of a test guest: secondary harts, fatal traps and shutdown.
 * Every way out ends in SBI SRST shutdown, so a test run under QEMU (native
 * or under Erg) ends by itself instead of hanging until a timeout.
 */
#include <stdio.h>
#include <unistd.h>

#include "guest.h"
#include "guest_sbi.h"

/* Entry points from guest_start.S. */
void guest_secondary_start(void);
__attribute__((noreturn)) void guest_secondary_main(unsigned long hartid, unsigned long opaque);
__attribute__((noreturn)) void guest_trap(unsigned long scause, unsigned long sepc,
					  unsigned long stval);

long guest_hart_start(unsigned long hartid, guest_hart_fn fn)
{
	return sbi_hart_start(hartid, (unsigned long)guest_secondary_start, (unsigned long)fn);
}

void guest_secondary_main(unsigned long hartid, unsigned long opaque)
{
	((guest_hart_fn)opaque)(hartid);
	sbi_hart_stop();
	printf("guest: hart %lu failed to stop\n", hartid);
	guest_exit(1);
}

void guest_trap(unsigned long scause, unsigned long sepc, unsigned long stval)
{
	printf("guest: trap scause 0x%lx sepc 0x%lx stval 0x%lx\n", scause, sepc, stval);
	guest_exit(1);
}

void guest_exit(int code)
{
	if (code)
		printf("guest: exit %d\n", code);
	sbi_system_reset(SBI_SRST_SHUTDOWN, 0);
	/* SRST is missing or refused: nothing more a guest can do. */
	for (;;)
		asm volatile("wfi");
}

/* picolibc's exit() and abort() end here. */
void _exit(int code)
{
	guest_exit(code);
}
