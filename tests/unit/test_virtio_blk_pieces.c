/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * virtio-blk requests larger than one batch's bytes from an image in the
 * config (core/virtio/virtio_blk.c): copied in pieces over several services,
 * in order, answered once, and dropped unanswered, their buffers untouched
 * from then on, by a reset or breakage. A disk's requests go to the disk
 * whole (test_virtio_blk_async.c).
 */
#include "virtio_blk_fixture.h"

/* The large tests' image: 6 MiB of a known pattern. */
#define BIG_SLICE (6 << 20)

static uint8_t *big_image;
static unsigned defer_calls;

static int blk_teardown(void **state)
{
	free(big_image);
	big_image = NULL;
	return device_teardown(state);
}

static void count_defer(void *arg)
{
	(void)arg;
	defer_calls++;
}

/* Set the device up on the large image, deferral counted. */
static void big_open(void)
{
	static struct config_virtio c;

	big_image = malloc(BIG_SLICE);
	assert_non_null(big_image);
	for (size_t i = 0; i < BIG_SLICE; i += 4) {
		uint32_t v = (uint32_t)(i * 2654435761u) ^ 0x5a5a5a5a;

		memcpy(big_image + i, &v, sizeof(v));
	}
	host_devices_fake_reset();
	c = (struct config_virtio){
	    .kind = CONFIG_VIRTIO_BLK, .image = big_image, .size = BIG_SLICE, .read_only = true};
	blk_open(&c);
	defer_calls = 0;
	virtio_mmio_set_defer(&t, count_defer, NULL);
}

static uint8_t *big_at(uint64_t slice_sector)
{
	return big_image + slice_sector * SECTOR;
}

/* Whether every byte of [p, p + len) is v. */
static bool all_bytes(const uint8_t *p, size_t len, uint8_t v)
{
	for (size_t i = 0; i < len; i++)
		if (p[i] != v)
			return false;
	return true;
}

/*
 * Offer a request with one data buffer of len bytes at data, its header at
 * hdr and its status byte at hdr + 0x40 (set to 0xee first), from descriptor
 * head on, and notify. Nothing is awaited.
 */
static void big_offer(uint16_t head, uint64_t hdr, uint32_t type, uint64_t sector, uint64_t data,
		      uint32_t len)
{
	const struct buf b[3] = {
	    {hdr, 16, false}, {data, len, type != T_OUT}, {hdr + 0x40, 1, true}};

	blk_header_at(hdr, type, sector);
	*(uint8_t *)gpa_ptr(hdr + 0x40) = 0xee;
	offer_chain(0, head, b, 3);
}

/*
 * seg_max buffers of size_max each is what a driver is told it may send; a
 * larger request (one buffer, as U-Boot sends it) is served all the same,
 * from an image in pieces, from a disk whole (test_virtio_blk_async.c).
 */
static void test_request_past_advertised_size_is_served(void **state)
{
	enum { IMAGE = 2 << 20 };
	uint8_t *image = malloc(IMAGE);
	const struct config_virtio c = {
	    .kind = CONFIG_VIRTIO_BLK, .image = image, .size = IMAGE, .read_only = true};

	(void)state;
	assert_non_null(image);
	for (size_t i = 0; i < IMAGE; i++)
		image[i] = (uint8_t)(i / SECTOR + i);
	host_devices_fake_reset();
	blk_open(&c);
	assert_int_equal(t.queues[0].chain_max, 64u << 20);
	memset(gpa_ptr(DATA_GPA), 0, DATA_MAX + SECTOR);
	blk_header(T_IN, 1);
	big_offer(0, HDR_GPA, T_IN, 1, DATA_GPA, DATA_MAX + SECTOR);
	while (used(0)->idx == 0)
		assert_true(virtio_mmio_resume(&t));
	assert_int_equal(used_len(0, 0), DATA_MAX + SECTOR + 1);
	assert_int_equal(*(uint8_t *)gpa_ptr(STATUS_GPA), S_OK);
	assert_memory_equal(gpa_ptr(DATA_GPA), image + SECTOR, DATA_MAX + SECTOR);
	free(image);
}

