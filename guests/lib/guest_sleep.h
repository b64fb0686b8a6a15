/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Sleeping in WFI until a timer deadline, for guests that wait rather than
 * spin: the timer interrupt is taken by a small handler that records when it
 * came, so a guest can also measure how late it woke.
 */
#ifndef GUESTS_LIB_GUEST_SLEEP_H
#define GUESTS_LIB_GUEST_SLEEP_H

#include <stdint.h>

/* Take timer interrupts on this hart from now on (call once, before sleep_until). */
void sleep_init(unsigned long hartid);

/* Sleep until the timer fires at deadline (timebase ticks); returns when it was taken. */
uint64_t sleep_until(uint64_t deadline);

#endif
