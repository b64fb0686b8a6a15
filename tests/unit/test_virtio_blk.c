/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The virtio-blk device model (core/virtio/virtio_blk.c) driven as a guest driver
 * drives it: requests of header, data and status through the real transport
 * and walker, against a fake disk whose bytes the test can see. Reads and
 * writes land at the slice's offset on the disk; anything outside the slice,
 * misshapen or aimed at a read-only device is answered IOERR without
 * touching the disk or the guest's data buffer; setup refuses slices that do
 * not fit their disk, naming the guest. Large requests: test_virtio_blk_pieces.c.
 */
#include "virtio_blk_fixture.h"

static void test_read_comes_from_slice_offset(void **state)
{
	(void)state;
	blk_open(&slice);
	assert_int_equal(blk_request(T_IN, 3, 2 * SECTOR), S_OK);
	assert_int_equal(written, 2 * SECTOR + 1);
	assert_memory_equal(gpa_ptr(DATA_GPA), disk_at(3), 2 * SECTOR);
	assert_int_equal(host_disk_fake_transfers(0), 1);
	assert_int_equal(rd(INTERRUPT_STATUS), VIRTIO_INT_USED);
	assert_true(line);
	assert_memory_equal(disk, disk_before, sizeof(disk));
}

static void test_write_lands_at_slice_offset(void **state)
{
	(void)state;
	blk_open(&slice);
	memset(gpa_ptr(DATA_GPA), 0x5a, SECTOR);
	assert_int_equal(blk_request(T_OUT, 5, SECTOR), S_OK);
	assert_int_equal(written, 1); /* the status byte only */
	memset(disk_before + (SLICE_FIRST + 5) * SECTOR, 0x5a, SECTOR);
	assert_memory_equal(disk, disk_before, sizeof(disk)); /* that sector, nothing else */
	/* And back again. */
	memset(gpa_ptr(DATA_GPA), 0, SECTOR);
	assert_int_equal(blk_request(T_IN, 5, SECTOR), S_OK);
	assert_memory_equal(gpa_ptr(DATA_GPA), disk_at(5), SECTOR);
	assert_int_equal(blk.writes, 1);
	assert_int_equal(blk.reads, 1);
}

static void test_request_spans_several_buffers(void **state)
{
	/* Two sectors written from three uneven buffers, the header sharing the first. */
	const struct buf out[] = {{DATA_GPA + 0x5000, 16 + 300, false},
				  {DATA_GPA + 0x1000, 500, false},
				  {DATA_GPA + 0x2000, 224, false},
				  {STATUS_GPA, 1, true}};
	/* Read back into two buffers, the status byte at the end of the second. */
	const struct buf in[] = {
	    {HDR_GPA, 16, false}, {DATA_GPA + 0x3000, 700, true}, {DATA_GPA + 0x4000, 325, true}};
	uint8_t expect[2 * SECTOR];
	(void)state;
	blk_open(&slice);
	for (size_t i = 0; i < sizeof(expect); i++)
		expect[i] = (uint8_t)(i * 13 + 1);
	blk_header(T_OUT, 10);
	memcpy(gpa_ptr(DATA_GPA + 0x5000), gpa_ptr(HDR_GPA), 16);
	memcpy(gpa_ptr(DATA_GPA + 0x5000 + 16), expect, 300);
	memcpy(gpa_ptr(DATA_GPA + 0x1000), expect + 300, 500);
	memcpy(gpa_ptr(DATA_GPA + 0x2000), expect + 800, 224);
	assert_int_equal(blk_submit(out, 4), S_OK);
	assert_memory_equal(disk_at(10), expect, sizeof(expect));
	blk_header(T_IN, 10);
	assert_int_equal(blk_submit(in, 3), S_OK);
	assert_int_equal(written, 2 * SECTOR + 1);
	assert_memory_equal(gpa_ptr(DATA_GPA + 0x3000), expect, 700);
	assert_memory_equal(gpa_ptr(DATA_GPA + 0x4000), expect + 700, 324);
}

