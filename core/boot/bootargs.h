/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Erg's own options on the firmware command line (/chosen/bootargs, set by
 * QEMU's -append): space-separated words such as "erg.selftest=fault".
 */
#ifndef CORE_BOOT_BOOTARGS_H
#define CORE_BOOT_BOOTARGS_H

#include "lib/types.h"

/* True when args (may be NULL) holds the word opt exactly. */
bool bootargs_has(const char *args, const char *opt);

#endif
