/*
 * The virtio-blk device model (core/virtio_blk.c) driven as a guest driver
 * drives it: requests of header, data and status through the real transport
 * and walker, against a fake disk whose bytes the test can see. Reads and
 * writes land at the slice's offset on the disk; anything outside the slice,
 * misshapen or aimed at a read-only device is answered IOERR without
 * touching the disk or the guest's data buffer; setup refuses slices that do
 * not fit their disk, naming the guest. A request larger than one batch's
 * bytes is served in pieces over several services, answered once, and
 * dropped unanswered, its buffers untouched from then on, by a reset.
 */
#define RAM_SIZE 0x600000 /* room for a 4 MiB request and another beside it */

#include "virtio_blk.h"
#include "virtio_device_fixture.h"

#define T_IN	 0
#define T_OUT	 1
#define T_FLUSH	 4
#define T_GET_ID 8
#define S_OK	 0
#define S_IOERR	 1
#define S_UNSUPP 2

#define F_SIZE_MAX (1ULL << 1)
#define F_SEG_MAX  (1ULL << 2)
#define F_RO	   (1ULL << 5)
#define F_BLK_SIZE (1ULL << 6)
#define F_FLUSH	   (1ULL << 9)

#define SECTOR	     512
#define DISK_SECTORS 64
#define SLICE_FIRST  8 /* the slice: sectors 8 .. 23 of the disk */
#define SLICE_SIZE   16

#define HDR_GPA	   BUF_GPA
#define STATUS_GPA (BUF_GPA + 0x40)
#define DATA_GPA   (BUF_GPA + 0x100) /* room for 0x1f7f00 bytes */
#define SIZE_MAX_  (16 << 10)	     /* size_max the device advertises */
#define DATA_MAX   ((VIRTQ_MAX_SEGS - 2) * SIZE_MAX_)
#define PIECE	   (256 << 10) /* the data one service moves: VIRTIO_MMIO_BATCH_BYTES */
#define BIG	   (4 << 20)   /* a large request: U-Boot's `virtio read` of 0x2000 blocks */
#define BIG_HDR	   (RAM_GPA + 0x500000) /* a second request's buffers, past the large one */

static uint8_t disk[DISK_SECTORS * SECTOR];
static uint8_t disk_before[sizeof(disk)];
static struct virtio_blk blk;
static struct config_virtio slice;
static uint32_t written; /* the used length of the last request */

static int blk_setup(void **state)
{
	(void)state;
	host_devices_fake_reset();
	host_console_reset();
	for (size_t i = 0; i < sizeof(disk); i++)
		disk[i] = (uint8_t)(i / SECTOR * 31 + i % 251);
	memcpy(disk_before, disk, sizeof(disk));
	assert_int_equal(host_disk_fake_attach(disk, DISK_SECTORS, false), 0);
	slice = (struct config_virtio){.kind = CONFIG_VIRTIO_BLK,
				       .disk = 0,
				       .offset = SLICE_FIRST * SECTOR,
				       .size = SLICE_SIZE * SECTOR};
	return 0;
}

/* Set the device up for config c as guest "test", slot 0, and start its driver. */
static void blk_open(const struct config_virtio *c)
{
	uint64_t features;

	assert_int_equal(virtio_blk_setup(&blk, c, "test", 0, &features), 0);
	device_attach(&virtio_blk_ops, &blk, features);
	device_start(&t);
}

static void blk_header_at(uint64_t gpa, uint32_t type, uint64_t sector)
{
	uint8_t *h = gpa_ptr(gpa);

	memset(h, 0, 16);
	memcpy(h, &type, sizeof(type));
	memcpy(h + 8, &sector, sizeof(sector));
}

static void blk_header(uint32_t type, uint64_t sector)
{
	blk_header_at(HDR_GPA, type, sector);
}

/* Offer the chain b[0 .. n) (head 0), check it came back; its status byte, written set. */
static uint8_t blk_submit(const struct buf *b, unsigned n)
{
	uint16_t before = used(0)->idx;
	uint8_t *status = gpa_ptr(b[n - 1].gpa + b[n - 1].len - 1);

	*status = 0xee;
	offer_chain(0, 0, b, n);
	assert_int_equal(used(0)->idx, (uint16_t)(before + 1));
	assert_int_equal(used(0)->ring[before % QSIZE].id, 0);
	written = used_len(0, before);
	return *status;
}

/* A request with one data buffer of len bytes at DATA_GPA (none when len is 0). */
static uint8_t blk_request(uint32_t type, uint64_t sector, uint32_t len)
{
	struct buf b[3] = {
	    {HDR_GPA, 16, false}, {DATA_GPA, len, type != T_OUT}, {STATUS_GPA, 1, true}};

	blk_header(type, sector);
	if (!len) {
		b[1] = b[2];
		return blk_submit(b, 2);
	}
	return blk_submit(b, 3);
}

static uint8_t *disk_at(uint64_t slice_sector)
{
	return disk + (SLICE_FIRST + slice_sector) * SECTOR;
}

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

/* The large tests' disk: 8 MiB of a known pattern, the slice 6 MiB of it from 1 MiB on. */
#define BIG_DISK  (8 << 20)
#define BIG_FIRST (1 << 20)
#define BIG_SLICE (6 << 20)

static uint8_t *big_disk;
static uint8_t *big_before; /* its bytes before the test */
static unsigned defer_calls;

static int blk_teardown(void **state)
{
	free(big_disk);
	free(big_before);
	big_disk = big_before = NULL;
	return device_teardown(state);
}

