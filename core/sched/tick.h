/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The periodic tick every hart runs, as a one-shot timer re-armed from its
 * own handler. It proves the timer path works on each hart; the scheduler
 * will take it over.
 */
#ifndef CORE_SCHED_TICK_H
#define CORE_SCHED_TICK_H

#include "lib/types.h"

#define TICK_HZ	    100
#define TICK_REPORT 50 /* ticks after which a hart reports its tick once */

/* Arm the first tick on this hart. */
void tick_start(uint64_t timebase_hz);

/* Program this hart's timer for the earlier of the next tick and the scheduler's deadline. */
void tick_rearm(void);

/*
 * The same, but only when deadline comes before what the timer is set for: a
 * timer that fires early just finds nothing due, while reprogramming it can
 * cost a call into the firmware.
 */
void tick_rearm_by(uint64_t deadline);

/* This hart's timer has nothing left to serve: it is switched off until tick_rearm_by. */
void tick_disarm(void);

/* Timer interrupt on this hart: count a due tick, wake due vCPUs, re-arm. */
void tick_handle(void);

uint64_t tick_count(void);

/* Whether this hart still takes the periodic tick: for good on the console's or the uplink's. */
bool tick_needed_here(void);

#endif
