/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * A hostile guest for isolation tests: reads guest-physical 0xA0000000,
 * 512 MiB above RAM base, which is host RAM on a large enough machine but in
 * no test config's guest map. Under Erg the load takes a G-stage fault and
 * Erg stops this guest, so "ESCAPED" must never appear. Run natively there
 * is no hypervisor: with -m 1G the read simply succeeds and prints ESCAPED;
 * with less RAM the address is unbacked and the trap handler reports a load
 * access fault. Both are expected natively.
 */
#include <stdint.h>
#include <stdio.h>

#include "guest.h"

#define ATTACKER_TARGET 0xa0000000ul

int main(unsigned long hartid, const void *dtb)
{
	(void)hartid;
	(void)dtb;
	printf("attacker: reading 0x%lx\n", ATTACKER_TARGET);
	uint64_t value = *(volatile uint64_t *)ATTACKER_TARGET;

	printf("attacker: ESCAPED, read 0x%lx\n", (unsigned long)value);
	return 0;
}
