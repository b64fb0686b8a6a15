/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Erg's boot sequence, entered from arch code once a hart has a stack,
 * thread-local storage and a trap vector.
 */
#ifndef CORE_BOOT_BOOT_H
#define CORE_BOOT_BOOT_H

#include "platform/platform.h"

/* The boot hart: firmware DTB in, never returns. */
void boot_main(uint64_t hartid, paddr_t dtb) __attribute__((noreturn));

/*
 * Every other hart, started by the boot hart through SBI HSM. misdirected:
 * the firmware sent it to the boot entry while starting it (an OpenSBI 1.1
 * race), which the log says.
 */
void boot_secondary_main(uint64_t hartid, bool misdirected) __attribute__((noreturn));

/* Print the boot summary of what the firmware DTB describes. */
void boot_summary_print(const struct platform *p, uint64_t boot_hart);

/* Start every other hart and wait until they report in or time runs out. */
void boot_start_harts(const struct platform *p, uint64_t boot_hart);

#endif
