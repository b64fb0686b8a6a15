/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The smallest guest: proves entry (a0 hart id, a1 device tree), the SBI
 * console, the device tree's timebase and SRST shutdown, which ends the run.
 */
#include <stdio.h>

#include "guest.h"
#include "guest_time.h"

int main(unsigned long hartid, const void *dtb)
{
	printf("hello from hart %lu, dtb at 0x%lx\n", hartid, (unsigned long)dtb);
	time_init(dtb);
	printf("hello: timebase %lu Hz\n", (unsigned long)time_frequency());
	printf("hello: done\n");
	return 0;
}
