/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Runs an instruction a guest kernel may not: a read of the hypervisor's
 * hstatus CSR. The hart raises a virtual-instruction exception to Erg, which
 * must hand it back as an illegal-instruction exception to the guest's own
 * trap handler (the runtime prints it and shuts the guest down). Natively,
 * in S-mode, the hart raises the same illegal-instruction exception itself.
 */
#include <stdio.h>

#include "guest.h"

int main(unsigned long hartid, const void *dtb)
{
	unsigned long value;

	(void)hartid;
	(void)dtb;
	printf("privileged: reading hstatus\n");
	__asm__ volatile("csrr %0, hstatus" : "=r"(value));
	printf("privileged: ESCAPED, hstatus 0x%lx\n", value);
	return 1;
}
