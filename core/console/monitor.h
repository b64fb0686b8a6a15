/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Erg's console monitor, opened with the escape key: list the guests with
 * their state and exit counts, move the input focus, halt or restart a guest.
 */
#ifndef CORE_CONSOLE_MONITOR_H
#define CORE_CONSOLE_MONITOR_H

#include <stdbool.h>

void monitor_open(void);

/* One typed byte; false once the monitor has closed. */
bool monitor_byte(char c);

#endif
