/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Asks for a reboot of itself through SBI SRST, again and again. Before each
 * reboot it leaves a marker in RAM the image does not cover; a guest reboot
 * that reloads and zeroes RAM means every boot finds no marker. Natively the
 * whole machine resets, so the same holds there.
 */
#include <stdint.h>
#include <stdio.h>

#include "guest.h"
#include "guest_sbi.h"

#define REBOOT_MARKER_ADDR 0x80100000ul /* below the image at 0x80200000 */
#define REBOOT_MARKER	   0x5245424f4f54ull
#define SBI_RESET_COLD	   1

int main(unsigned long hartid, const void *dtb)
{
	volatile uint64_t *marker = (volatile uint64_t *)REBOOT_MARKER_ADDR;

	(void)dtb;
	printf("reboot: boot on hart %lu, marker %s\n", hartid,
	       *marker == REBOOT_MARKER ? "PRESENT (RAM kept)" : "absent");
	*marker = REBOOT_MARKER;
	printf("reboot: asking for a cold reboot\n");
	sbi_system_reset(SBI_RESET_COLD, 0);
	printf("reboot: FAILED, still running\n");
	return 1;
}
