/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * rdtime: prints the hart's time counter (timebase ticks since the machine
 * started). BusyBox has no applet for it, and with QEMU's -icount it tells
 * how long the boot took, natively and under Erg (tests, tools/bench.py).
 */
#include <stdio.h>

int main(void)
{
	unsigned long t;

	__asm__ volatile("rdtime %0" : "=r"(t));
	printf("%lu\n", t);
	return 0;
}
