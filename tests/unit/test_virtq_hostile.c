/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The split virtqueue (core/virtio/virtq.c) against a driver that breaks the rules:
 * indexes beyond the rings, loops, chains too long, misshapen or nested
 * indirect tables, buffers outside or straddling guest RAM or wrapping the
 * address space, readable after writable, an available index run ahead. Each
 * must fail with its reason and leave a queue that touches RAM no more. Maps
 * that misbehave (no wrap check, misaligned host pointers) are caught too.
 */
#include <sanitizer/asan_interface.h>

#include "virtq_fixture.h"

/* A map that forgets about wrap-around: the walker must not depend on the callback for that. */
static void *lax_map(void *ctx, uint64_t gpa, uint64_t len)
{
	(void)ctx;
	if (gpa < RAM_BASE || gpa + len > RAM_END)
		return NULL;
	return ram + (gpa - RAM_BASE);
}

static const struct virtq_mem lax_mem = {lax_map, NULL};

/* A map that hands out host pointers one byte off, as a broken RAM mapping would. */
static void *odd_map(void *ctx, uint64_t gpa, uint64_t len)
{
	uint8_t *p = ram_map(ctx, gpa, len);

	return p ? p + 1 : NULL;
}

/* The rings are accessed atomically, so the host side must be aligned as well. */
static void test_enable_checks_host_alignment(void **state)
{
	const struct virtq_mem odd = {odd_map, &q};

	(void)state;
	place(QSIZE, DESC_GPA, AVAIL_GPA, USED_GPA);
	assert_int_equal(virtq_enable(&q, &odd, &why), -1);
	assert_string_equal(why, "descriptor table not aligned to 16 bytes");
	assert_false(q.ready);
}

/* Offer a chain of the one descriptor head, which describes [addr, addr + len). */
static void offer_one(uint16_t head, uint64_t addr, uint32_t len, uint16_t flags)
{
	desc(head, addr, len, flags, 0);
	offer(head);
}

static void test_head_out_of_range(void **state)
{
	(void)state;
	offer(QSIZE);
	pop_broken("chain head beyond the descriptor table");
	enable(QSIZE, false);
	offer(0xffff);
	pop_broken("chain head beyond the descriptor table");
}

static void test_next_out_of_range(void **state)
{
	(void)state;
	desc(0, BUF_GPA, 1, VIRTQ_DESC_F_NEXT, QSIZE);
	offer(0);
	pop_broken("descriptor index beyond the table");
}

static void test_loops(void **state)
{
	(void)state;
	desc(2, BUF_GPA, 1, VIRTQ_DESC_F_NEXT, 2);
	offer(2);
	pop_broken("descriptor chain loops or is longer than the queue");
	/* Empty buffers add no segment, so only the visit count can stop this one. */
	enable(QSIZE, false);
	desc(1, BUF_GPA, 0, VIRTQ_DESC_F_NEXT, 3);
	desc(3, BUF_GPA, 0, VIRTQ_DESC_F_NEXT, 1);
	offer(1);
	pop_broken("descriptor chain loops or is longer than the queue");
}

static void test_chain_of_size_ok_longer_broken(void **state)
{
	(void)state;
	for (unsigned i = 0; i < QSIZE; i++)
		desc(i, BUF_GPA + i, 1, i + 1 < QSIZE ? VIRTQ_DESC_F_NEXT : 0, (uint16_t)(i + 1));
	offer(0);
	pop_one();
	assert_int_equal(chain.count, QSIZE);
	desc(QSIZE - 1, BUF_GPA + QSIZE - 1, 1, VIRTQ_DESC_F_NEXT, 0); /* back to the head */
	offer(0);
	map_calls = 0;
	pop_broken("descriptor chain loops or is longer than the queue");
	assert_int_equal(map_calls, QSIZE); /* stopped before taking a descriptor twice */
}

static void make_long_chain(unsigned buffers)
{
	enable(VIRTQ_MAX_SIZE, false);
	for (unsigned i = 0; i < buffers; i++) {
		/* An empty buffer between each pair: skipped, not counted. */
		desc(2 * i, BUF_GPA + i, 1, VIRTQ_DESC_F_NEXT, (uint16_t)(2 * i + 1));
		desc(2 * i + 1, 0, 0, i + 1 < buffers ? VIRTQ_DESC_F_NEXT : 0,
		     (uint16_t)(2 * i + 2));
	}
	offer(0);
}

