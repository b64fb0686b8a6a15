/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The virtio-rng device model (core/virtio/virtio_rng.c) and the generator behind
 * it (core/lib/csprng.c). Every buffer a driver offers comes back completely
 * full, however the chain is split; ChaCha20 matches RFC 8439; the
 * generator never repeats itself and fills any length exactly.
 */
#include "lib/csprng.h"
#include "virtio/virtio_rng.h"
#include "virtio_device_fixture.h"

#define POISON 0xa5

static int rng_setup(void **state)
{
	(void)state;
	device_attach(&virtio_rng_ops, NULL, virtio_rng_features());
	device_start(&t);
	memset(gpa_ptr(BUF_GPA), POISON, 0x8000);
	return 0;
}

/* Whether the bytes before and after [gpa, gpa + len) still hold POISON. */
static bool fenced(uint64_t gpa, uint32_t len)
{
	const uint8_t *p = gpa_ptr(gpa);

	return p[-1] == POISON && p[len] == POISON;
}

static void test_buffer_filled_completely(void **state)
{
	const struct buf b = {BUF_GPA + 0x100, 1000, true}; /* several of the device's blocks */

	(void)state;
	offer_chain(0, 0, &b, 1);
	assert_int_equal(used(0)->idx, 1);
	assert_int_equal(used_len(0, 0), 1000);
	assert_false(has_untouched_word(gpa_ptr(b.gpa), b.len, POISON));
	assert_true(fenced(b.gpa, b.len));
	for (uint32_t at = 64; at + 64 <= b.len; at += 64) /* no keystream block repeated */
		assert_memory_not_equal(gpa_ptr(b.gpa + at - 64), gpa_ptr(b.gpa + at), 64);
	assert_int_equal(rd(INTERRUPT_STATUS), VIRTIO_INT_USED);
	assert_true(line);
}

static void test_chained_buffers_filled(void **state)
{
	const struct buf b[] = {{BUF_GPA + 0x100, 100, true},
				{BUF_GPA + 0x1000, 300, true},
				{BUF_GPA + 0x800, 8, true},
				{BUF_GPA + 0x2000, 4096, true}};
	uint32_t total = 0;

	(void)state;
	offer_chain(0, 0, b, 4);
	for (unsigned i = 0; i < 4; i++) {
		assert_false(has_untouched_word(gpa_ptr(b[i].gpa), b[i].len, POISON));
		assert_true(fenced(b[i].gpa, b[i].len));
		total += b[i].len;
	}
	assert_int_equal(used_len(0, 0), total);
}

static void test_tiny_and_odd_buffers(void **state)
{
	static const uint32_t lens[] = {1, 3, 255, 256, 257};

	(void)state;
	for (uint16_t i = 0; i < ARRAY_SIZE(lens); i++) {
		const struct buf b = {BUF_GPA + 0x100 + i * 0x400u, lens[i], true};

		offer_chain(0, i, &b, 1);
		assert_int_equal(used_len(0, i), lens[i]);
		assert_true(fenced(b.gpa, b.len));
		assert_false(has_untouched_word(gpa_ptr(b.gpa), b.len, POISON));
	}
}

static void test_requests_differ(void **state)
{
	const struct buf b1 = {BUF_GPA + 0x100, 32, true}, b2 = {BUF_GPA + 0x200, 32, true};

	(void)state;
	offer_chain(0, 0, &b1, 1);
	offer_chain(0, 1, &b2, 1);
	assert_int_equal(used(0)->idx, 2);
	assert_memory_not_equal(gpa_ptr(b1.gpa), gpa_ptr(b2.gpa), 32);
}

static unsigned defer_calls;

static void count_defer(void *arg)
{
	assert_ptr_equal(arg, &defer_calls);
	defer_calls++;
}

/*
 * 40 chains made available before one notify: the notify serves one batch
 * and asks (the defer hook) for the rest later; each resume serves one more
 * batch, until every chain is used and nothing is left deferred.
 */
static void test_notify_serves_a_batch_and_defers_the_rest(void **state)
{
	enum { SIZE = 64, CHAINS = 40 };
	struct buf b[CHAINS];

	(void)state;
	wr(STATUS, 0);
	device_start_sized(&t, SIZE);
	defer_calls = 0;
	virtio_mmio_set_defer(&t, count_defer, &defer_calls);
	for (uint16_t i = 0; i < CHAINS; i++)
		b[i] = (struct buf){BUF_GPA + 16u * i, 16, true};
	offer_many(0, SIZE, b, CHAINS);
	wr(QUEUE_NOTIFY, 0);
	assert_int_equal(used(0)->idx, VIRTIO_MMIO_BATCH_CHAINS);
	assert_int_equal(defer_calls, 1);
	assert_int_equal(t.deferred, 1);
	assert_true(virtio_mmio_resume(&t));
	assert_int_equal(used(0)->idx, 2 * VIRTIO_MMIO_BATCH_CHAINS);
	assert_int_equal(defer_calls, 2);
	assert_true(virtio_mmio_resume(&t));
	assert_int_equal(used(0)->idx, CHAINS);
	assert_int_equal(defer_calls, 2); /* the last batch left nothing */
	assert_int_equal(t.deferred, 0);
	assert_false(virtio_mmio_resume(&t));
	for (uint16_t i = 0; i < CHAINS; i++)
		assert_false(has_untouched_word(gpa_ptr(b[i].gpa), b[i].len, POISON));
}