/*
 * A 4 MiB read: each service (the notify, then each resume) moves one piece
 * of one batch's bytes into the guest and asks for the next, nothing beyond
 * the piece is written and nothing is answered until the last piece; then
 * one used entry, the status OK, all the data right.
 */
static void test_large_read_served_in_pieces(void **state)
{
	uint8_t *data;

	(void)state;
	big_open();
	data = gpa_ptr(DATA_GPA);
	memset(data, 0xee, BIG);
	big_offer(0, HDR_GPA, T_IN, 8, DATA_GPA, BIG);
	for (unsigned piece = 1; piece < BIG / PIECE; piece++) {
		assert_int_equal(used(0)->idx, 0);
		assert_int_equal(defer_calls, piece);
		assert_int_equal(t.deferred, 1);
		assert_memory_equal(data, big_at(8), piece * PIECE);
		assert_true(all_bytes(data + piece * PIECE, BIG - piece * PIECE, 0xee));
		assert_int_equal(*(uint8_t *)gpa_ptr(STATUS_GPA), 0xee);
		assert_false(line);
		assert_true(virtio_mmio_resume(&t));
	}
	assert_int_equal(used(0)->idx, 1);
	assert_int_equal(used(0)->ring[0].id, 0);
	assert_int_equal(used_len(0, 0), BIG + 1);
	assert_int_equal(*(uint8_t *)gpa_ptr(STATUS_GPA), S_OK);
	assert_memory_equal(data, big_at(8), BIG);
	assert_true(line);
	assert_int_equal(defer_calls, BIG / PIECE - 1);
	assert_int_equal(t.deferred, 0);
	assert_false(virtio_mmio_resume(&t));
	assert_int_equal(blk.reads, 1);
	assert_int_equal(blk.errors, 0);
}

/* The queue is served in order: a small request behind a large one waits for it. */
static void test_requests_behind_a_large_one_wait(void **state)
{
	(void)state;
	big_open();
	big_offer(0, HDR_GPA, T_IN, 0, DATA_GPA, BIG);
	big_offer(4, BIG_HDR, T_IN, 3, BIG_HDR + 0x100, SECTOR);
	while (used(0)->idx == 0) {
		assert_int_equal(*(uint8_t *)gpa_ptr(BIG_HDR + 0x40), 0xee);
		assert_true(virtio_mmio_resume(&t));
	}
	if (used(0)->idx == 1)
		assert_true(virtio_mmio_resume(&t));
	assert_int_equal(used(0)->idx, 2);
	assert_int_equal(used(0)->ring[0].id, 0);
	assert_int_equal(used(0)->ring[1].id, 4);
	assert_int_equal(*(uint8_t *)gpa_ptr(HDR_GPA + 0x40), S_OK);
	assert_int_equal(*(uint8_t *)gpa_ptr(BIG_HDR + 0x40), S_OK);
	assert_memory_equal(gpa_ptr(BIG_HDR + 0x100), big_at(3), SECTOR);
	assert_int_equal(t.deferred, 0);
}

/* The driver sets the device up again after a reset: the rings fresh, the buffers as they are. */
static void driver_restart(void)
{
	memset(ram, 0, BUF_GPA - RAM_GPA);
	device_start(&t);
}

/* A fresh request after a reset is served whole and is the only answer. */
static void expect_fresh_request_served(void)
{
	big_offer(4, BIG_HDR, T_IN, 5, BIG_HDR + 0x100, SECTOR);
	assert_int_equal(used(0)->idx, 1);
	assert_int_equal(used(0)->ring[0].id, 4);
	assert_int_equal(*(uint8_t *)gpa_ptr(BIG_HDR + 0x40), S_OK);
	assert_memory_equal(gpa_ptr(BIG_HDR + 0x100), big_at(5), SECTOR);
}