static void test_too_many_segments(void **state)
{
	(void)state;
	make_long_chain(VIRTQ_MAX_SEGS);
	pop_one();
	assert_int_equal(chain.count, VIRTQ_MAX_SEGS);
	assert_int_equal(chain.read_len, VIRTQ_MAX_SEGS);
	make_long_chain(VIRTQ_MAX_SEGS + 1);
	pop_broken("chain has more than 64 buffers");
}

static void test_nested_indirect(void **state)
{
	(void)state;
	desc(0, TABLE_GPA, 32, VIRTQ_DESC_F_INDIRECT, 0);
	desc_at(TABLE_GPA, 0, BUF_GPA, 1, VIRTQ_DESC_F_NEXT, 1);
	desc_at(TABLE_GPA, 1, TABLE_GPA, 32, VIRTQ_DESC_F_INDIRECT, 0);
	offer(0);
	pop_broken("indirect table inside an indirect table");
}

static void test_indirect_with_next(void **state)
{
	(void)state;
	desc(0, TABLE_GPA, 16, VIRTQ_DESC_F_INDIRECT | VIRTQ_DESC_F_NEXT, 1);
	desc(1, BUF_GPA, 1, 0, 0);
	desc_at(TABLE_GPA, 0, BUF_GPA, 1, 0, 0);
	offer(0);
	pop_broken("indirect descriptor with NEXT set");
}

/* An indirect table described by (addr, len) must be refused with reason. */
static void expect_bad_table(uint64_t addr, uint32_t len, const char *reason)
{
	enable(QSIZE, false);
	offer_one(0, addr, len, VIRTQ_DESC_F_INDIRECT);
	pop_broken(reason);
}

static void test_indirect_table_shape(void **state)
{
	(void)state;
	desc_at(TABLE_GPA, 0, BUF_GPA, 1, 0, 0);
	expect_bad_table(TABLE_GPA, 0, "empty indirect table");
	expect_bad_table(TABLE_GPA, 24, "indirect table length not a multiple of 16");
	expect_bad_table(TABLE_GPA, 15, "indirect table length not a multiple of 16");
	expect_bad_table(TABLE_GPA, (QSIZE + 1) * 16, "indirect table longer than the queue");
	expect_bad_table(RAM_BASE - 16, 16, "indirect table outside guest RAM");
	expect_bad_table(RAM_END - 16, 32, "indirect table outside guest RAM");
	expect_bad_table(~0ULL - 15, 32, "indirect table outside guest RAM");
	/* The same table, well shaped, works. */
	enable(QSIZE, false);
	offer_one(0, TABLE_GPA, 16, VIRTQ_DESC_F_INDIRECT);
	pop_one();
	expect_seg(0, BUF_GPA, 1);
}

/* Inside a table, next counts in the table's entries, not the queue's. */
static void test_indirect_next_and_loop(void **state)
{
	(void)state;
	desc_at(TABLE_GPA, 0, BUF_GPA, 1, VIRTQ_DESC_F_NEXT, 2);
	expect_bad_table(TABLE_GPA, 32, "descriptor index beyond the table");
	desc_at(TABLE_GPA, 0, BUF_GPA, 1, VIRTQ_DESC_F_NEXT, 1);
	desc_at(TABLE_GPA, 1, BUF_GPA, 0, VIRTQ_DESC_F_NEXT, 0);
	expect_bad_table(TABLE_GPA, 32, "descriptor chain loops or is longer than the queue");
}

static void expect_bad_buffer(uint64_t addr, uint32_t len)
{
	enable(QSIZE, false);
	offer_one(0, addr, len, VIRTQ_DESC_F_WRITE);
	pop_broken("buffer outside guest RAM");
}

static void test_buffer_outside_ram(void **state)
{
	(void)state;
	expect_bad_buffer(RAM_BASE - 1, 1);
	expect_bad_buffer(0, 16);
	expect_bad_buffer(RAM_END, 1);
	expect_bad_buffer(RAM_END - 4, 8);  /* straddles the end */
	expect_bad_buffer(RAM_BASE - 4, 8); /* straddles the start */
	expect_bad_buffer(~0ULL, 1);
	expect_bad_buffer(RAM_END - 1, 2);
}

/* addr + len past 2^64 lands back in RAM for a naive check; the walker refuses it itself. */
static void test_buffer_wrapping_address_space(void **state)
{
	uint64_t addr = ~0ULL - 7; /* + 16 wraps to 8 */

	(void)state;
	assert_non_null(lax_map(NULL, addr, 16)); /* the trap is real */
	offer_one(0, addr, 16, 0);
	why = NULL;
	assert_int_equal(virtq_pop(&q, &lax_mem, &chain, &why), -1);
	assert_string_equal(why, "buffer outside guest RAM");
	/* Same for the rings. */
	place(QSIZE, ~0ULL - 15, AVAIL_GPA, USED_GPA);
	assert_int_equal(virtq_enable(&q, &lax_mem, &why), -1);
	assert_string_equal(why, "descriptor table outside guest RAM");
}

