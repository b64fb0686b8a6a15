/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Unit tests for the run queue (core/sched/sched_queue.c); the accounting is
 * in test_sched_account.c. After every queue operation a checker rebuilds the
 * bitmap and the tails from the lists and compares them with the queue's own.
 * A model test then runs thousands of random enqueues, removes, picks (under
 * random windows) and preemption questions against a plain reference: every
 * queued entity carries a sequence number, and the pick is the eligible one of
 * the highest priority with the lowest number.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <string.h>

#include <cmocka.h>

#include "sched/sched.h"
#include "test_rng.h"

#define POOL 12

static struct sched_queue q;
static struct sched_entity pool[POOL];

static int setup(void **state)
{
	(void)state;
	memset(&q, 0xa5, sizeof(q)); /* init must not rely on a zeroed struct */
	sched_queue_init(&q);
	memset(pool, 0, sizeof(pool));
	return 0;
}

static unsigned level(const struct sched_entity *e)
{
	return e->priority < SCHED_PRIORITIES ? e->priority : SCHED_PRIORITIES - 1;
}

/* The queue is consistent and holds exactly the pool's queued entities. */
static void check_queue(void)
{
	uint32_t bits = 0;
	size_t listed = 0, queued = 0;

	for (unsigned p = 0; p < SCHED_PRIORITIES; p++) {
		struct sched_entity *last = NULL;

		for (struct sched_entity *e = q.head[p]; e; e = e->next) {
			assert_true(e >= pool && e < pool + POOL);
			assert_true(e->queued);
			assert_int_equal(level(e), p);
			assert_true(++listed <= POOL); /* no cycles */
			last = e;
		}
		assert_ptr_equal(q.tail[p], last);
		if (last)
			bits |= 1U << p;
	}
	assert_int_equal(q.nonempty, bits);
	for (size_t i = 0; i < POOL; i++)
		queued += pool[i].queued;
	assert_int_equal(listed, queued);
}

static struct sched_entity *entity(size_t i, unsigned priority, unsigned owner)
{
	pool[i].priority = priority;
	pool[i].owner = owner;
	return &pool[i];
}

static void enqueue(struct sched_entity *e)
{
	sched_enqueue(&q, e);
	check_queue();
}

static void remove_entity(struct sched_entity *e)
{
	sched_remove(&q, e);
	check_queue();
}

static struct sched_entity *pick(const struct sched_window *w)
{
	struct sched_entity *peeked = sched_peek(&q, w), *e = sched_pick(&q, w);

	assert_ptr_equal(peeked, e);
	check_queue();
	if (e)
		assert_false(e->queued);
	return e;
}

static void test_empty(void **state)
{
	(void)state;
	check_queue();
	assert_null(pick(NULL));
	assert_false(sched_preempts(&q, NULL));
}

static void test_round_robin(void **state)
{
	struct sched_entity *a = entity(0, 2, 0), *b = entity(1, 2, 0), *c = entity(2, 2, 0);

	(void)state;
	enqueue(a);
	enqueue(b);
	enqueue(c);
	for (int round = 0; round < 3; round++) {
		assert_ptr_equal(pick(NULL), a);
		enqueue(a);
		assert_ptr_equal(pick(NULL), b);
		enqueue(b);
		assert_ptr_equal(pick(NULL), c);
		enqueue(c);
	}
}

static void test_strict_priority(void **state)
{
	static const unsigned prio[] = {0, 7, 3, 7, 5, 3};
	static const size_t order[] = {1, 3, 4, 2, 5, 0};

	(void)state;
	for (size_t i = 0; i < ARRAY_SIZE(prio); i++)
		enqueue(entity(i, prio[i], 0));
	for (size_t i = 0; i < ARRAY_SIZE(order); i++)
		assert_ptr_equal(pick(NULL), &pool[order[i]]);
	assert_null(pick(NULL));
}

static void test_priority_above_range_is_highest(void **state)
{
	(void)state;
	enqueue(entity(0, 7, 0));
	enqueue(entity(1, 100, 0));
	enqueue(entity(2, 6, 0));
	assert_ptr_equal(q.tail[SCHED_PRIORITIES - 1], &pool[1]);
	remove_entity(&pool[1]);
	assert_ptr_equal(pick(NULL), &pool[0]);
	assert_ptr_equal(pick(NULL), &pool[2]);
}

static void expect_order(const size_t *order, size_t n)
{
	for (size_t i = 0; i < n; i++)
		assert_ptr_equal(pick(NULL), &pool[order[i]]);
	assert_null(pick(NULL));
}