static void count_defer(void *arg)
{
	(void)arg;
	defer_calls++;
}

/* Set the device up on the large disk, deferral counted. */
static void big_open(void)
{
	static struct config_virtio c;

	big_disk = malloc(BIG_DISK);
	big_before = malloc(BIG_DISK);
	assert_non_null(big_disk);
	assert_non_null(big_before);
	for (size_t i = 0; i < BIG_DISK; i += 4) {
		uint32_t v = (uint32_t)(i * 2654435761u) ^ 0x5a5a5a5a;

		memcpy(big_disk + i, &v, sizeof(v));
	}
	memcpy(big_before, big_disk, BIG_DISK);
	host_devices_fake_reset();
	assert_int_equal(host_disk_fake_attach(big_disk, BIG_DISK / SECTOR, false), 0);
	c = (struct config_virtio){
	    .kind = CONFIG_VIRTIO_BLK, .disk = 0, .offset = BIG_FIRST, .size = BIG_SLICE};
	blk_open(&c);
	defer_calls = 0;
	virtio_mmio_set_defer(&t, count_defer, NULL);
}

static uint8_t *big_at(uint64_t slice_sector)
{
	return big_disk + BIG_FIRST + slice_sector * SECTOR;
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
 * from an image as from a disk.
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
	assert_int_equal(host_disk_fake_transfers(0), BIG / PIECE);
	assert_int_equal(defer_calls, BIG / PIECE - 1);
	assert_int_equal(t.deferred, 0);
	assert_false(virtio_mmio_resume(&t));
	assert_int_equal(blk.reads, 1);
	assert_int_equal(blk.errors, 0);
	assert_memory_equal(big_disk, big_before, BIG_DISK);
}

/* A 4 MiB write likewise: the disk changes one piece per service, answered at the end. */
static void test_large_write_served_in_pieces(void **state)
{
	uint8_t *data;

	(void)state;
	big_open();
	data = gpa_ptr(DATA_GPA);
	for (size_t i = 0; i < BIG; i++)
		data[i] = (uint8_t)(i * 7 + i / 4096);
	big_offer(0, HDR_GPA, T_OUT, 16, DATA_GPA, BIG);
	for (unsigned piece = 1; piece < BIG / PIECE; piece++) {
		assert_int_equal(used(0)->idx, 0);
		assert_memory_equal(big_at(16), data, piece * PIECE);
		assert_memory_equal(big_at(16) + piece * PIECE,
				    big_before + (big_at(16) - big_disk) + piece * PIECE,
				    BIG - piece * PIECE);
		assert_true(virtio_mmio_resume(&t));
	}
	assert_int_equal(used(0)->idx, 1);
	assert_int_equal(used_len(0, 0), 1);
	assert_int_equal(*(uint8_t *)gpa_ptr(STATUS_GPA), S_OK);
	memcpy(big_before + (big_at(16) - big_disk), data, BIG);
	assert_memory_equal(big_disk, big_before, BIG_DISK); /* those bytes, nothing else */
	assert_int_equal(blk.writes, 1);
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
	assert_int_equal(host_disk_fake_transfers(0), 3);
}

/* Likewise for a write: the disk gets no piece after the reset. */
static void test_reset_mid_write_drops_it(void **state)
{
	uint8_t *data;

	(void)state;
	big_open();
	data = gpa_ptr(DATA_GPA);
	memset(data, 0x3c, BIG);
	big_offer(0, HDR_GPA, T_OUT, 0, DATA_GPA, BIG);
	assert_true(virtio_mmio_resume(&t));
	wr(STATUS, 0);
	assert_false(virtio_mmio_resume(&t));
	driver_restart();
	expect_fresh_request_served();
	memset(big_before + BIG_FIRST, 0x3c, 2 * PIECE);
	assert_memory_equal(big_disk, big_before, BIG_DISK); /* two pieces, nothing more */
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
	big_offer(0, HDR_GPA, T_OUT, BIG_SLICE / SECTOR - BIG / SECTOR + 1, DATA_GPA, BIG);
	assert_int_equal(used(0)->idx, 2);
	assert_int_equal(*(uint8_t *)gpa_ptr(STATUS_GPA), S_IOERR);
	assert_int_equal(host_disk_fake_transfers(0), 0);
	assert_int_equal(defer_calls, 0);
	assert_memory_equal(big_disk, big_before, BIG_DISK);
	/* Ending exactly at the slice's end is fine. */
	big_offer(0, HDR_GPA, T_IN, BIG_SLICE / SECTOR - BIG / SECTOR, DATA_GPA, BIG);
	while (used(0)->idx == 2)
		assert_true(virtio_mmio_resume(&t));
	assert_int_equal(*(uint8_t *)gpa_ptr(STATUS_GPA), S_OK);
	assert_memory_equal(data, big_at(BIG_SLICE / SECTOR - BIG / SECTOR), BIG);
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

#define blk_test(f) cmocka_unit_test_setup_teardown(f, blk_setup, blk_teardown)

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
	    blk_test(test_request_past_advertised_size_is_served),
	    blk_test(test_large_read_served_in_pieces),
	    blk_test(test_large_write_served_in_pieces),
	    blk_test(test_requests_behind_a_large_one_wait),
	    blk_test(test_reset_mid_read_drops_it),
	    blk_test(test_reset_mid_write_drops_it),
	    blk_test(test_breakage_mid_request_drops_it),
	    blk_test(test_large_request_past_slice_is_ioerr_at_once),
	    blk_test(test_config_space),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