/* A chain of two buffers, descriptors 0 and 1, the second device-writable if w2. */
static void offer_pair(uint64_t a1, uint32_t l1, uint64_t a2, uint32_t l2, bool w2)
{
	enable(QSIZE, false);
	desc(0, a1, l1, VIRTQ_DESC_F_NEXT, 1);
	desc(1, a2, l2, w2 ? VIRTQ_DESC_F_WRITE : 0, 0);
	offer(0);
}

/*
 * A buffer the device writes may overlap no other buffer of its chain,
 * readable or writable; buffers it only reads may repeat (a zero page named
 * again and again), and buffers that only touch are fine.
 */
static void test_overlapping_buffers(void **state)
{
	static const char reason[] = "buffers of the chain overlap";

	(void)state;
	offer_pair(BUF_GPA, 16, BUF_GPA, 16, false);
	pop_one();
	assert_int_equal(chain.count, 2);
	offer_pair(BUF_GPA, 16, BUF_GPA + 15, 16, true);
	pop_broken(reason);
	offer_pair(BUF_GPA + 8, 4, BUF_GPA, 64, true); /* the second holds the first */
	pop_broken(reason);
	offer_pair(BUF_GPA, 16, BUF_GPA + 16, 16, true);
	pop_one();
	assert_int_equal(chain.count, 2);
	/* Inside an indirect table as well. */
	enable(QSIZE, false);
	desc_at(TABLE_GPA, 0, RAM_BASE, (uint32_t)RAM_SIZE, VIRTQ_DESC_F_NEXT, 1);
	desc_at(TABLE_GPA, 1, RAM_BASE, (uint32_t)RAM_SIZE, VIRTQ_DESC_F_WRITE, 0);
	offer_one(0, TABLE_GPA, 32, VIRTQ_DESC_F_INDIRECT);
	pop_broken(reason);
}

/* Guest RAM of 1 GiB at RAM_BASE, of which only the fixture's first part is real. */
static void *wide_map(void *ctx, uint64_t gpa, uint64_t len)
{
	(void)ctx;
	if (gpa < RAM_BASE || len > (1ULL << 30) || gpa - RAM_BASE > (1ULL << 30) - len)
		return NULL;
	/* Buffers past the real part are never touched by the walker: any pointer will do. */
	return gpa - RAM_BASE < RAM_SIZE ? ram + (gpa - RAM_BASE) : ram;
}

static const struct virtq_mem wide_mem = {wide_map, NULL};

/* Offer a chain of n buffers of len bytes each, side by side from 16 MiB into RAM. */
static void offer_wide_chain(unsigned n, uint32_t len)
{
	enable(VIRTQ_MAX_SIZE, false);
	for (unsigned i = 0; i < n; i++)
		desc(i, RAM_BASE + (16ULL << 20) + (uint64_t)i * len, len,
		     VIRTQ_DESC_F_WRITE | (i + 1 < n ? VIRTQ_DESC_F_NEXT : 0), (uint16_t)(i + 1));
	offer(0);
}

/* A chain's buffers add up to VIRTQ_MAX_CHAIN_BYTES at most, however they are cut. */
static void test_chain_byte_cap(void **state)
{
	(void)state;
	offer_wide_chain(64, VIRTQ_MAX_CHAIN_BYTES / 64);
	assert_int_equal(virtq_pop(&q, &wide_mem, &chain, &why), 1);
	assert_int_equal(chain.write_len, VIRTQ_MAX_CHAIN_BYTES);
	offer_wide_chain(1, VIRTQ_MAX_CHAIN_BYTES + 1);
	assert_int_equal(virtq_pop(&q, &wide_mem, &chain, &why), -1);
	assert_string_equal(why, "chain has more than 1 MiB of buffers");
	assert_false(q.ready);
	/* 64 buffers of 16 MiB each, none overlapping: 1 GiB of work refused at the first. */
	offer_wide_chain(64, 1u << 24);
	why = NULL;
	assert_int_equal(virtq_pop(&q, &wide_mem, &chain, &why), -1);
	assert_string_equal(why, "chain has more than 1 MiB of buffers");
}