static void test_write_to_read_only_slice_is_ioerr(void **state)
{
	(void)state;
	slice.read_only = true;
	blk_open(&slice);
	assert_true(device_features() & F_RO);
	memset(gpa_ptr(DATA_GPA), 0x77, SECTOR);
	assert_int_equal(blk_request(T_OUT, 0, SECTOR), S_IOERR);
	assert_int_equal(written, 1);
	assert_memory_equal(disk, disk_before, sizeof(disk));
	assert_int_equal(host_disk_fake_transfers(0), 0);
	assert_int_equal(blk.errors, 1);
	/* Reads still work. */
	assert_int_equal(blk_request(T_IN, 0, SECTOR), S_OK);
	assert_memory_equal(gpa_ptr(DATA_GPA), disk_at(0), SECTOR);
}

static void test_read_past_slice_end_is_ioerr(void **state)
{
	static const uint64_t sectors[] = {SLICE_SIZE - 1, SLICE_SIZE, SLICE_SIZE + 1, UINT64_MAX,
					   UINT64_MAX / SECTOR};
	(void)state;
	blk_open(&slice);
	for (size_t i = 0; i < ARRAY_SIZE(sectors); i++) {
		memset(gpa_ptr(DATA_GPA), 0xc3, 2 * SECTOR);
		assert_int_equal(blk_request(T_IN, sectors[i], 2 * SECTOR), S_IOERR);
		assert_int_equal(written, 1);
		for (size_t j = 0; j < 2 * SECTOR; j++)
			assert_int_equal(((uint8_t *)gpa_ptr(DATA_GPA))[j], 0xc3);
		assert_int_equal(blk_request(T_OUT, sectors[i], 2 * SECTOR), S_IOERR);
	}
	assert_int_equal(host_disk_fake_transfers(0), 0);
	assert_memory_equal(disk, disk_before, sizeof(disk));
	/* The last two sectors themselves are fine. */
	assert_int_equal(blk_request(T_IN, SLICE_SIZE - 2, 2 * SECTOR), S_OK);
	assert_memory_equal(gpa_ptr(DATA_GPA), disk_at(SLICE_SIZE - 2), 2 * SECTOR);
}

static void test_partial_sector_is_ioerr(void **state)
{
	(void)state;
	blk_open(&slice);
	memset(gpa_ptr(DATA_GPA), 0x11, 2 * SECTOR);
	assert_int_equal(blk_request(T_IN, 0, 500), S_IOERR);
	assert_int_equal(written, 1);
	assert_int_equal(blk_request(T_OUT, 0, SECTOR + 1), S_IOERR);
	assert_int_equal(blk_request(T_OUT, 0, 2 * SECTOR - 1), S_IOERR);
	assert_int_equal(host_disk_fake_transfers(0), 0);
	assert_memory_equal(disk, disk_before, sizeof(disk));
	assert_int_equal(blk.errors, 3);
}

static void test_flush_reaches_disk(void **state)
{
	(void)state;
	blk_open(&slice);
	assert_true(device_features() & F_FLUSH);
	assert_int_equal(host_disk_fake_flushes(0), 0);
	assert_int_equal(blk_request(T_FLUSH, 0, 0), S_OK);
	assert_int_equal(written, 1);
	assert_int_equal(host_disk_fake_flushes(0), 1);
	assert_int_equal(blk.flushes, 1);
}

static void test_disk_error_is_ioerr(void **state)
{
	(void)state;
	blk_open(&slice);
	host_disk_fake_fail(0, true);
	assert_int_equal(blk_request(T_IN, 0, SECTOR), S_IOERR);
	assert_int_equal(written, 1);
	assert_int_equal(blk_request(T_OUT, 0, SECTOR), S_IOERR);
	assert_int_equal(blk_request(T_FLUSH, 0, 0), S_IOERR);
	assert_int_equal(blk.errors, 3);
	host_disk_fake_fail(0, false);
	assert_int_equal(blk_request(T_FLUSH, 0, 0), S_OK);
}

