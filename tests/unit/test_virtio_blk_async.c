/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * virtio-blk requests on a disk (core/virtio/virtio_blk.c) are asynchronous:
 * a notify hands them to the disk and returns, several with it at once; the
 * disk's completion defers the queue, and the next service writes the
 * status and gives the chain back. A reset waits for the disk to let go of
 * the guest's buffers and leaves what it held unanswered; a disk error at
 * completion is IOERR.
 */
#define QSIZE 32 /* room for VIRTIO_BLK_IN_FLIGHT + 2 requests of three descriptors */

#include "virtio_blk_fixture.h"

static unsigned defer_calls;

static void count_defer(void *arg)
{
	(void)arg;
	defer_calls++;
}

static void async_open(void)
{
	blk_open(&slice);
	defer_calls = 0;
	virtio_mmio_set_defer(&t, count_defer, NULL);
}

/* The status byte of request i (headers 0x80 apart from HDR_GPA, one sector of data each). */
static uint8_t *async_status(unsigned i)
{
	return gpa_ptr(BIG_HDR + 0x80u * i + 0x40);
}

static uint8_t *async_data(unsigned i)
{
	return gpa_ptr(DATA_GPA + (uint64_t)SECTOR * i);
}

/* Offer request i (descriptors 3i ..): one sector at slice sector i, and notify. */
static void async_offer(unsigned i, uint32_t type)
{
	uint64_t hdr = BIG_HDR + 0x80u * i;
	const struct buf b[3] = {{hdr, 16, false},
				 {DATA_GPA + (uint64_t)SECTOR * i, SECTOR, type != T_OUT},
				 {hdr + 0x40, 1, true}};

	blk_header_at(hdr, type, i);
	*async_status(i) = 0xee;
	offer_chain(0, (uint16_t)(3 * i), b, 3);
}

/* A read returns from its notify unanswered; the disk's completion, then a resume, answer it. */
static void test_read_answered_after_the_disk_completes(void **state)
{
	(void)state;
	async_open();
	memset(async_data(2), 0xee, SECTOR);
	async_offer(2, T_IN);
	assert_int_equal(host_disk_fake_pending(), 1);
	assert_int_equal(used(0)->idx, 0);
	assert_int_equal(*async_status(2), 0xee);
	assert_false(line);
	host_disk_poll();
	assert_int_equal(defer_calls, 1);
	assert_int_equal(t.deferred, 1);
	assert_int_equal(used(0)->idx, 0);
	assert_true(virtio_mmio_resume(&t));
	assert_int_equal(used(0)->idx, 1);
	assert_int_equal(used_len(0, 0), SECTOR + 1);
	assert_int_equal(*async_status(2), S_OK);
	assert_memory_equal(async_data(2), disk_at(2), SECTOR);
	assert_true(line);
	assert_int_equal(t.deferred, 0);
}

/* Up to VIRTIO_BLK_IN_FLIGHT requests are with the disk at once; the rest wait for a free one. */
static void test_requests_in_flight_are_bounded(void **state)
{
	enum { N = VIRTIO_BLK_IN_FLIGHT + 2 };

	(void)state;
	async_open();
	for (unsigned i = 0; i < N; i++)
		async_offer(i, T_IN);
	assert_int_equal(host_disk_fake_pending(), VIRTIO_BLK_IN_FLIGHT);
	assert_int_equal(used(0)->idx, 0);
	host_disk_poll();
	assert_true(virtio_mmio_resume(&t));
	assert_int_equal(used(0)->idx, VIRTIO_BLK_IN_FLIGHT);
	assert_int_equal(host_disk_fake_pending(), N - VIRTIO_BLK_IN_FLIGHT);
	host_disk_poll();
	assert_true(virtio_mmio_resume(&t));
	assert_int_equal(used(0)->idx, N);
	for (unsigned i = 0; i < N; i++) {
		assert_int_equal(*async_status(i), S_OK);
		assert_memory_equal(async_data(i), disk_at(i), SECTOR);
	}
	assert_int_equal(host_disk_fake_transfers(0), N);
}

/*
 * A reset with requests at the disk waits for the disk to finish them (its
 * wait serves the disk), then leaves them unanswered: no status byte and no
 * used entry, now or after the driver starts again.
 */
