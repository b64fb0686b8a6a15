/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Stop on a broken invariant of Erg itself. Never for guest behaviour: a
 * guest's mistakes are reflected to it or stop that guest only.
 */
#ifndef CORE_LIB_PANIC_H
#define CORE_LIB_PANIC_H

void panic(const char *fmt, ...) __attribute__((noreturn, format(printf, 1, 2)));

#endif