/*
 * A reset between two pieces of a read drops the request: no further piece
 * and no status byte land in the guest, neither at once nor when the driver
 * starts again and sends another request, which alone is answered.
 */
static void test_reset_mid_read_drops_it(void **state)
{
	uint8_t *data;

	(void)state;
	big_open();
	data = gpa_ptr(DATA_GPA);
	memset(data, 0xee, BIG);
	big_offer(0, HDR_GPA, T_IN, 8, DATA_GPA, BIG);
	assert_true(virtio_mmio_resume(&t));
	assert_memory_equal(data, big_at(8), 2 * PIECE);
	wr(STATUS, 0);
	assert_int_equal(t.deferred, 0);
	assert_false(virtio_mmio_resume(&t));
	driver_restart();
	expect_fresh_request_served();
	assert_false(virtio_mmio_resume(&t));
	assert_true(all_bytes(data + 2 * PIECE, BIG - 2 * PIECE, 0xee));
	assert_int_equal(*(uint8_t *)gpa_ptr(STATUS_GPA), 0xee);
}

/* A device the driver broke mid-request does no more of it; after a reset all is well. */
static void test_breakage_mid_request_drops_it(void **state)
{
	uint8_t *data;

	(void)state;
	big_open();
	data = gpa_ptr(DATA_GPA);
	memset(data, 0xee, BIG);
	big_offer(0, HDR_GPA, T_IN, 8, DATA_GPA, BIG);
	virtio_mmio_broken(&t, "a test broke it");
	virtio_mmio_resume(&t);
	wr(QUEUE_NOTIFY, 0);
	assert_int_equal(used(0)->idx, 0);
	assert_true(all_bytes(data + PIECE, BIG - PIECE, 0xee));
	assert_int_equal(*(uint8_t *)gpa_ptr(STATUS_GPA), 0xee);
	wr(STATUS, 0);
	driver_restart();
	expect_fresh_request_served();
}

/* A large request that does not fit the slice is refused whole, at once: IOERR, nothing moved. */
static void test_large_request_past_slice_is_ioerr_at_once(void **state)
{
	uint8_t *data;

	(void)state;
	big_open();
	data = gpa_ptr(DATA_GPA);
	memset(data, 0xee, BIG);
	big_offer(0, HDR_GPA, T_IN, BIG_SLICE / SECTOR - BIG / SECTOR + 1, DATA_GPA, BIG);
	assert_int_equal(used(0)->idx, 1);
	assert_int_equal(used_len(0, 0), 1);
	assert_int_equal(*(uint8_t *)gpa_ptr(STATUS_GPA), S_IOERR);
	assert_true(all_bytes(data, BIG, 0xee));
	assert_int_equal(defer_calls, 0);
	/* Ending exactly at the slice's end is fine. */
	big_offer(0, HDR_GPA, T_IN, BIG_SLICE / SECTOR - BIG / SECTOR, DATA_GPA, BIG);
	while (used(0)->idx == 1)
		assert_true(virtio_mmio_resume(&t));
	assert_int_equal(*(uint8_t *)gpa_ptr(STATUS_GPA), S_OK);
	assert_memory_equal(data, big_at(BIG_SLICE / SECTOR - BIG / SECTOR), BIG);
}

#define blk_test(f) cmocka_unit_test_setup_teardown(f, blk_setup, blk_teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
	    blk_test(test_request_past_advertised_size_is_served),
	    blk_test(test_large_read_served_in_pieces),
	    blk_test(test_requests_behind_a_large_one_wait),
	    blk_test(test_reset_mid_read_drops_it),
	    blk_test(test_breakage_mid_request_drops_it),
	    blk_test(test_large_request_past_slice_is_ioerr_at_once),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
