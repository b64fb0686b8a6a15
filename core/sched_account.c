/*
 * Per-entity accounting in timebase ticks: CPU time and slices, and the
 * latency from becoming runnable after a block to running again. Also when
 * a slice ends, so the caller can program the next decision point.
 */
#include "sched.h"

void sched_account_run(struct sched_entity *e, uint64_t start, uint64_t end)
{
	if (end > start)
		e->run_time += end - start;
	e->slices++;
}

void sched_account_wake(struct sched_entity *e, uint64_t now)
{
	if (e->woken_at)
		return; /* a second wake-up before running: latency counts from the first */
	/* 0 means "not waiting"; a wake-up at tick 0 is recorded one tick late. */
	e->woken_at = now ? now : 1;
}

void sched_account_dispatch(struct sched_entity *e, uint64_t now)
{
	uint64_t latency;

	if (!e->woken_at)
		return;
	latency = now > e->woken_at ? now - e->woken_at : 0;
	if (latency > e->wake_latency_max)
		e->wake_latency_max = latency;
	e->wake_latency_sum += latency;
	e->wakeups++;
	e->woken_at = 0;
}
