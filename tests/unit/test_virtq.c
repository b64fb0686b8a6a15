/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The split virtqueue (core/virtio/virtq.c) with a driver that keeps the rules:
 * enabling and its checks, chains of readable and writable buffers, indirect
 * tables, the used ring, interrupt suppression with and without event_idx
 * (across the 16-bit wrap), and copies across segment boundaries.
 */
#include "virtq_fixture.h"

static void expect_enable_fails(const char *reason)
{
	why = NULL;
	q.ready = true;
	assert_int_equal(virtq_enable(&q, &mem, &why), -1);
	assert_string_equal(why, reason);
	assert_false(q.ready);
}

static void test_enable_checks_size(void **state)
{
	static const uint32_t bad[] = {0, 3, 6, 12, 257, 512, 0x80000000u};
	static const uint32_t good[] = {1, 2, 4, 64, 128, 256};

	(void)state;
	for (size_t i = 0; i < ARRAY_SIZE(bad); i++) {
		place(bad[i], DESC_GPA, AVAIL_GPA, USED_GPA);
		expect_enable_fails("queue size not a power of 2 from 1 to 256");
	}
	for (size_t i = 0; i < ARRAY_SIZE(good); i++) {
		enable(good[i], false);
		assert_true(q.ready);
		assert_ptr_equal(q.desc, at(DESC_GPA));
		assert_ptr_equal(q.avail, at(AVAIL_GPA));
		assert_ptr_equal(q.used, at(USED_GPA));
	}
}

static void test_enable_checks_alignment(void **state)
{
	(void)state;
	place(QSIZE, DESC_GPA + 8, AVAIL_GPA, USED_GPA);
	expect_enable_fails("descriptor table not aligned to 16 bytes");
	place(QSIZE, DESC_GPA, AVAIL_GPA + 1, USED_GPA);
	expect_enable_fails("available ring not aligned to 2 bytes");
	place(QSIZE, DESC_GPA, AVAIL_GPA, USED_GPA + 2);
	expect_enable_fails("used ring not aligned to 4 bytes");
	/* The least alignment each ring needs is enough. */
	place(QSIZE, DESC_GPA + 16, AVAIL_GPA + 2, USED_GPA + 4);
	assert_int_equal(virtq_enable(&q, &mem, &why), 0);
}

/* Each ring must lie wholly in RAM, its trailing event field included. */
static void test_enable_checks_placement(void **state)
{
	const uint64_t desc_end = RAM_END - 16 * QSIZE, avail_end = RAM_END - (6 + 2 * QSIZE);
	/* The last 4-aligned place for the used ring, and one where only avail_event sticks out. */
	const uint64_t used_fits = RAM_END - (8 + 8 * QSIZE),
		       used_event_out = RAM_END - 4 - 8 * QSIZE;

	(void)state;
	place(QSIZE, RAM_BASE - 0x1000, AVAIL_GPA, USED_GPA);
	expect_enable_fails("descriptor table outside guest RAM");
	place(QSIZE, desc_end + 16, AVAIL_GPA, USED_GPA);
	expect_enable_fails("descriptor table outside guest RAM");
	place(QSIZE, ~0ULL & ~15ULL, AVAIL_GPA, USED_GPA);
	expect_enable_fails("descriptor table outside guest RAM");
	place(QSIZE, DESC_GPA, avail_end + 2, USED_GPA);
	expect_enable_fails("available ring outside guest RAM");
	place(QSIZE, DESC_GPA, AVAIL_GPA, used_event_out);
	expect_enable_fails("used ring outside guest RAM");
	place(QSIZE, desc_end, avail_end, used_fits);
	assert_int_equal(virtq_enable(&q, &mem, &why), 0);
}

static void test_enable_starts_at_zero_and_reset_forgets(void **state)
{
	(void)state;
	q.last_avail = 5;
	q.used_idx = 7;
	q.signalled = 3;
	assert_int_equal(virtq_enable(&q, &mem, &why), 0);
	assert_int_equal(q.last_avail, 0);
	assert_int_equal(q.used_idx, 0);
	assert_int_equal(q.signalled, 0);
	virtq_reset(&q);
	assert_false(q.ready);
	assert_int_equal(q.size, 0);
	assert_int_equal(q.desc_gpa | q.avail_gpa | q.used_gpa, 0);
	assert_null(q.desc);
	assert_false(virtq_has_avail(&q));
	assert_int_equal(virtq_pop(&q, &mem, &chain, &why), 0);
}

