/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Boot self-tests of the machine's devices Erg drives itself, asked for on
 * the firmware command line (erg.selftest=disk, erg.selftest=rng).
 */
#ifndef CORE_BOOT_SELFTEST_DEVICES_H
#define CORE_BOOT_SELFTEST_DEVICES_H

/* Read, write, flush and read back every disk; one line per step and a verdict. */
void selftest_disk(void);

/* Say how many bytes the entropy source gave. */
void selftest_rng(void);

#endif
