/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Shared fixture for the split virtqueue tests (test_virtq*.c): a fake guest
 * RAM (a heap buffer standing at guest-physical RAM_BASE) behind a map
 * callback that bounds-checks every range, one queue of QSIZE entries
 * enabled over rings at fixed places in it, and helpers that play the
 * driver: write descriptors, make chains available, read what the device
 * put in the used ring.
 *
 * Header-only on purpose, like vuart_fixture.h: each test_*.c is its own
 * binary, so the static state below belongs to that binary alone.
 */
#ifndef TESTS_UNIT_VIRTQ_FIXTURE_H
#define TESTS_UNIT_VIRTQ_FIXTURE_H

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "virtio/virtq.h"

#define RAM_BASE  0x80000000ULL
#define RAM_SIZE  0x10000ULL
#define RAM_END	  (RAM_BASE + RAM_SIZE)
#define QSIZE	  8
#define DESC_GPA  (RAM_BASE + 0x0000)
#define AVAIL_GPA (RAM_BASE + 0x1000)
#define USED_GPA  (RAM_BASE + 0x2000)
#define TABLE_GPA (RAM_BASE + 0x3000) /* room for indirect tables */
#define BUF_GPA	  (RAM_BASE + 0x8000) /* room for buffers */

static uint8_t *ram;
static struct virtq q;
static struct virtq_chain chain;
static const char *why;
static unsigned map_calls;

/* The honest map: [gpa, gpa + len) wholly inside the fake RAM, no wrap. */
static inline void *ram_map(void *ctx, uint64_t gpa, uint64_t len)
{
	assert_ptr_equal(ctx, &q);
	map_calls++;
	if (gpa < RAM_BASE || gpa - RAM_BASE > RAM_SIZE || len > RAM_END - gpa)
		return NULL;
	return ram + (gpa - RAM_BASE);
}

static const struct virtq_mem mem = {ram_map, &q};

static inline void *at(uint64_t gpa)
{
	return ram + (gpa - RAM_BASE);
}

static inline void put16(uint64_t gpa, uint16_t v)
{
	memcpy(at(gpa), &v, sizeof(v));
}

static inline uint16_t get16(uint64_t gpa)
{
	uint16_t v;

	memcpy(&v, at(gpa), sizeof(v));
	return v;
}

static inline uint32_t get32(uint64_t gpa)
{
	uint32_t v;

	memcpy(&v, at(gpa), sizeof(v));
	return v;
}

/* Entry i of the descriptor table at table_gpa. */
static inline void desc_at(uint64_t table_gpa, unsigned i, uint64_t addr, uint32_t len,
			   uint16_t flags, uint16_t next)
{
	uint8_t *d = at(table_gpa + 16ULL * i);

	memcpy(d, &addr, 8);
	memcpy(d + 8, &len, 4);
	memcpy(d + 12, &flags, 2);
	memcpy(d + 14, &next, 2);
}

static inline void desc(unsigned i, uint64_t addr, uint32_t len, uint16_t flags, uint16_t next)
{
	desc_at(DESC_GPA, i, addr, len, flags, next);
}

/* The available ring: flags at 0, idx at 2, ring[] at 4, used_event after it. */
static inline uint16_t avail_idx(void)
{
	return get16(AVAIL_GPA + 2);
}

static inline void set_avail_idx(uint16_t idx)
{
	put16(AVAIL_GPA + 2, idx);
}

static inline void set_avail_flags(uint16_t flags)
{
	put16(AVAIL_GPA, flags);
}

static inline void set_used_event(uint16_t v)
{
	put16(AVAIL_GPA + 4 + 2ULL * q.size, v);
}

/* Make the chain at head available, as a driver does. */
static inline void offer(uint16_t head)
{
	uint16_t idx = avail_idx();

	put16(AVAIL_GPA + 4 + 2ULL * (idx % q.size), head);
	set_avail_idx((uint16_t)(idx + 1));
}

/* The used ring: flags at 0, idx at 2, {id, len}[] at 4, avail_event after it. */
static inline uint16_t used_idx(void)
{
	return get16(USED_GPA + 2);
}

static inline uint32_t used_id(unsigned slot)
{
	return get32(USED_GPA + 4 + 8ULL * slot);
}

static inline uint32_t used_len(unsigned slot)
{
	return get32(USED_GPA + 8 + 8ULL * slot);
}

static inline uint16_t avail_event(void)
{
	return get16(USED_GPA + 4 + 8ULL * q.size);
}

/* Set the queue's addresses and size, as the transport does before enabling. */
static inline void place(uint32_t size, uint64_t desc_gpa, uint64_t avail_gpa, uint64_t used_gpa)
{
	virtq_reset(&q);
	q.size = size;
	q.desc_gpa = desc_gpa;
	q.avail_gpa = avail_gpa;
	q.used_gpa = used_gpa;
}

/* Enable a queue over fresh rings, as a driver sets one up: both rings zeroed. */
static inline void enable(uint32_t size, bool event_idx)
{
	memset(at(AVAIL_GPA), 0, USED_GPA - AVAIL_GPA);
	memset(at(USED_GPA), 0, TABLE_GPA - USED_GPA);
	place(size, DESC_GPA, AVAIL_GPA, USED_GPA);
	q.event_idx = event_idx;
	why = NULL;
	assert_int_equal(virtq_enable(&q, &mem, &why), 0);
	assert_null(why);
}

static inline int setup(void **state)
{
	(void)state;
	ram = aligned_alloc(4096, RAM_SIZE);
	assert_non_null(ram);
	memset(ram, 0, RAM_SIZE);
	map_calls = 0;
	enable(QSIZE, false);
	return 0;
}

static inline int teardown(void **state)
{
	(void)state;
	free(ram);
	ram = NULL;
	return 0;
}

static inline void pop_one(void)
{
	why = NULL;
	assert_int_equal(virtq_pop(&q, &mem, &chain, &why), 1);
	assert_null(why);
}

/* The next pop must fail saying reason, leave the queue unusable and last_avail where it was. */
static inline void pop_broken(const char *reason)
{
	uint16_t last = q.last_avail;

	why = NULL;
	assert_int_equal(virtq_pop(&q, &mem, &chain, &why), -1);
	assert_non_null(why);
	assert_string_equal(why, reason);
	assert_false(q.ready);
	assert_int_equal(q.last_avail, last);
	assert_false(virtq_has_avail(&q));
}

/* Segment i of the chain must be [gpa, gpa + len) of the fake RAM. */
static inline void expect_seg(unsigned i, uint64_t gpa, uint32_t len)
{
	assert_true(i < chain.count);
	assert_int_equal(chain.seg[i].gpa, gpa);
	assert_int_equal(chain.seg[i].len, len);
	assert_ptr_equal(chain.seg[i].data, at(gpa));
}

#endif