static void test_remove(void **state)
{
	static const size_t rest[] = {1, 3, 5};

	(void)state;
	for (size_t i = 0; i < 6; i++)
		enqueue(entity(i, 4, 0));
	remove_entity(&pool[2]); /* middle */
	remove_entity(&pool[0]); /* head */
	remove_entity(&pool[4]); /* middle */
	assert_ptr_equal(q.tail[4], &pool[5]);
	enqueue(&pool[3]); /* already queued: stays in place */
	expect_order(rest, ARRAY_SIZE(rest));
}

static void test_remove_tail_then_enqueue(void **state)
{
	static const size_t order[] = {0, 2, 1};

	(void)state;
	for (size_t i = 0; i < 3; i++)
		enqueue(entity(i, 1, 0));
	remove_entity(&pool[2]);
	assert_ptr_equal(q.tail[1], &pool[1]);
	remove_entity(&pool[1]);
	assert_ptr_equal(q.tail[1], &pool[0]);
	enqueue(&pool[2]);
	enqueue(&pool[1]);
	expect_order(order, ARRAY_SIZE(order));
}

static void test_remove_last_clears_bit(void **state)
{
	(void)state;
	enqueue(entity(0, 6, 0));
	enqueue(entity(1, 2, 0));
	remove_entity(&pool[0]);
	assert_int_equal(q.nonempty, 1U << 2);
	remove_entity(&pool[0]); /* not queued: no-op */
	remove_entity(&pool[1]);
	assert_int_equal(q.nonempty, 0);
}

static void test_enqueue_twice(void **state)
{
	static const size_t order[] = {0, 1};

	(void)state;
	enqueue(entity(0, 3, 0));
	enqueue(entity(1, 3, 0));
	enqueue(&pool[0]);
	enqueue(&pool[1]);
	expect_order(order, ARRAY_SIZE(order));
}

static void test_preempts(void **state)
{
	struct sched_entity *cur = entity(0, 3, 0);

	(void)state;
	assert_false(sched_preempts(&q, cur));
	enqueue(entity(1, 3, 0));
	assert_false(sched_preempts(&q, cur)); /* equal priority waits for the slice */
	enqueue(entity(2, 2, 0));
	assert_false(sched_preempts(&q, cur));
	assert_true(sched_preempts(&q, NULL));
	enqueue(entity(3, 4, 0));
	assert_true(sched_preempts(&q, cur));
	remove_entity(&pool[3]);
	assert_false(sched_preempts(&q, cur));
}

static void test_window_owner_only(void **state)
{
	const struct sched_window w1 = {.length = 10, .owner = 1};

	(void)state;
	enqueue(entity(0, 7, 0));
	enqueue(entity(1, 2, 1));
	enqueue(entity(2, 5, 1));
	enqueue(entity(3, 5, 1));
	enqueue(entity(4, 6, 2));
	assert_ptr_equal(pick(&w1), &pool[2]);
	assert_ptr_equal(pick(&w1), &pool[3]);
	assert_ptr_equal(pick(&w1), &pool[1]);
	assert_null(pick(&w1)); /* others are queued, but not in this window */
	assert_ptr_equal(pick(NULL), &pool[0]);
}

static void test_window_background(void **state)
{
	const struct sched_window w1 = {.length = 10, .owner = 1, .background = true};

	(void)state;
	enqueue(entity(0, 7, 0));
	enqueue(entity(1, 1, 1));
	enqueue(entity(2, 4, 2));
	assert_ptr_equal(pick(&w1), &pool[1]); /* the owner first, despite its priority */
	assert_ptr_equal(pick(&w1), &pool[0]); /* then anyone, by priority */
	assert_ptr_equal(pick(&w1), &pool[2]);
	assert_null(pick(&w1));
}

static void test_idle_window(void **state)
{
	const struct sched_window idle = {.length = 10, .owner = SCHED_IDLE};
	const struct sched_window lent = {.length = 10, .owner = SCHED_IDLE, .background = true};

	(void)state;
	enqueue(entity(0, 3, 0));
	enqueue(entity(1, 5, 1));
	assert_false(sched_window_owns(&idle, &pool[0]));
	assert_null(pick(&idle));
	assert_false(sched_preempts_in(&q, NULL, &idle));
	assert_ptr_equal(pick(&lent), &pool[1]);
	assert_ptr_equal(pick(&lent), &pool[0]);
}