static void test_simple_chain(void **state)
{
	(void)state;
	assert_false(virtq_has_avail(&q));
	assert_int_equal(virtq_pop(&q, &mem, &chain, &why), 0);
	desc(3, BUF_GPA, 100, 0, 0);
	offer(3);
	assert_true(virtq_has_avail(&q));
	pop_one();
	assert_int_equal(chain.head, 3);
	assert_int_equal(chain.count, 1);
	assert_int_equal(chain.readable, 1);
	assert_int_equal(chain.read_len, 100);
	assert_int_equal(chain.write_len, 0);
	expect_seg(0, BUF_GPA, 100);
	assert_int_equal(q.last_avail, 1);
	assert_false(virtq_has_avail(&q));
	assert_int_equal(virtq_pop(&q, &mem, &chain, &why), 0);
}

static void test_readable_then_writable_chain(void **state)
{
	(void)state;
	desc(5, BUF_GPA, 16, VIRTQ_DESC_F_NEXT, 0);
	desc(0, BUF_GPA + 0x100, 0, VIRTQ_DESC_F_NEXT, 7); /* empty: skipped */
	desc(7, BUF_GPA + 0x200, 512, VIRTQ_DESC_F_NEXT, 2);
	desc(2, BUF_GPA + 0x400, 1, VIRTQ_DESC_F_WRITE | VIRTQ_DESC_F_NEXT, 6);
	desc(6, RAM_END + 0x100, 0, VIRTQ_DESC_F_WRITE | VIRTQ_DESC_F_NEXT, 1); /* empty */
	desc(1, RAM_END - 8, 8, VIRTQ_DESC_F_WRITE, 0);
	offer(5);
	pop_one();
	assert_int_equal(chain.head, 5);
	assert_int_equal(chain.count, 4);
	assert_int_equal(chain.readable, 2);
	assert_int_equal(chain.read_len, 528);
	assert_int_equal(chain.write_len, 9);
	expect_seg(0, BUF_GPA, 16);
	expect_seg(1, BUF_GPA + 0x200, 512);
	expect_seg(2, BUF_GPA + 0x400, 1);
	expect_seg(3, RAM_END - 8, 8);
}

/* Two chains in flight, used in the other order; used entries land at used_idx % size. */
static void test_push_fills_used_ring(void **state)
{
	(void)state;
	desc(1, BUF_GPA, 4, 0, 0);
	desc(4, BUF_GPA + 4, 4, VIRTQ_DESC_F_WRITE, 0);
	offer(1);
	offer(4);
	pop_one();
	assert_int_equal(chain.head, 1);
	pop_one();
	assert_int_equal(chain.head, 4);
	virtq_push(&q, 4, 3);
	assert_int_equal(used_idx(), 1);
	assert_int_equal(used_id(0), 4);
	assert_int_equal(used_len(0), 3);
	virtq_push(&q, 1, 0);
	assert_int_equal(used_idx(), 2);
	assert_int_equal(used_id(1), 1);
	for (unsigned n = 2; n < QSIZE + 3; n++)
		virtq_push(&q, (uint16_t)n, n * 10);
	assert_int_equal(used_idx(), QSIZE + 3);
	assert_int_equal(used_id(0), QSIZE);
	assert_int_equal(used_len(2), (QSIZE + 2) * 10);
}

static void test_indirect_table(void **state)
{
	(void)state;
	desc(2, BUF_GPA, 8, VIRTQ_DESC_F_NEXT, 6);
	/* WRITE on the descriptor naming the table means nothing (2.7.5.3.2). */
	desc(6, TABLE_GPA, 4 * 16, VIRTQ_DESC_F_INDIRECT | VIRTQ_DESC_F_WRITE, 0);
	desc_at(TABLE_GPA, 0, BUF_GPA + 0x100, 32, VIRTQ_DESC_F_NEXT, 3);
	desc_at(TABLE_GPA, 3, BUF_GPA + 0x200, 64, VIRTQ_DESC_F_WRITE | VIRTQ_DESC_F_NEXT, 1);
	desc_at(TABLE_GPA, 1, BUF_GPA + 0x300, 128, VIRTQ_DESC_F_WRITE, 0);
	desc_at(TABLE_GPA, 2, 0, 0, 0, 0);
	offer(2);
	pop_one();
	assert_int_equal(chain.head, 2);
	assert_int_equal(chain.count, 4);
	assert_int_equal(chain.readable, 2);
	assert_int_equal(chain.read_len, 40);
	assert_int_equal(chain.write_len, 192);
	expect_seg(0, BUF_GPA, 8);
	expect_seg(1, BUF_GPA + 0x100, 32);
	expect_seg(2, BUF_GPA + 0x200, 64);
	expect_seg(3, BUF_GPA + 0x300, 128);
}