/* A reset forgets deferred work: the queues it was for are gone. */
static void test_reset_drops_deferred_work(void **state)
{
	enum { SIZE = 64, CHAINS = 20 };
	struct buf b[CHAINS];

	(void)state;
	wr(STATUS, 0);
	device_start_sized(&t, SIZE);
	for (uint16_t i = 0; i < CHAINS; i++)
		b[i] = (struct buf){BUF_GPA + 16u * i, 16, true};
	offer_many(0, SIZE, b, CHAINS);
	wr(QUEUE_NOTIFY, 0);
	assert_int_equal(t.deferred, 1);
	wr(STATUS, 0);
	assert_int_equal(t.deferred, 0);
	assert_false(virtio_mmio_resume(&t));
}

/* Buffers that overlap, here the same buffer twice, break the device and are not filled. */
static void test_overlapping_buffers_need_reset(void **state)
{
	const struct buf b[] = {{BUF_GPA, 0x1000, true}, {BUF_GPA + 0x800, 0x1000, true}};

	(void)state;
	offer_chain(0, 0, b, 2);
	assert_true(rd(STATUS) & NEEDS_RESET);
	assert_int_equal(used(0)->idx, 0);
	assert_true(has_untouched_word(gpa_ptr(BUF_GPA), 0x1800, POISON));
}

static void test_no_config_space(void **state)
{
	uint64_t v;

	(void)state;
	assert_int_equal(rd(DEVICE_ID), VIRTIO_ID_ENTROPY);
	assert_int_equal(reg_access(CONFIG, 4, false, &v), MMIO_IGNORED);
	assert_int_equal(reg_access(CONFIG, 1, false, &v), MMIO_IGNORED);
}

/* RFC 8439, section 2.3.2: the ChaCha20 block function's test vector. */
static void test_chacha20_block_rfc8439(void **state)
{
	static const uint8_t nonce_bytes[12] = {0x00, 0x00, 0x00, 0x09, 0x00, 0x00,
						0x00, 0x4a, 0x00, 0x00, 0x00, 0x00};
	static const uint8_t expect[64] = {
	    0x10, 0xf1, 0xe7, 0xe4, 0xd1, 0x3b, 0x59, 0x15, 0x50, 0x0f, 0xdd, 0x1f, 0xa3,
	    0x20, 0x71, 0xc4, 0xc7, 0xd1, 0xf4, 0xc7, 0x33, 0xc0, 0x68, 0x03, 0x04, 0x22,
	    0xaa, 0x9a, 0xc3, 0xd4, 0x6c, 0x4e, 0xd2, 0x82, 0x64, 0x46, 0x07, 0x9f, 0xaa,
	    0x09, 0x14, 0xc2, 0xd7, 0x05, 0xd9, 0x8b, 0x02, 0xa2, 0xb5, 0x12, 0x9c, 0xd1,
	    0xde, 0x16, 0x4e, 0xb9, 0xcb, 0xd0, 0x83, 0xe8, 0xa2, 0x50, 0x3c, 0x4e};
	uint32_t key[8], nonce[3];
	uint8_t out[64];

	(void)state;
	/* Key bytes 00 .. 1f and the nonce bytes, as little-endian words. */
	for (unsigned i = 0; i < 8; i++)
		key[i] = (uint32_t)(4 * i) | (uint32_t)(4 * i + 1) << 8 |
			 (uint32_t)(4 * i + 2) << 16 | (uint32_t)(4 * i + 3) << 24;
	for (unsigned i = 0; i < 3; i++)
		nonce[i] = (uint32_t)nonce_bytes[4 * i] | (uint32_t)nonce_bytes[4 * i + 1] << 8 |
			   (uint32_t)nonce_bytes[4 * i + 2] << 16 |
			   (uint32_t)nonce_bytes[4 * i + 3] << 24;
	assert_int_equal(key[0], 0x03020100);
	assert_int_equal(nonce[0], 0x09000000);
	assert_int_equal(nonce[1], 0x4a000000);
	csprng_chacha20_block(key, 1, nonce, out);
	assert_memory_equal(out, expect, sizeof(expect));
}

static void test_fills_never_repeat(void **state)
{
	uint8_t first[128], second[128], third[128];

	(void)state;
	csprng_fill(first, sizeof(first));
	csprng_fill(second, sizeof(second));
	csprng_mix("seed", 4);
	csprng_fill(third, sizeof(third));
	assert_memory_not_equal(first, second, sizeof(first));
	assert_memory_not_equal(second, third, sizeof(second));
	assert_memory_not_equal(first, third, sizeof(first));
	/* Nor does one fill repeat a block within itself. */
	assert_memory_not_equal(first, first + 64, 64);
}

static void test_fill_odd_lengths(void **state)
{
	static const size_t lens[] = {1, 7, 9, 63, 65, 127, 129, 1001};

	(void)state;
	for (size_t i = 0; i < ARRAY_SIZE(lens); i++) {
		uint8_t *p = malloc(lens[i]); /* exactly len, so ASan sees a byte too many */

		assert_non_null(p);
		memset(p, POISON, lens[i]);
		csprng_fill(p, lens[i]);
		assert_false(has_untouched_word(p, lens[i], POISON));
		free(p);
	}
	csprng_fill(NULL, 0);
}

#define rng_test(f) cmocka_unit_test_setup_teardown(f, rng_setup, device_teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
	    rng_test(test_buffer_filled_completely),
	    rng_test(test_chained_buffers_filled),
	    rng_test(test_tiny_and_odd_buffers),
	    rng_test(test_requests_differ),
	    rng_test(test_no_config_space),
	    rng_test(test_notify_serves_a_batch_and_defers_the_rest),
	    rng_test(test_reset_drops_deferred_work),
	    rng_test(test_overlapping_buffers_need_reset),
	    cmocka_unit_test(test_chacha20_block_rfc8439),
	    cmocka_unit_test(test_fills_never_repeat),
	    cmocka_unit_test(test_fill_odd_lengths),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