static void test_preempts_in_window(void **state)
{
	const struct sched_window w1 = {.length = 10, .owner = 1, .background = true};
	struct sched_entity *guest0 = entity(0, 6, 0), *guest1 = entity(1, 2, 1);

	(void)state;
	enqueue(entity(2, 7, 0));
	assert_false(sched_preempts_in(&q, guest1, &w1)); /* owner runs: background waits */
	assert_true(sched_preempts_in(&q, guest0, &w1));  /* background by priority */
	assert_true(sched_preempts(&q, guest0));
	enqueue(entity(3, 1, 1));
	assert_true(sched_preempts_in(&q, guest0, &w1)); /* owner reclaims its window */
	assert_false(sched_preempts_in(&q, guest1, &w1));
	enqueue(entity(4, 3, 1));
	assert_true(sched_preempts_in(&q, guest1, &w1));
}

/* --- the model test --- */

static struct {
	bool queued;
	uint64_t seq;
} model[POOL];
static uint64_t model_seq;
static unsigned below(unsigned n)
{
	return (unsigned)(rng() % n);
}

static bool model_owns(const struct sched_window *w, const struct sched_entity *e)
{
	return w->owner != SCHED_IDLE && (int)e->owner == w->owner;
}

static struct sched_entity *model_best(const struct sched_window *w, bool owners_only)
{
	struct sched_entity *best = NULL;

	for (size_t i = 0; i < POOL; i++) {
		struct sched_entity *e = &pool[i];

		if (!model[i].queued || (owners_only && !model_owns(w, e)))
			continue;
		if (!best || level(e) > level(best) ||
		    (level(e) == level(best) && model[i].seq < model[best - pool].seq))
			best = e;
	}
	return best;
}

static struct sched_entity *model_peek(const struct sched_window *w)
{
	struct sched_entity *e = model_best(w, w != NULL);

	return e || !w || !w->background ? e : model_best(NULL, false);
}

static bool model_preempts(const struct sched_entity *cur, const struct sched_window *w)
{
	const struct sched_entity *next = model_peek(w);

	if (!next || !cur)
		return next != NULL;
	if (w && model_owns(w, next) && !model_owns(w, cur))
		return true;
	if (w && !model_owns(w, next) && model_owns(w, cur))
		return false;
	return level(next) > level(cur);
}

static void random_window(struct sched_window *w)
{
	w->length = 1;
	w->owner = (int)below(5) - 1; /* SCHED_IDLE or guest 0..3 */
	w->background = below(2);
}

static void random_step(void)
{
	struct sched_window win, *w = below(4) ? &win : NULL;
	size_t i = below(POOL);
	struct sched_entity *e = &pool[i], *cur = below(5) ? e : NULL;
	unsigned op = below(100);

	random_window(&win);
	if (op < 35) {
		if (!model[i].queued) {
			entity(i, below(SCHED_PRIORITIES + 2), below(4)); /* 8, 9: out of range */
			model[i].queued = true;
			model[i].seq = model_seq++;
		}
		enqueue(e);
	} else if (op < 55) {
		model[i].queued = false;
		remove_entity(e);
	} else if (op < 85) {
		e = model_peek(w);
		assert_ptr_equal(pick(w), e);
		if (e)
			model[e - pool].queued = false;
	} else {
		assert_int_equal(sched_preempts_in(&q, cur, w), model_preempts(cur, w));
		assert_int_equal(sched_preempts(&q, cur), model_preempts(cur, NULL));
	}
	for (i = 0; i < POOL; i++)
		assert_int_equal(pool[i].queued, model[i].queued);
}

static void test_random_model(void **state)
{
	(void)state;
	for (int run = 0; run < 4; run++) {
		setup(NULL);
		memset(model, 0, sizeof(model));
		for (int step = 0; step < 20000; step++)
			random_step();
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup(test_empty, setup),
	    cmocka_unit_test_setup(test_round_robin, setup),
	    cmocka_unit_test_setup(test_strict_priority, setup),
	    cmocka_unit_test_setup(test_priority_above_range_is_highest, setup),
	    cmocka_unit_test_setup(test_remove, setup),
	    cmocka_unit_test_setup(test_remove_tail_then_enqueue, setup),
	    cmocka_unit_test_setup(test_remove_last_clears_bit, setup),
	    cmocka_unit_test_setup(test_enqueue_twice, setup),
	    cmocka_unit_test_setup(test_preempts, setup),
	    cmocka_unit_test_setup(test_window_owner_only, setup),
	    cmocka_unit_test_setup(test_window_background, setup),
	    cmocka_unit_test_setup(test_idle_window, setup),
	    cmocka_unit_test_setup(test_preempts_in_window, setup),
	    cmocka_unit_test_setup(test_random_model, setup),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