/* An indirect table at an odd address and of exactly size entries is fine. */
static void test_indirect_table_unaligned_full(void **state)
{
	const uint64_t table = TABLE_GPA + 3;

	(void)state;
	desc(0, table, QSIZE * 16, VIRTQ_DESC_F_INDIRECT, 0);
	for (unsigned i = 0; i < QSIZE; i++)
		desc_at(table, i, BUF_GPA + i, 1, i + 1 < QSIZE ? VIRTQ_DESC_F_NEXT : 0, i + 1);
	offer(0);
	pop_one();
	assert_int_equal(chain.count, QSIZE);
	assert_int_equal(chain.read_len, QSIZE);
	expect_seg(QSIZE - 1, BUF_GPA + QSIZE - 1, 1);
}

static void test_event_idx_avail_event(void **state)
{
	(void)state;
	place(QSIZE, DESC_GPA, AVAIL_GPA, USED_GPA);
	q.event_idx = true;
	put16(USED_GPA + 4 + 8 * QSIZE, 0x5555);
	assert_int_equal(virtq_enable(&q, &mem, &why), 0);
	assert_int_equal(avail_event(), 0);
	desc(0, BUF_GPA, 1, 0, 0);
	offer(0);
	offer(0);
	pop_one();
	assert_int_equal(avail_event(), 1);
	pop_one();
	assert_int_equal(avail_event(), 2);
	/* Without event_idx the field is the driver's business and stays untouched. */
	enable(QSIZE, false);
	put16(USED_GPA + 4 + 8 * QSIZE, 0x5555);
	offer(0);
	pop_one();
	assert_int_equal(avail_event(), 0x5555);
}

static void test_event_idx_used_event(void **state)
{
	(void)state;
	enable(QSIZE, true);
	assert_false(virtq_should_interrupt(&q)); /* nothing pushed */
	set_used_event(1);
	virtq_push(&q, 0, 0); /* used_idx 1: entry 1 not used yet */
	assert_false(virtq_should_interrupt(&q));
	virtq_push(&q, 0, 0); /* used_idx 2: entry 1 now used */
	assert_true(virtq_should_interrupt(&q));
	virtq_push(&q, 0, 0); /* already told about 1 */
	assert_false(virtq_should_interrupt(&q));
	set_used_event(5);
	virtq_push(&q, 0, 0);
	virtq_push(&q, 0, 0);
	virtq_push(&q, 0, 0); /* entries 3 .. 5 used, 5 among them */
	assert_true(virtq_should_interrupt(&q));
	/* NO_INTERRUPT means nothing once event_idx is negotiated. */
	set_avail_flags(VIRTQ_AVAIL_F_NO_INTERRUPT);
	set_used_event(6);
	virtq_push(&q, 0, 0);
	assert_true(virtq_should_interrupt(&q));
}

/* used_event and the used index wrap at 65535 -> 0; the window test must not care. */
static void test_event_idx_wraps(void **state)
{
	(void)state;
	enable(QSIZE, true);
	q.used_idx = q.signalled = 65534;
	set_used_event(65535);
	virtq_push(&q, 0, 0);
	assert_false(virtq_should_interrupt(&q)); /* 65534 used, 65535 not yet */
	virtq_push(&q, 0, 0);
	assert_int_equal(q.used_idx, 0);
	assert_int_equal(used_idx(), 0);
	assert_true(virtq_should_interrupt(&q));

	q.used_idx = q.signalled = 65533;
	set_used_event(0);
	virtq_push(&q, 0, 0);
	virtq_push(&q, 0, 0);
	assert_false(virtq_should_interrupt(&q)); /* 65533, 65534 */
	virtq_push(&q, 0, 0);
	virtq_push(&q, 0, 0); /* 65535, 0 */
	assert_true(virtq_should_interrupt(&q));
	virtq_push(&q, 0, 0);
	assert_false(virtq_should_interrupt(&q)); /* entry 1: event 0 is behind */

	q.used_idx = q.signalled = 65530;
	set_used_event(65529); /* just behind: a naive compare would say yes */
	for (int i = 0; i < 8; i++)
		virtq_push(&q, 0, 0);
	assert_false(virtq_should_interrupt(&q));
}

/* The available index wraps too: last_avail 65535 takes ring[65535 % size]. */
static void test_avail_index_wraps(void **state)
{
	(void)state;
	enable(QSIZE, true);
	q.last_avail = 65535;
	set_avail_idx(65535);
	desc(4, BUF_GPA, 10, 0, 0);
	offer(4);
	assert_int_equal(avail_idx(), 0);
	assert_int_equal(get16(AVAIL_GPA + 4 + 2 * (65535 % QSIZE)), 4);
	assert_true(virtq_has_avail(&q));
	pop_one();
	assert_int_equal(chain.head, 4);
	assert_int_equal(q.last_avail, 0);
	assert_int_equal(avail_event(), 0);
	assert_false(virtq_has_avail(&q));
}

