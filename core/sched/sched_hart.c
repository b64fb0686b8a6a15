/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Per-hart scheduling. Each hart owns a run queue; other harts only add to
 * it (a wake-up) under its lock and kick it. A vCPU runs for one slice at a
 * time: until its slice or window ends, it blocks in WFI, it stops, or a
 * vCPU of higher priority becomes runnable here. Idle, the hart sleeps in
 * WFI with its timer set for the next deadline it knows of.
 */
#include "sched/sched_hart.h"

#include "lib/hart.h"
#include "ports/arch_hooks.h"
#include "sched/tick.h"
#include "vcpu/vcpu_timer.h"
#include "vm/guests.h"

#define SCHED_HART_MAX_VCPUS 16

struct sched_hart {
	spinlock_t lock;
	struct sched_queue queue;
	struct vcpu *placed[SCHED_HART_MAX_VCPUS];
	size_t placed_count;
	struct vcpu *current;
	uint64_t slice_end;
	bool has_table;
	struct sched_table table;
	uint64_t table_start;
};

static struct sched_hart sched_harts[ERG_MAX_HARTS];

static struct sched_hart *sched_hart_of(uint64_t hart)
{
	return &sched_harts[hart < ERG_MAX_HARTS ? hart : 0];
}

/* v's hart's scheduler: found once at placement, as every exit's check reads it. */
static struct sched_hart *sched_home(const struct vcpu *v)
{
	return v->home ? v->home : sched_hart_of(v->hart);
}

static unsigned long sched_lock(struct sched_hart *h)
{
	unsigned long irq = arch_irq_save();

	spin_lock(&h->lock);
	return irq;
}

static void sched_unlock(struct sched_hart *h, unsigned long irq)
{
	spin_unlock(&h->lock);
	arch_irq_restore(irq);
}

static struct vcpu *sched_vcpu(struct sched_entity *e)
{
	return e ? (struct vcpu *)((char *)e - offsetof(struct vcpu, sched)) : NULL;
}

/* Started, running or suspended, not blocked, in a running guest. */
static bool sched_runnable(const struct vcpu *v)
{
	enum vcpu_state s = __atomic_load_n(&v->state, __ATOMIC_ACQUIRE);

	return (s == VCPU_START_PENDING || vcpu_state_started(s)) && !v->blocked &&
	       __atomic_load_n(&v->vm->state, __ATOMIC_ACQUIRE) == VM_RUNNING;
}

int sched_hart_place(struct vcpu *v, uint64_t hart, unsigned priority, uint64_t slice)
{
	struct sched_hart *h = sched_hart_of(hart);

	if (h->placed_count == SCHED_HART_MAX_VCPUS)
		return -1;
	v->hart = hart;
	v->home = h;
	v->sched =
	    (struct sched_entity){.priority = priority, .slice = slice, .owner = v->vm->index};
	h->placed[h->placed_count++] = v;
	return 0;
}

void sched_hart_set_table(uint64_t hart, const struct sched_table *table, uint64_t start)
{
	struct sched_hart *h = sched_hart_of(hart);

	h->table = *table;
	h->table_start = start;
	h->has_table = true;
}

/* The window in force now (NULL without a table) and when the current choice must end. */
static const struct sched_window *sched_window_now(struct sched_hart *h, uint64_t now,
						   uint64_t *end)
{
	*end = UINT64_MAX;
	return h->has_table ? sched_table_at(&h->table, h->table_start, now, end) : NULL;
}

/* Wake v as of time at (its deadline, or now): latency and the current slice count from then. */
/* The same under h's lock, at time now: whether v's hart must look at its queue again. */
static bool sched_wake_locked(struct sched_hart *h, struct vcpu *v, uint64_t at, uint64_t now)
{
	uint64_t end;
	bool kick;

	if (v->blocked) {
		v->blocked = false;
		sched_account_wake(&v->sched, at);
	}
	if (sched_runnable(v) && v != h->current)
		sched_enqueue(&h->queue, &v->sched);
	kick = !h->current ||
	       sched_preempts_in(&h->queue, &h->current->sched, sched_window_now(h, now, &end));
	/* The current vCPU had the hart alone: now it shares, so its slice starts counting. */
	if (h->current && h->queue.nonempty && h->slice_end == UINT64_MAX) {
		h->slice_end = sched_slice_end(&h->current->sched, at);
		kick = true;
	}
	return kick;
}

