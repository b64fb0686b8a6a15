/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Per-hart run queues: one FIFO per priority and a bitmap of the non-empty
 * ones, so the plain pick is a count-leading-zeros and a dequeue. A window of
 * a cyclic table narrows the pick to its owner's entities; that walks the
 * lists, which is cheap for the few vCPUs a hart carries.
 */
#include "sched/sched.h"

#include "lib/panic.h"

/* The highest set bit of a nonzero priority mask, in three steps and without libgcc's clz. */
static unsigned highest_bit(uint32_t bits)
{
	unsigned p = 0;

	_Static_assert(SCHED_PRIORITIES <= 8, "three halvings cover the mask");
	if (bits >> 4) {
		bits >>= 4;
		p += 4;
	}
	if (bits >> 2) {
		bits >>= 2;
		p += 2;
	}
	return p + (bits >> 1);
}

void sched_queue_init(struct sched_queue *q)
{
	q->nonempty = 0;
	for (unsigned p = 0; p < SCHED_PRIORITIES; p++)
		q->head[p] = q->tail[p] = NULL;
}

void sched_enqueue(struct sched_queue *q, struct sched_entity *e)
{
	unsigned p = sched_level(e);

	if (e->queued)
		return;
	e->next = NULL;
	if (q->tail[p])
		q->tail[p]->next = e;
	else
		q->head[p] = e;
	q->tail[p] = e;
	q->nonempty |= 1U << p;
	e->queued = true;
}

/* Take the entity after prev (the head if prev is NULL) off list p and return it. */
static struct sched_entity *unlink_after(struct sched_queue *q, unsigned p,
					 struct sched_entity *prev)
{
	struct sched_entity *e = prev ? prev->next : q->head[p];

	if (prev)
		prev->next = e->next;
	else
		q->head[p] = e->next;
	if (q->tail[p] == e)
		q->tail[p] = prev;
	if (!q->head[p])
		q->nonempty &= ~(1U << p);
	e->next = NULL;
	e->queued = false;
	return e;
}

void sched_remove(struct sched_queue *q, struct sched_entity *e)
{
	unsigned p = sched_level(e);
	struct sched_entity *prev = NULL, *it;

	if (!e->queued)
		return;
	for (it = q->head[p]; it && it != e; it = it->next)
		prev = it;
	if (!it)
		panic("sched: queued entity %p missing from priority %u", (void *)e, p);
	unlink_after(q, p, prev);
}

bool sched_window_owns(const struct sched_window *w, const struct sched_entity *e)
{
	return w->owner >= 0 && e->owner == (unsigned)w->owner;
}

/*
 * The first entity, highest priority first, that w owns (any entity if w is
 * NULL), with its level and predecessor for unlinking.
 */
static struct sched_entity *find(const struct sched_queue *q, const struct sched_window *w,
				 unsigned *level, struct sched_entity **prev)
{
	for (uint32_t bits = q->nonempty; bits; bits &= ~(1U << *level)) {
		*level = highest_bit(bits);
		*prev = NULL;
		for (struct sched_entity *e = q->head[*level]; e; *prev = e, e = e->next)
			if (!w || sched_window_owns(w, e))
				return e;
	}
	return NULL;
}

/* find() under window w's rules: the owner's first, else anyone's if w lends it. */
static struct sched_entity *find_in(const struct sched_queue *q, const struct sched_window *w,
				    unsigned *level, struct sched_entity **prev)
{
	struct sched_entity *e = find(q, w, level, prev);

	if (!e && w && w->background)
		e = find(q, NULL, level, prev);
	return e;
}

struct sched_entity *sched_pick(struct sched_queue *q, const struct sched_window *w)
{
	struct sched_entity *prev;
	unsigned p;

	/* Without a window the head of the highest list it is: no walk. */
	if (!w)
		return q->nonempty ? unlink_after(q, highest_bit(q->nonempty), NULL) : NULL;
	if (!find_in(q, w, &p, &prev))
		return NULL;
	return unlink_after(q, p, prev);
}

struct sched_entity *sched_peek(const struct sched_queue *q, const struct sched_window *w)
{
	struct sched_entity *prev;
	unsigned p;

	return find_in(q, w, &p, &prev);
}

bool sched_preempts_in(const struct sched_queue *q, const struct sched_entity *current,
		       const struct sched_window *w)
{
	const struct sched_entity *next = sched_peek(q, w);

	if (!next)
		return false;
	if (!current)
		return true;
	/* In a window the owner outranks background entities, whatever their priority. */
	if (w && sched_window_owns(w, next) != sched_window_owns(w, current))
		return sched_window_owns(w, next);
	return sched_outranks(next, current);
}

bool sched_preempts(const struct sched_queue *q, const struct sched_entity *current)
{
	return sched_preempts_in(q, current, NULL);
}
