/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Periodic tick. Each deadline is the previous one plus the period, so the
 * tick does not drift with handler latency; a hart that fell behind (a long
 * stall under emulation) skips to the next period ahead rather than taking a
 * burst of stale ticks.
 */
#include "sched/tick.h"

#include "console/console.h"
#include "console/console_input.h"
#include "lib/hart.h"
#include "ports/arch_hooks.h"
#include "ports/host_disk.h"
#include "ports/uart_console.h"
#include "sched/sched_hart.h"
#include "virtio/uplink.h"

struct tick_state {
	uint64_t period;
	uint64_t deadline;
	uint64_t started;
	uint64_t count;
	uint64_t timebase_hz;
	uint64_t programmed; /* the hart timer's deadline, as last set */
	/* This hart polls the console UART, or serves the uplink (fixed before ticks start). */
	bool input_hart;
};

static __thread struct tick_state tick;

void tick_start(uint64_t timebase_hz)
{
	tick.timebase_hz = timebase_hz;
	tick.input_hart = uart_console_is_input_hart(hart_self()) || uplink_on_hart(hart_self());
	tick.period = timebase_hz / TICK_HZ;
	tick.started = arch_time_now();
	tick.deadline = tick.started + tick.period;
	tick_rearm();
}

/*
 * The periodic tick serves the console's hart (prompts, polled input) and
 * the uplink's (its receive budget), and reports once; elsewhere every deadline the hart has is the
 * scheduler's, so a hart whose one vCPU runs undisturbed takes no timer interrupts at all.
 */
bool tick_needed_here(void)
{
	return tick.count < TICK_REPORT || tick.input_hart;
}

void tick_rearm(void)
{
	uint64_t next = sched_next_deadline();

	if (tick_needed_here() && tick.deadline < next)
		next = tick.deadline;
	tick.programmed = next;
	arch_timer_program(next);
}

void tick_rearm_by(uint64_t deadline)
{
	if (deadline < tick.programmed)
		tick_rearm();
}

void tick_disarm(void)
{
	tick.programmed = UINT64_MAX;
	arch_timer_program(UINT64_MAX);
}

static void tick_report(uint64_t now)
{
	uint64_t ms = (now - tick.started) * 1000 / tick.timebase_hz;

	console_log("hart %llu: tick running, %llu ticks in %llu ms (%s timer)",
		    (unsigned long long)hart_self(), (unsigned long long)tick.count,
		    (unsigned long long)ms, arch_timer_name());
}

void tick_handle(void)
{
	uint64_t now = arch_time_now();

	/* The one timer also serves the scheduler, so not every interrupt is a tick. */
	if (now >= tick.deadline && tick_needed_here()) {
		tick.count++;
		tick.deadline += tick.period;
		if (tick.deadline <= now)
			tick.deadline = now + tick.period - (now - tick.deadline) % tick.period;
		if (tick.count == TICK_REPORT)
			tick_report(now);
		console_input_poll();
		uplink_tick();
		host_disk_poll();
	}
	sched_on_timer(now);
	tick_rearm();
}

uint64_t tick_count(void)
{
	return tick.count;
}