/* The cap is looked at before the map, which may ready (zero) the RAM a buffer names. */
static void test_chain_byte_cap_before_map(void **state)
{
	(void)state;
	offer_one(0, RAM_BASE, 0xffffffff, VIRTQ_DESC_F_WRITE);
	pop_broken("chain has more than 1 MiB of buffers");
}

/*
 * A device may set a cap of its own on its queues (virtio-blk does): chains
 * past 1 MiB up to it are taken, a chain past it is refused with the
 * device's reason.
 */
static void test_chain_byte_cap_per_queue(void **state)
{
	enum { CAP = 64u << 20 };
	(void)state;
	offer_wide_chain(64, CAP / 64);
	q.chain_max = CAP;
	q.chain_refusal = "chain has more than 64 MiB of buffers";
	assert_int_equal(virtq_pop(&q, &wide_mem, &chain, &why), 1);
	assert_int_equal(chain.write_len, CAP);
	assert_int_equal(chain.count, 64);
	offer_wide_chain(2, CAP / 2 + 512);
	q.chain_max = CAP;
	q.chain_refusal = "chain has more than 64 MiB of buffers";
	why = NULL;
	assert_int_equal(virtq_pop(&q, &wide_mem, &chain, &why), -1);
	assert_string_equal(why, "chain has more than 64 MiB of buffers");
	assert_false(q.ready);
}

static void test_readable_after_writable(void **state)
{
	(void)state;
	desc(0, BUF_GPA, 4, VIRTQ_DESC_F_WRITE | VIRTQ_DESC_F_NEXT, 1);
	desc(1, BUF_GPA + 4, 4, 0, 0);
	offer(0);
	pop_broken("readable buffer after a writable one");
	/* An empty writable buffer still marks the start of the writable part. */
	enable(QSIZE, false);
	desc(0, BUF_GPA, 0, VIRTQ_DESC_F_WRITE | VIRTQ_DESC_F_NEXT, 1);
	offer(0);
	pop_broken("readable buffer after a writable one");
	/* Across an indirect table too. */
	enable(QSIZE, false);
	desc(0, BUF_GPA, 4, VIRTQ_DESC_F_WRITE | VIRTQ_DESC_F_NEXT, 1);
	desc(1, TABLE_GPA, 16, VIRTQ_DESC_F_INDIRECT, 0);
	desc_at(TABLE_GPA, 0, BUF_GPA + 4, 4, 0, 0);
	offer(0);
	pop_broken("readable buffer after a writable one");
}

static void test_avail_index_ahead(void **state)
{
	(void)state;
	desc(0, BUF_GPA, 1, 0, 0);
	set_avail_idx(QSIZE); /* a full ring is fine */
	for (unsigned i = 0; i < QSIZE; i++)
		pop_one();
	assert_int_equal(virtq_pop(&q, &mem, &chain, &why), 0);
	enable(QSIZE, false);
	set_avail_idx(QSIZE + 1);
	pop_broken("available index ran more than the queue size ahead");
	/* Behind is the same as far ahead in 16 bits. */
	enable(QSIZE, false);
	q.last_avail = 100;
	set_avail_idx(99);
	pop_broken("available index ran more than the queue size ahead");
}

/* Once broken, the queue reads and writes no guest memory: all of it is poisoned for ASan. */
static void test_broken_queue_stays_quiet(void **state)
{
	(void)state;
	offer(QSIZE);
	pop_broken("chain head beyond the descriptor table");
	map_calls = 0;
	ASAN_POISON_MEMORY_REGION(ram, RAM_SIZE);
	assert_int_equal(virtq_pop(&q, &mem, &chain, &why), 0);
	assert_false(virtq_has_avail(&q));
	virtq_push(&q, 0, 1);
	assert_false(virtq_should_interrupt(&q));
	ASAN_UNPOISON_MEMORY_REGION(ram, RAM_SIZE);
	assert_int_equal(map_calls, 0);
	assert_int_equal(used_idx(), 0);
	/* A reset and a fresh enable bring it back. */
	desc(0, BUF_GPA, 1, 0, 0);
	enable(QSIZE, false);
	offer(0);
	pop_one();
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(test_enable_checks_host_alignment, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_head_out_of_range, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_next_out_of_range, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_loops, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_chain_of_size_ok_longer_broken, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_too_many_segments, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_nested_indirect, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_indirect_with_next, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_indirect_table_shape, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_indirect_next_and_loop, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_buffer_outside_ram, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_buffer_wrapping_address_space, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_readable_after_writable, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_overlapping_buffers, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_chain_byte_cap, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_chain_byte_cap_before_map, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_chain_byte_cap_per_queue, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_avail_index_ahead, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_broken_queue_stays_quiet, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
