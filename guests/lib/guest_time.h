/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Time for the test guests: the time CSR, its frequency from the device
 * tree, and busy-wait delays (no timer interrupts needed).
 */
#ifndef GUESTS_LIB_GUEST_TIME_H
#define GUESTS_LIB_GUEST_TIME_H

#include <stdint.h>

/* Reads /cpus/timebase-frequency; until then (or without it) 10 MHz is assumed. */
void time_init(const void *dtb);
uint64_t time_now(void);
uint64_t time_frequency(void);
uint64_t time_us_to_ticks(uint64_t us);
/* Spins until time_now() reaches deadline. */
void time_wait_until(uint64_t deadline);
void time_delay_us(uint64_t us);

#endif