static void test_reset_waits_for_the_disk_and_drops_its_requests(void **state)
{
	(void)state;
	async_open();
	memset(async_data(1), 0x77, SECTOR);
	async_offer(1, T_OUT);
	async_offer(3, T_IN);
	assert_int_equal(host_disk_fake_pending(), 2);
	wr(STATUS, 0);
	assert_int_equal(host_disk_fake_pending(), 0);
	assert_int_equal(t.busy, 0);
	assert_memory_equal(disk_at(3), async_data(3), SECTOR);
	memset(disk_before + (SLICE_FIRST + 1) * SECTOR, 0x77, SECTOR);
	assert_memory_equal(disk, disk_before, sizeof(disk));
	memset(ram, 0, BUF_GPA - RAM_GPA);
	device_start(&t);
	virtio_mmio_resume(&t);
	async_offer(5, T_IN);
	host_disk_poll();
	assert_true(virtio_mmio_resume(&t));
	assert_int_equal(used(0)->idx, 1);
	assert_int_equal(used(0)->ring[0].id, 15);
	assert_int_equal(*async_status(5), S_OK);
	assert_int_equal(*async_status(1), 0xee);
	assert_int_equal(*async_status(3), 0xee);
}

/* A device the driver broke while the disk had a request gives that request no answer. */
static void test_breakage_while_at_the_disk_drops_the_request(void **state)
{
	(void)state;
	async_open();
	async_offer(4, T_IN);
	virtio_mmio_broken(&t, "a test broke it");
	host_disk_poll();
	virtio_mmio_resume(&t);
	assert_int_equal(used(0)->idx, 0);
	assert_int_equal(*async_status(4), 0xee);
	assert_int_equal(t.busy, 0);
}

/* The disk failing a request it accepted is IOERR, counted. */
static void test_disk_error_at_completion_is_ioerr(void **state)
{
	(void)state;
	async_open();
	async_offer(0, T_IN);
	host_disk_fake_fail(0, true);
	host_disk_poll();
	assert_true(virtio_mmio_resume(&t));
	assert_int_equal(used(0)->idx, 1);
	assert_int_equal(*async_status(0), S_IOERR);
	assert_int_equal(blk.errors, 1);
}

/* A flush goes to the disk and is answered once the disk has done it. */
static void test_flush_answered_after_the_disk_flushed(void **state)
{
	const struct buf b[2] = {{HDR_GPA, 16, false}, {STATUS_GPA, 1, true}};

	(void)state;
	async_open();
	blk_header(T_FLUSH, 0);
	*(uint8_t *)gpa_ptr(STATUS_GPA) = 0xee;
	offer_chain(0, 0, b, 2);
	assert_int_equal(host_disk_fake_pending(), 1);
	assert_int_equal(host_disk_fake_flushes(0), 0);
	assert_int_equal(used(0)->idx, 0);
	host_disk_poll();
	assert_int_equal(host_disk_fake_flushes(0), 1);
	assert_true(virtio_mmio_resume(&t));
	assert_int_equal(*(uint8_t *)gpa_ptr(STATUS_GPA), S_OK);
	assert_int_equal(blk.flushes, 1);
}

/* A request past what the driver was told it may send goes to the disk whole, as one transfer. */
static void test_request_past_advertised_size_goes_whole(void **state)
{
	const struct buf b[3] = {
	    {HDR_GPA, 16, false}, {DATA_GPA, SLICE_SIZE * SECTOR, true}, {STATUS_GPA, 1, true}};

	(void)state;
	async_open();
	blk_header(T_IN, 0);
	offer_chain(0, 0, b, 3);
	assert_int_equal(host_disk_fake_pending(), 1);
	blk_complete();
	assert_int_equal(used(0)->idx, 1);
	assert_int_equal(*(uint8_t *)gpa_ptr(STATUS_GPA), S_OK);
	assert_memory_equal(gpa_ptr(DATA_GPA), disk_at(0), SLICE_SIZE * SECTOR);
	assert_int_equal(host_disk_fake_transfers(0), 1);
}

#define blk_test(f) cmocka_unit_test_setup_teardown(f, blk_setup, device_teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
	    blk_test(test_read_answered_after_the_disk_completes),
	    blk_test(test_requests_in_flight_are_bounded),
	    blk_test(test_reset_waits_for_the_disk_and_drops_its_requests),
	    blk_test(test_breakage_while_at_the_disk_drops_the_request),
	    blk_test(test_disk_error_at_completion_is_ioerr),
	    blk_test(test_flush_answered_after_the_disk_flushed),
	    blk_test(test_request_past_advertised_size_goes_whole),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
