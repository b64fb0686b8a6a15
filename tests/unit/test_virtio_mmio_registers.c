/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * VirtIO-MMIO transport (core/virtio/virtio_mmio.c): the register window as a
 * driver probing it sees it. Identity registers, the feature halves behind
 * DeviceFeaturesSel, QueueNumMax per queue, the absent shared memory
 * regions, the device's config space at 0x100 with its widths, the config
 * generation, and accesses the transport does not define.
 */
#include "virtio_fixture.h"

static void test_identity_registers(void **state)
{
	(void)state;
	assert_int_equal(rd(MAGIC), 0x74726976);
	assert_int_equal(rd(VERSION), 2);
	assert_int_equal(rd(DEVICE_ID), FAKE_ID);
	assert_int_equal(rd(VENDOR_ID), 0x00475245);
	assert_int_equal(rd(STATUS), 0);
	assert_int_equal(rd(INTERRUPT_STATUS), 0);
	assert_int_equal(irq_calls, 0);
}

static void test_device_features_by_select(void **state)
{
	(void)state;
	assert_int_equal(rd(DEVICE_FEATURES), (uint32_t)ALL_FEATURES); /* select starts at 0 */
	wr(DEVICE_FEATURES_SEL, 1);
	assert_int_equal(rd(DEVICE_FEATURES), (uint32_t)(ALL_FEATURES >> 32));
	assert_true(rd(DEVICE_FEATURES) & (uint32_t)(VIRTIO_F_VERSION_1 >> 32));
	wr(DEVICE_FEATURES_SEL, 0);
	assert_int_equal(rd(DEVICE_FEATURES), (uint32_t)ALL_FEATURES);
	assert_true(rd(DEVICE_FEATURES) & VIRTIO_F_EVENT_IDX);
	for (uint32_t sel = 2; sel < 5; sel++) {
		wr(DEVICE_FEATURES_SEL, sel);
		assert_int_equal(rd(DEVICE_FEATURES), 0);
	}
	wr(DEVICE_FEATURES_SEL, UINT32_MAX);
	assert_int_equal(rd(DEVICE_FEATURES), 0);
}

static void test_queue_num_max_zero_for_absent_queue(void **state)
{
	(void)state;
	for (uint32_t q = 0; q < 2; q++) {
		wr(QUEUE_SEL, q);
		assert_int_equal(rd(QUEUE_NUM_MAX), VIRTQ_MAX_SIZE);
	}
	static const uint32_t absent[] = {2, 3, 0xffff, UINT32_MAX};
	for (size_t i = 0; i < ARRAY_SIZE(absent); i++) {
		wr(QUEUE_SEL, absent[i]);
		assert_int_equal(rd(QUEUE_NUM_MAX), 0);
		wr(QUEUE_NUM, 4);   /* no queue to take it */
		wr(QUEUE_READY, 1); /* nor to enable */
		assert_int_equal(rd(QUEUE_READY), 0);
	}
	assert_int_equal(rd(STATUS), 0);
	assert_int_equal(host_console_len, 0);
}

static void test_single_queue_device_has_no_queue_1(void **state)
{
	struct virtio_device_ops one = fake_ops;

	(void)state;
	one.queue_count = 1;
	t.ops = &one;
	wr(QUEUE_SEL, 0);
	assert_int_equal(rd(QUEUE_NUM_MAX), VIRTQ_MAX_SIZE);
	wr(QUEUE_SEL, 1);
	assert_int_equal(rd(QUEUE_NUM_MAX), 0);
	wr(QUEUE_NUM, 4);
	assert_int_equal(t.queues[1].size, 0);
	t.ops = &fake_ops;
}

static void test_write_only_registers_read_zero(void **state)
{
	static const uint64_t write_only[] = {
	    DEVICE_FEATURES_SEL, DRIVER_FEATURES,  DRIVER_FEATURES_SEL, QUEUE_SEL,
	    QUEUE_NUM,		 QUEUE_NOTIFY,	   INTERRUPT_ACK,	QUEUE_DESC_LOW,
	    QUEUE_DESC_HIGH,	 QUEUE_DRIVER_LOW, QUEUE_DRIVER_HIGH,	QUEUE_DEVICE_LOW,
	    QUEUE_DEVICE_HIGH,	 SHM_SEL,	   QUEUE_RESET};

	(void)state;
	wr(DEVICE_FEATURES_SEL, 1);
	wr(QUEUE_SEL, 1);
	wr(QUEUE_NUM, QSIZE);
	wr(QUEUE_DESC_LOW, 0x1234);
	for (size_t i = 0; i < ARRAY_SIZE(write_only); i++)
		assert_int_equal(rd(write_only[i]), 0);
	assert_int_equal(t.device_features_sel, 1);
	assert_int_equal(t.queue_sel, 1);
	assert_int_equal(t.queues[1].size, QSIZE);
	assert_int_equal(t.queues[1].desc_gpa, 0x1234);
}

