/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The scheduler's policy, free of any hart: per-hart run queues with fixed
 * priorities and round robin among equals, per-entity accounting in timebase
 * ticks, and ARINC-653 style cyclic window tables. Plain data structures, no
 * locks: each hart owns its queue, and whoever wakes an entity from another
 * hart takes that hart's lock around these calls.
 */
#ifndef CORE_SCHED_SCHED_H
#define CORE_SCHED_SCHED_H

#include "lib/types.h"

#define SCHED_PRIORITIES  8 /* 0 lowest .. 7 highest */
#define SCHED_MAX_WINDOWS 16
#define SCHED_IDLE	  (-1) /* owner of a window no guest owns */

/* One window of a cyclic table: the owner's entities may run in it. */
struct sched_window {
	uint64_t length; /* timebase ticks */
	int owner;	 /* guest index, or SCHED_IDLE */
	bool background; /* when the owner has nothing to run, others may */
};

/* The cyclic table of one hart: a major frame of windows, repeated for ever. */
struct sched_table {
	uint64_t frame; /* timebase ticks; the window lengths sum to it */
	size_t count;
	struct sched_window windows[SCHED_MAX_WINDOWS];
};

/*
 * What the scheduler knows of a vCPU; embedded in struct vcpu. priority and
 * owner must not change while the entity is queued.
 */
struct sched_entity {
	struct sched_entity *next; /* run-queue link */
	unsigned priority;	   /* above SCHED_PRIORITIES - 1 counts as the highest */
	uint64_t slice;		   /* time slice in timebase ticks; 0: no limit */
	bool queued;
	unsigned owner; /* guest index, for window tables */
	/* accounting, in timebase ticks */
	uint64_t run_time, slices;
	uint64_t blocked_at;   /* when it last blocked */
	uint64_t woken_at;     /* when it became runnable after a block; 0: not waiting */
	uint64_t preempted_at; /* when it left the hart still runnable; 0: it did not */
	uint64_t wake_latency_max, wake_latency_sum, wakeups;
	uint64_t steal; /* time it was runnable and not running (SBI STA) */
};

/* The runnable, not running entities of one hart: a FIFO per priority. */
struct sched_queue {
	uint32_t nonempty; /* bit p: a runnable entity of priority p is queued */
	struct sched_entity *head[SCHED_PRIORITIES], *tail[SCHED_PRIORITIES];
};

/* Empty the queue (the struct need not be zeroed before). */
void sched_queue_init(struct sched_queue *q);
/* Queue e at the tail of its priority; no-op if e is already queued. */
void sched_enqueue(struct sched_queue *q, struct sched_entity *e);
/* Take e off the queue; no-op if e is not queued. */
void sched_remove(struct sched_queue *q, struct sched_entity *e);
/*
 * Dequeue and return the head of the highest non-empty priority, or NULL.
 * Without a window (w NULL) this is O(1) through the bitmap. With one, only
 * entities of w->owner may be picked (the highest priority first, FIFO among
 * equals), or, when w->background is set and none of the owner's is queued,
 * any entity; this walks the queue, which holds a handful of vCPUs.
 */
struct sched_entity *sched_pick(struct sched_queue *q, const struct sched_window *w);
/* What sched_pick(q, w) would return, without dequeuing it. */
struct sched_entity *sched_peek(const struct sched_queue *q, const struct sched_window *w);
/* True when a queued entity outranks current (or current is NULL and one is queued). */
bool sched_preempts(const struct sched_queue *q, const struct sched_entity *current);

/* The list e lives on; out-of-range priorities count as the highest. */
static inline unsigned sched_level(const struct sched_entity *e)
{
	return e->priority < SCHED_PRIORITIES ? e->priority : SCHED_PRIORITIES - 1;
}

/* Whether e, runnable, would take the hart from current by priority alone. */
static inline bool sched_outranks(const struct sched_entity *e, const struct sched_entity *current)
{
	return sched_level(e) > sched_level(current);
}
/*
 * sched_preempts within window w (NULL: no window): true when sched_peek(q, w)
 * should run instead of current, i.e. current is NULL, or the owner's entity
 * reclaims its window from a background one, or both are of one kind and the
 * queued one has the higher priority. Leaving a window is the caller's job:
 * at its end it reschedules whatever runs.
 */
bool sched_preempts_in(const struct sched_queue *q, const struct sched_entity *current,
		       const struct sched_window *w);
/* True when e belongs to w's owner (never for an idle window). */
bool sched_window_owns(const struct sched_window *w, const struct sched_entity *e);

/*
 * Accounting in timebase ticks, inline as it runs at every switch: CPU time
 * and slices, and the latency from becoming runnable after a block to
 * running again.
 */

/* e ran from start to end: add end - start to run_time (0 if end < start) and count a slice. */
static inline void sched_account_run(struct sched_entity *e, uint64_t start, uint64_t end)
{
	if (end > start)
		e->run_time += end - start;
	e->slices++;
}

/* e blocks at now. */
static inline void sched_account_block(struct sched_entity *e, uint64_t now)
{
	e->blocked_at = now;
}

/*
 * e's wake-up is due at at (a deadline, or now): it became runnable then, or
 * when it blocked if that was later (a deadline already past when it blocked
 * is no wait). Remembered unless it is already waiting since earlier.
 */
static inline void sched_account_wake(struct sched_entity *e, uint64_t at)
{
	if (e->woken_at)
		return;
	if (at < e->blocked_at)
		at = e->blocked_at;
	/* 0 means "not waiting"; a wake-up at tick 0 is recorded one tick late. */
	e->woken_at = at ? at : 1;
}

/* e left the hart at now still runnable: it waits from then on. */
static inline void sched_account_preempt(struct sched_entity *e, uint64_t now)
{
	e->preempted_at = now;
}

/*
 * e starts running at now: the time it waited since it became runnable, after
 * a block or a preemption, is stolen; after a block it is also a wake-up's
 * latency (max, sum, count).
 */
static inline void sched_account_dispatch(struct sched_entity *e, uint64_t now)
{
	uint64_t latency, since = e->woken_at ? e->woken_at : e->preempted_at;

	if (since && now > since)
		e->steal += now - since;
	e->preempted_at = 0;
	if (!e->woken_at)
		return;
	latency = now > e->woken_at ? now - e->woken_at : 0;
	if (latency > e->wake_latency_max)
		e->wake_latency_max = latency;
	e->wake_latency_sum += latency;
	e->wakeups++;
	e->woken_at = 0;
}
/* When a slice of e started at now ends: now + slice, UINT64_MAX if unlimited or past 2^64. */
static inline uint64_t sched_slice_end(const struct sched_entity *e, uint64_t now)
{
	if (!e->slice || e->slice > UINT64_MAX - now)
		return UINT64_MAX;
	return now + e->slice;
}

/*
 * 0 when t is a usable table, else -1 with the reason in why (len bytes, may be
 * 0): "no windows", "more than 16 windows", "window 3 has length 0", "window 3
 * has owner -2", "windows sum to X, not the frame Y", "windows sum past 2^64,
 * not the frame Y".
 */
int sched_table_check(const struct sched_table *t, char *why, size_t len);
/*
 * The window in force at now for a table (passing sched_table_check) started at
 * start, and in *end (if end is not NULL) the tick at which it ends, UINT64_MAX
 * if past 2^64. A window ends exactly where the next begins. Before start the
 * frames repeat backwards alike. NULL for a table without frame or windows.
 */
const struct sched_window *sched_table_at(const struct sched_table *t, uint64_t start, uint64_t now,
					  uint64_t *end);

#endif