static void sched_wake_at(struct vcpu *v, uint64_t at)
{
	struct sched_hart *h = sched_home(v);
	uint64_t now = arch_time_now();
	unsigned long irq = sched_lock(h);
	bool kick = sched_wake_locked(h, v, at, now);

	sched_unlock(h, irq);
	/* A hart still down looks at its queue when it comes up. */
	if (kick && v->hart != hart_self() && hart_is_online(v->hart))
		arch_hart_kick(v->hart);
}

void sched_wake(struct vcpu *v)
{
	sched_wake_at(v, arch_time_now());
}

/* The full check: the slice's end, then a queued vCPU or the window table, under the lock. */
static __attribute__((noinline)) bool sched_should_yield_slow(struct sched_hart *h,
							      const struct vcpu *v)
{
	uint64_t now = arch_time_now(), end;
	unsigned long irq;
	bool yield;

	if (now >= h->slice_end)
		return true;
	if (!h->has_table && !__atomic_load_n(&h->queue.nonempty, __ATOMIC_ACQUIRE))
		return false;
	irq = sched_lock(h);
	yield = sched_preempts_in(&h->queue, &v->sched, sched_window_now(h, now, &end));
	sched_unlock(h, irq);
	return yield;
}

bool sched_hart_alone(const struct vcpu *v)
{
	const struct sched_hart *h = sched_home(v);

	return h->placed_count == 1 && !h->has_table;
}

/*
 * Called by the running vCPU's exit handlers: should it give the hart up now?
 * A vCPU alone on its hart with no window table has no slice end and nothing
 * can preempt it: that is most exits, so they are answered without reading
 * the time or taking the lock. A vCPU queued meanwhile by another hart sets
 * a slice end and comes with a kick, which brings it to the next check.
 */
bool sched_should_yield(const struct vcpu *v)
{
	struct sched_hart *h = sched_home(v);

	if (h->slice_end == UINT64_MAX && !h->has_table &&
	    !__atomic_load_n(&h->queue.nonempty, __ATOMIC_ACQUIRE))
		return false;
	return sched_should_yield_slow(h, v);
}

void sched_block(struct vcpu *v)
{
	struct sched_hart *h = sched_home(v);
	unsigned long irq = sched_lock(h);

	/*
	 * Blocked first, then the requests read, with a full fence between; a
	 * requester writes its request, then reads blocked (vcpu_request_async).
	 * So one of the two sees the other: a request that arrived meanwhile (an
	 * IPI, a device) keeps the vCPU awake, or its requester wakes it.
	 */
	__atomic_store_n(&v->blocked, true, __ATOMIC_RELAXED);
	__atomic_thread_fence(__ATOMIC_SEQ_CST);
	if (__atomic_load_n(&v->requests, __ATOMIC_RELAXED))
		__atomic_store_n(&v->blocked, false, __ATOMIC_RELAXED);
	else
		sched_account_block(&v->sched, arch_time_now());
	sched_unlock(h, irq);
}

/* Under h's lock, on h's own hart: wake its vCPUs whose deadlines have passed. */
static void sched_wake_expired(struct sched_hart *h, uint64_t now)
{
	for (size_t i = 0; i < h->placed_count; i++) {
		struct vcpu *v = h->placed[i];
		uint64_t deadline = v->blocked ? vcpu_timer_wake_deadline(v) : UINT64_MAX;

		if (deadline <= now)
			(void)sched_wake_locked(h, v, deadline, now); /* this hart looks anyway */
	}
}

/* Whether one of h's vCPUs waits for a deadline already passed; looked at without the lock. */
static bool sched_any_expired(const struct sched_hart *h, uint64_t now)
{
	for (size_t i = 0; i < h->placed_count; i++) {
		const struct vcpu *v = h->placed[i];

		if (__atomic_load_n(&v->blocked, __ATOMIC_RELAXED) &&
		    vcpu_timer_wake_deadline(v) <= now)
			return true;
	}
	return false;
}