static void test_get_id_names_guest_and_slot(void **state)
{
	uint64_t features;
	(void)state;
	assert_int_equal(virtio_blk_setup(&blk, &slice, "web", 3, &features), 0);
	device_attach(&virtio_blk_ops, &blk, features);
	device_start(&t);
	memset(gpa_ptr(DATA_GPA), 0xff, 32);
	assert_int_equal(blk_request(T_GET_ID, 0, 20), S_OK);
	assert_int_equal(written, 21);
	assert_memory_equal(gpa_ptr(DATA_GPA), "erg-web-3\0\0\0\0\0\0\0\0\0\0\0", 20);
	assert_int_equal(((uint8_t *)gpa_ptr(DATA_GPA))[20], 0xff);
	/* A smaller buffer gets what fits. */
	memset(gpa_ptr(DATA_GPA), 0xff, 32);
	assert_int_equal(blk_request(T_GET_ID, 0, 4), S_OK);
	assert_int_equal(written, 5);
	assert_memory_equal(gpa_ptr(DATA_GPA), "erg-\xff", 5);
}

static void test_unknown_type_is_unsupp(void **state)
{
	const struct buf short_header[] = {{HDR_GPA, 8, false}, {STATUS_GPA, 1, true}};
	(void)state;
	blk_open(&slice);
	assert_int_equal(blk_request(7, 0, SECTOR), S_UNSUPP);
	assert_int_equal(written, 1);
	assert_int_equal(blk_request(UINT32_MAX, 0, 0), S_UNSUPP);
	assert_int_equal(blk_submit(short_header, 2), S_IOERR); /* no whole header */
	assert_int_equal(host_disk_fake_transfers(0), 0);
	assert_int_equal(rd(STATUS) & NEEDS_RESET, 0);
}

static void test_chain_without_status_byte_needs_reset(void **state)
{
	const struct buf b[] = {{HDR_GPA, 16, false}, {DATA_GPA, SECTOR, false}};
	(void)state;
	blk_open(&slice);
	blk_header(T_OUT, 0);
	offer_chain(0, 0, b, 2);
	assert_true(rd(STATUS) & NEEDS_RESET);
	assert_int_equal(console_count("guest test: virtio-blk: request without a status byte"), 1);
	assert_int_equal(rd(INTERRUPT_STATUS) & VIRTIO_INT_CONFIG, VIRTIO_INT_CONFIG);
	assert_int_equal(used(0)->idx, 0); /* a broken device gives nothing back */
	assert_memory_equal(disk, disk_before, sizeof(disk));
	/* After a reset the driver is served again. */
	memset(ram, 0, RAM_SIZE);
	device_start(&t);
	assert_int_equal(blk_request(T_IN, 0, SECTOR), S_OK);
	assert_memory_equal(gpa_ptr(DATA_GPA), disk_at(0), SECTOR);
}

static void test_image_backend_reads_and_refuses_writes(void **state)
{
	static uint8_t image[4 * SECTOR];
	/* As the config parser gives an image: its size, read-only, no disk. */
	const struct config_virtio c = {
	    .kind = CONFIG_VIRTIO_BLK, .image = image, .size = sizeof(image), .read_only = true};
	uint64_t v;

	(void)state;
	host_devices_fake_reset(); /* no disk at all */
	for (size_t i = 0; i < sizeof(image); i++)
		image[i] = (uint8_t)(i ^ 0x3c);
	blk_open(&c);
	assert_true(device_features() & F_RO);
	assert_int_equal(reg_access(CONFIG, 8, false, &v), MMIO_DONE);
	assert_int_equal(v, 4);
	assert_int_equal(blk_request(T_IN, 1, 2 * SECTOR), S_OK);
	assert_int_equal(written, 2 * SECTOR + 1);
	assert_memory_equal(gpa_ptr(DATA_GPA), image + SECTOR, 2 * SECTOR);
	memset(gpa_ptr(DATA_GPA), 0, SECTOR);
	assert_int_equal(blk_request(T_OUT, 0, SECTOR), S_IOERR);
	assert_int_equal(image[0], 0x3c);
	assert_int_equal(blk_request(T_IN, 3, 2 * SECTOR), S_IOERR);
	assert_int_equal(blk_request(T_FLUSH, 0, 0), S_OK);
}