static void test_read_only_registers_drop_writes(void **state)
{
	static const uint64_t read_only[] = {
	    MAGIC,	     VERSION,	    DEVICE_ID,	      VENDOR_ID,
	    DEVICE_FEATURES, QUEUE_NUM_MAX, INTERRUPT_STATUS, SHM_LEN_LOW,
	    SHM_LEN_HIGH,    SHM_BASE_LOW,  SHM_BASE_HIGH,    CONFIG_GENERATION};
	uint32_t before[ARRAY_SIZE(read_only)];

	(void)state;
	virtio_mmio_config_changed(&t);
	for (size_t i = 0; i < ARRAY_SIZE(read_only); i++)
		before[i] = rd(read_only[i]);
	for (size_t i = 0; i < ARRAY_SIZE(read_only); i++)
		wr(read_only[i], 0x5a5a5a5a);
	for (size_t i = 0; i < ARRAY_SIZE(read_only); i++)
		assert_int_equal(rd(read_only[i]), before[i]);
	assert_int_equal(map.ignored, 0);
}

static void test_shared_memory_absent(void **state)
{
	(void)state;
	for (uint32_t id = 0; id < 3; id++) {
		wr(SHM_SEL, id);
		assert_int_equal(rd(SHM_LEN_LOW), UINT32_MAX);
		assert_int_equal(rd(SHM_LEN_HIGH), UINT32_MAX);
	}
}

static void test_config_space_read_widths(void **state)
{
	uint64_t v;

	(void)state;
	v = 0;
	assert_int_equal(reg_access(CONFIG, 1, false, &v), MMIO_DONE);
	assert_int_equal(v, 0x01);
	assert_int_equal(reg_access(CONFIG + 3, 1, false, &v), MMIO_DONE);
	assert_int_equal(v, 0x04);
	assert_int_equal(reg_access(CONFIG + 2, 2, false, &v), MMIO_DONE);
	assert_int_equal(v, 0x0403);
	assert_int_equal(reg_access(CONFIG + 4, 4, false, &v), MMIO_DONE);
	assert_int_equal(v, 0x08070605);
	assert_int_equal(reg_access(CONFIG, 8, false, &v), MMIO_DONE);
	assert_int_equal(v, 0x0807060504030201ULL);
	/* Beyond the fake's eight bytes the device says no; the read gives 0. */
	v = 0x77;
	assert_int_equal(reg_access(CONFIG + 8, 1, false, &v), MMIO_IGNORED);
	assert_int_equal(v, 0);
	assert_int_equal(reg_access(CONFIG + 4, 8, false, &v), MMIO_IGNORED);
}

static void test_config_space_write_widths(void **state)
{
	uint64_t v;

	(void)state;
	v = 0xbbaa;
	assert_int_equal(reg_access(CONFIG + 2, 2, true, &v), MMIO_DONE);
	v = 0xcc;
	assert_int_equal(reg_access(CONFIG + 7, 1, true, &v), MMIO_DONE);
	assert_memory_equal(fake.config, "\x01\x02\xaa\xbb\x05\x06\x07\xcc", 8);
	v = 0x1122334455667788ULL;
	assert_int_equal(reg_access(CONFIG, 8, true, &v), MMIO_DONE);
	assert_int_equal(fake.config_writes, 3);
	v = 0;
	assert_int_equal(reg_access(CONFIG, 4, false, &v), MMIO_DONE);
	assert_int_equal(v, 0x55667788);
	assert_int_equal(reg_access(CONFIG + 6, 4, true, &v), MMIO_IGNORED);
	assert_int_equal(fake.config_writes, 3);
}