static void test_no_interrupt_flag(void **state)
{
	(void)state;
	assert_false(virtq_should_interrupt(&q)); /* nothing pushed */
	virtq_push(&q, 0, 0);
	assert_true(virtq_should_interrupt(&q));
	assert_false(virtq_should_interrupt(&q)); /* nothing new */
	set_avail_flags(VIRTQ_AVAIL_F_NO_INTERRUPT);
	virtq_push(&q, 0, 0);
	assert_false(virtq_should_interrupt(&q));
	set_avail_flags(0);
	virtq_push(&q, 0, 0);
	assert_true(virtq_should_interrupt(&q));
	set_used_event(100); /* ignored without event_idx */
	virtq_push(&q, 0, 0);
	assert_true(virtq_should_interrupt(&q));
}

/* Readable 3 + 5 + 2 bytes, writable 4 + 6 bytes. */
static void make_split_chain(void)
{
	desc(0, BUF_GPA, 3, VIRTQ_DESC_F_NEXT, 1);
	desc(1, BUF_GPA + 0x100, 5, VIRTQ_DESC_F_NEXT, 2);
	desc(2, BUF_GPA + 0x200, 2, VIRTQ_DESC_F_NEXT, 3);
	desc(3, BUF_GPA + 0x300, 4, VIRTQ_DESC_F_WRITE | VIRTQ_DESC_F_NEXT, 4);
	desc(4, BUF_GPA + 0x400, 6, VIRTQ_DESC_F_WRITE, 0);
	memcpy(at(BUF_GPA), "abc", 3);
	memcpy(at(BUF_GPA + 0x100), "defgh", 5);
	memcpy(at(BUF_GPA + 0x200), "ij", 2);
	offer(0);
	pop_one();
}

static void test_chain_read_across_segments(void **state)
{
	char buf[32];

	(void)state;
	make_split_chain();
	memset(buf, 0, sizeof(buf));
	assert_int_equal(virtq_chain_read(&chain, 0, buf, sizeof(buf)), 10);
	assert_string_equal(buf, "abcdefghij");
	memset(buf, 0, sizeof(buf));
	assert_int_equal(virtq_chain_read(&chain, 2, buf, 5), 5);
	assert_string_equal(buf, "cdefg");
	memset(buf, 0, sizeof(buf));
	assert_int_equal(virtq_chain_read(&chain, 8, buf, 5), 2);
	assert_string_equal(buf, "ij");
	assert_int_equal(virtq_chain_read(&chain, 10, buf, 5), 0);
	assert_int_equal(virtq_chain_read(&chain, SIZE_MAX, buf, 5), 0);
	assert_int_equal(virtq_chain_read(&chain, 0, NULL, 0), 0);
}

static void test_chain_write_across_segments(void **state)
{
	(void)state;
	make_split_chain();
	memset(at(BUF_GPA + 0x300), '.', 0x200);
	assert_int_equal(virtq_chain_write(&chain, 2, "0123456789abc", 13), 8);
	assert_memory_equal(at(BUF_GPA + 0x300), "..01.", 5);
	assert_memory_equal(at(BUF_GPA + 0x400), "234567.", 7);
	assert_int_equal(virtq_chain_write(&chain, 0, "WX", 2), 2);
	assert_memory_equal(at(BUF_GPA + 0x300), "WX01.", 5);
	assert_int_equal(virtq_chain_write(&chain, 10, "Z", 1), 0);
	assert_int_equal(virtq_chain_write(&chain, 9, "YZ", 2), 1);
	assert_memory_equal(at(BUF_GPA + 0x400), "23456Y.", 7);
	/* The readable part is never written. */
	assert_memory_equal(at(BUF_GPA), "abc", 3);
	assert_memory_equal(at(BUF_GPA + 0x200), "ij", 2);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(test_enable_checks_size, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_enable_checks_alignment, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_enable_checks_placement, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_enable_starts_at_zero_and_reset_forgets, setup,
					    teardown),
	    cmocka_unit_test_setup_teardown(test_simple_chain, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_readable_then_writable_chain, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_push_fills_used_ring, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_indirect_table, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_indirect_table_unaligned_full, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_event_idx_avail_event, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_event_idx_used_event, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_event_idx_wraps, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_avail_index_wraps, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_no_interrupt_flag, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_chain_read_across_segments, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_chain_write_across_segments, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