static void test_setup_refuses_bad_slices(void **state)
{
	struct config_virtio c = slice;
	uint64_t features = 0;

	(void)state;
	c.offset = (DISK_SECTORS - 4) * SECTOR;
	c.size = 5 * SECTOR;
	assert_int_equal(virtio_blk_setup(&blk, &c, "web", 0, &features), -1);
	assert_int_equal(
	    console_count("guest web: virtio-blk: slice 0x7800+0xa00 is beyond disk 0"), 1);
	c.offset = (DISK_SECTORS + 1) * SECTOR;
	c.size = SECTOR;
	assert_int_equal(virtio_blk_setup(&blk, &c, "web", 0, &features), -1);
	c.offset = (DISK_SECTORS - 4) * SECTOR; /* ends exactly at the disk's end */
	c.size = 4 * SECTOR;
	assert_int_equal(virtio_blk_setup(&blk, &c, "web", 0, &features), 0);

	host_console_reset();
	c.disk = 1;
	assert_int_equal(virtio_blk_setup(&blk, &c, "db", 0, &features), -1);
	assert_int_equal(console_count("guest db: virtio-blk: there is no disk 1"), 1);

	host_console_reset();
	assert_int_equal(host_disk_fake_attach(disk, DISK_SECTORS, true), 1);
	assert_int_equal(virtio_blk_setup(&blk, &c, "db", 0, &features), -1);
	assert_int_equal(console_count("guest db: virtio-blk: disk 1 is read-only"), 1);
	c.read_only = true;
	assert_int_equal(virtio_blk_setup(&blk, &c, "db", 0, &features), 0);
	assert_true(features & F_RO);
}

static void test_config_space(void **state)
{
	uint64_t v = 0;

	(void)state;
	blk_open(&slice);
	assert_int_equal(device_features() & (F_SIZE_MAX | F_SEG_MAX | F_BLK_SIZE | F_FLUSH | F_RO),
			 F_SIZE_MAX | F_SEG_MAX | F_BLK_SIZE | F_FLUSH);
	assert_int_equal(reg_access(CONFIG, 8, false, &v), MMIO_DONE); /* capacity */
	assert_int_equal(v, SLICE_SIZE);
	assert_int_equal(rd(CONFIG), SLICE_SIZE);
	assert_int_equal(rd(CONFIG + 4), 0);
	assert_int_equal(rd(CONFIG + 8), SIZE_MAX_);	       /* size_max */
	assert_int_equal(rd(CONFIG + 12), VIRTQ_MAX_SEGS - 2); /* seg_max */
	assert_int_equal(rd(CONFIG + 20), SECTOR);	       /* blk_size */
	assert_int_equal(reg_access(CONFIG + 21, 1, false, &v), MMIO_DONE);
	assert_int_equal(v, SECTOR >> 8);
	assert_int_equal(reg_access(CONFIG + 24, 4, false, &v), MMIO_IGNORED);
	assert_int_equal(reg_access(CONFIG + 22, 4, false, &v), MMIO_IGNORED);
}

#define blk_test(f) cmocka_unit_test_setup_teardown(f, blk_setup, device_teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
	    blk_test(test_read_comes_from_slice_offset),
	    blk_test(test_write_lands_at_slice_offset),
	    blk_test(test_request_spans_several_buffers),
	    blk_test(test_write_to_read_only_slice_is_ioerr),
	    blk_test(test_read_past_slice_end_is_ioerr),
	    blk_test(test_partial_sector_is_ioerr),
	    blk_test(test_flush_reaches_disk),
	    blk_test(test_disk_error_is_ioerr),
	    blk_test(test_get_id_names_guest_and_slot),
	    blk_test(test_unknown_type_is_unsupp),
	    blk_test(test_chain_without_status_byte_needs_reset),
	    blk_test(test_image_backend_reads_and_refuses_writes),
	    blk_test(test_setup_refuses_bad_slices),
	    blk_test(test_config_space),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