static void test_config_generation_changes_on_config_changed(void **state)
{
	uint32_t gen;

	(void)state;
	gen = rd(CONFIG_GENERATION);
	assert_int_equal(rd(CONFIG_GENERATION), gen); /* stable while nothing changes */
	virtio_mmio_config_changed(&t);
	assert_int_not_equal(rd(CONFIG_GENERATION), gen);
	assert_int_equal(rd(INTERRUPT_STATUS), VIRTIO_INT_CONFIG);
	assert_true(line);
	gen = rd(CONFIG_GENERATION);
	virtio_mmio_config_changed(&t);
	assert_int_not_equal(rd(CONFIG_GENERATION), gen);
	wr(INTERRUPT_ACK, VIRTIO_INT_CONFIG);
	assert_int_equal(rd(INTERRUPT_STATUS), 0);
	assert_false(line);
}

static void test_undefined_offsets_are_ignored(void **state)
{
	static const uint64_t gaps[] = {0x018, 0x01c, 0x028, 0x02c, 0x03c, 0x040, 0x048, 0x04c,
					0x054, 0x05c, 0x068, 0x06c, 0x074, 0x07c, 0x088, 0x08c,
					0x098, 0x0a8, 0x0c4, 0x0d0, 0x0f0, 0x0f8};
	uint64_t v;

	(void)state;
	for (size_t i = 0; i < ARRAY_SIZE(gaps); i++) {
		v = 0x1234;
		assert_int_equal(reg_access(gaps[i], 4, false, &v), MMIO_IGNORED);
		assert_int_equal(v, 0);
		v = UINT32_MAX;
		assert_int_equal(reg_access(gaps[i], 4, true, &v), MMIO_IGNORED);
	}
	assert_int_equal(map.ignored, 2 * ARRAY_SIZE(gaps));
	assert_int_equal(rd(STATUS), 0);
}

static void test_common_registers_need_32_bit_accesses(void **state)
{
	static const unsigned widths[] = {1, 2, 8};
	static const uint64_t regs[] = {MAGIC,	      DEVICE_FEATURES, QUEUE_SEL,
					QUEUE_NOTIFY, STATUS,	       CONFIG_GENERATION};
	uint64_t v;

	(void)state;
	for (size_t r = 0; r < ARRAY_SIZE(regs); r++) {
		for (size_t w = 0; w < ARRAY_SIZE(widths); w++) {
			v = 0x1234;
			assert_int_equal(reg_access(regs[r], widths[w], false, &v), MMIO_IGNORED);
			assert_int_equal(v, 0);
			v = ACK;
			assert_int_equal(reg_access(regs[r], widths[w], true, &v), MMIO_IGNORED);
		}
		/* Misaligned 32-bit accesses are not registers either. */
		assert_int_equal(reg_access(regs[r] + 2, 4, false, &v), MMIO_IGNORED);
		assert_int_equal(reg_access(regs[r] + 1, 4, true, &v), MMIO_IGNORED);
	}
	assert_int_equal(rd(STATUS), 0);
	assert_int_equal(t.queue_sel, 0);
	assert_int_equal(fake.notified[0], 0);
}

static void test_config_space_without_write_op_drops_writes(void **state)
{
	struct virtio_device_ops ro = fake_ops;
	uint64_t v = 0xff;

	(void)state;
	ro.config_write = NULL;
	t.ops = &ro;
	assert_int_equal(reg_access(CONFIG, 1, true, &v), MMIO_DONE);
	assert_int_equal(fake.config[0], 0x01);
	assert_int_equal(reg_access(CONFIG, 1, false, &v), MMIO_DONE);
	assert_int_equal(v, 0x01);
	t.ops = &fake_ops;
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    virtio_test(test_identity_registers),
	    virtio_test(test_device_features_by_select),
	    virtio_test(test_queue_num_max_zero_for_absent_queue),
	    virtio_test(test_single_queue_device_has_no_queue_1),
	    virtio_test(test_write_only_registers_read_zero),
	    virtio_test(test_read_only_registers_drop_writes),
	    virtio_test(test_shared_memory_absent),
	    virtio_test(test_config_space_read_widths),
	    virtio_test(test_config_space_write_widths),
	    virtio_test(test_config_generation_changes_on_config_changed),
	    virtio_test(test_undefined_offsets_are_ignored),
	    virtio_test(test_common_registers_need_32_bit_accesses),
	    virtio_test(test_config_space_without_write_op_drops_writes),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
