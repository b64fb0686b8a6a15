/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The scheduler of one physical hart: the vCPUs placed on it, a run queue
 * by priority with round robin and time slices inside a priority, an
 * optional cyclic window table, and the timers of vCPUs blocked in WFI.
 * Every hart runs sched_hart_loop once boot is done.
 */
#ifndef CORE_SCHED_SCHED_HART_H
#define CORE_SCHED_SCHED_HART_H

#include "config/config.h"
#include "vm/vm.h"

/* The running v's exit handler decided it waits (WFI); v->blocked unless a request came. */
void sched_block(struct vcpu *v);

/*
 * Whether v is the only vCPU placed on its hart and no window table rules
 * it: then nothing else could use the hart while v waits, so v may wait in
 * the hart itself. Placement is fixed at boot.
 */
bool sched_hart_alone(const struct vcpu *v);

/* Should the running v give up its hart now (slice over, or a higher priority waits)? */
bool sched_should_yield(const struct vcpu *v);

/* Boot: v runs on hart with this priority and slice (timebase ticks). */
int sched_hart_place(struct vcpu *v, uint64_t hart, unsigned priority, uint64_t slice);

/* Boot: hart follows table (window lengths in timebase ticks), frames counted from start. */
void sched_hart_set_table(uint64_t hart, const struct sched_table *table, uint64_t start);

/* From any hart: v may have become runnable (started, or woken from WFI). */
void sched_wake(struct vcpu *v);

/* This hart's scheduling loop; never returns. */
void sched_hart_loop(void) __attribute__((noreturn));

/* On this hart's timer: wake blocked vCPUs whose timers are due. */
void sched_on_timer(uint64_t now);

/* This hart's next scheduling deadline (slice or window end, a blocked vCPU's timer). */
uint64_t sched_next_deadline(void);

/* The vCPU running on this hart, or NULL. */
struct vcpu *sched_current(void);

#endif