void sched_on_timer(uint64_t now)
{
	struct sched_hart *h = sched_hart_of(hart_self());
	unsigned long irq;

	/* Most timer interrupts are the running vCPU's own deadline or a tick: no lock then. */
	if (!sched_any_expired(h, now))
		return;
	irq = sched_lock(h);
	sched_wake_expired(h, now);
	sched_unlock(h, irq);
}

/*
 * When the hart must look at blocked v's deadline. A vCPU that would not take
 * the hart from the current one by priority need not interrupt it there: it
 * could only have it once the current slice, counted from that deadline,
 * ends (or when the current vCPU gives the hart up first, when the loop wakes
 * it). Under a window table every deadline is kept as it is.
 */
static uint64_t sched_wake_deadline(const struct sched_hart *h, const struct vcpu *v)
{
	uint64_t deadline = vcpu_timer_wake_deadline(v);

	if (h->current && !h->has_table && !sched_outranks(&v->sched, &h->current->sched))
		return sched_slice_end(&h->current->sched, deadline);
	return deadline;
}

/* next, or the end of the table's current window if that comes first. */
static __attribute__((noinline)) uint64_t sched_next_window_end(struct sched_hart *h, uint64_t next)
{
	uint64_t end;

	sched_table_at(&h->table, h->table_start, arch_time_now(), &end);
	return end < next ? end : next;
}

uint64_t sched_next_deadline(void)
{
	struct sched_hart *h = sched_hart_of(hart_self());
	uint64_t next = h->current ? h->slice_end : UINT64_MAX;

	/* Without Sstc the running vCPU's timer is Erg's to raise. */
	if (h->current && !guests_sstc() && h->current->timer_deadline < next)
		next = h->current->timer_deadline;

	for (size_t i = 0; i < h->placed_count; i++) {
		struct vcpu *v = h->placed[i];
		uint64_t d = v->blocked ? sched_wake_deadline(h, v) : UINT64_MAX;

		next = d < next ? d : next;
	}
	return h->has_table ? sched_next_window_end(h, next) : next;
}

struct vcpu *sched_current(void)
{
	return sched_hart_of(hart_self())->current;
}

/* Pick what runs next and until when; NULL: nothing, the hart idles. */
static struct vcpu *sched_choose(struct sched_hart *h, uint64_t now)
{
	unsigned long irq = sched_lock(h);
	uint64_t window_end;
	const struct sched_window *w = sched_window_now(h, now, &window_end);
	struct vcpu *v;

	do
		v = sched_vcpu(sched_pick(&h->queue, w));
	while (v && !sched_runnable(v));
	h->current = v;
	/* Alone on the hart, a vCPU runs on until someone else wakes (sched_wake). */
	h->slice_end = v && h->queue.nonempty ? sched_slice_end(&v->sched, now) : UINT64_MAX;
	if (h->slice_end > window_end)
		h->slice_end = window_end;
	sched_unlock(h, irq);
	return v;
}

/* Sleep until an interrupt; it is taken in Erg's own trap path before returning. */
static void sched_idle(void)
{
	tick_rearm();
	arch_wait_for_interrupt();
	arch_irq_enable();
	(void)arch_irq_save();
}

static void sched_run(struct sched_hart *h, struct vcpu *v, uint64_t start)
{
	unsigned long irq;
	uint64_t now;

	sched_account_dispatch(&v->sched, start);
	v->slice_start = start;
	vcpu_run_slice(v);
	now = arch_time_now();
	irq = sched_lock(h);
	sched_account_run(&v->sched, start, now);
	h->current = NULL;
	if (sched_runnable(v)) {
		sched_enqueue(&h->queue, &v->sched);
		sched_account_preempt(&v->sched, now);
	}
	sched_wake_expired(h, now); /* deadlines that passed while v ran on */
	sched_unlock(h, irq);
}

void sched_hart_loop(void)
{
	struct sched_hart *h = sched_hart_of(hart_self());

	vcpu_arch_hart_init();
	(void)arch_irq_save(); /* interrupts are taken only where the loop says so */
	for (;;) {
		uint64_t now = arch_time_now();
		struct vcpu *v = sched_choose(h, now);

		if (v)
			sched_run(h, v, now);
		else
			sched_idle();
	}
}
