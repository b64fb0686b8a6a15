/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * VirtIO-MMIO transport (core/virtio/virtio_mmio.c): device initialization as
 * VirtIO 1.2 section 3.1 and Linux's virtio-mmio driver do it. The status
 * state machine, feature negotiation (FEATURES_OK only for a subset of the
 * offered features that includes VERSION_1), queue set-up and its freeze
 * while the queue is ready, and the reset that undoes it all.
 */
#include "virtio_fixture.h"

static void test_linux_init_sequence(void **state)
{
	uint64_t offered;

	(void)state;
	assert_int_equal(rd(MAGIC), 0x74726976);
	assert_int_equal(rd(VERSION), 2);
	assert_int_not_equal(rd(DEVICE_ID), 0);
	wr(STATUS, 0);
	assert_int_equal(fake.resets, 1);
	wr(STATUS, ACK);
	assert_int_equal(rd(STATUS), ACK);
	wr(STATUS, ACK | DRIVER);
	assert_int_equal(rd(STATUS), ACK | DRIVER);
	wr(DEVICE_FEATURES_SEL, 1);
	offered = (uint64_t)rd(DEVICE_FEATURES) << 32;
	wr(DEVICE_FEATURES_SEL, 0);
	offered |= rd(DEVICE_FEATURES);
	assert_int_equal(offered, ALL_FEATURES);
	wr(DRIVER_FEATURES_SEL, 1);
	wr(DRIVER_FEATURES, (uint32_t)(offered >> 32));
	wr(DRIVER_FEATURES_SEL, 0);
	wr(DRIVER_FEATURES, (uint32_t)offered);
	wr(STATUS, ACK | DRIVER | FEAT_OK);
	assert_int_equal(rd(STATUS), ACK | DRIVER | FEAT_OK);
	assert_true(virtio_mmio_negotiated(&t, VIRTIO_F_EVENT_IDX | FAKE_F_HI));
	for (unsigned q = 0; q < 2; q++) {
		queue_setup(q, QSIZE);
		assert_int_equal(rd(QUEUE_READY), 1);
		assert_true(t.queues[q].ready);
		assert_true(t.queues[q].event_idx);
		assert_int_equal(t.queues[q].size, QSIZE);
		assert_int_equal(t.queues[q].desc_gpa, desc_gpa(q));
		assert_int_equal(t.queues[q].avail_gpa, avail_gpa(q));
		assert_int_equal(t.queues[q].used_gpa, used_gpa(q));
	}
	assert_false(virtio_mmio_live(&t));
	assert_int_equal(fake.driver_oks, 0);
	wr(STATUS, ACK | DRIVER | FEAT_OK | DRV_OK);
	assert_int_equal(rd(STATUS), ACK | DRIVER | FEAT_OK | DRV_OK);
	assert_int_equal(fake.driver_oks, 1);
	assert_true(virtio_mmio_live(&t));
	assert_false(line);
	assert_int_equal(host_console_len, 0);
}

static void test_features_ok_refused_without_version_1(void **state)
{
	(void)state;
	assert_false(negotiate(FAKE_F_A | VIRTIO_F_EVENT_IDX));
	assert_int_equal(rd(STATUS), ACK | DRIVER);
	assert_false(virtio_mmio_negotiated(&t, FAKE_F_A));
	/* Not a broken device: the driver just reads FEATURES_OK back unset. */
	assert_int_equal(rd(STATUS) & NEEDS_RESET, 0);
}

static void test_features_ok_refused_with_unoffered_bits(void **state)
{
	static const uint64_t unoffered[] = {1ULL << 1, 1ULL << 31, 1ULL << 33, 1ULL << 63,
					     VIRTIO_F_INDIRECT_DESC};

	(void)state;
	for (size_t i = 0; i < ARRAY_SIZE(unoffered); i++) {
		assert_false(negotiate(VIRTIO_F_VERSION_1 | unoffered[i]));
		assert_int_equal(rd(STATUS), ACK | DRIVER);
	}
	/* The same driver asking for less gets in. */
	assert_true(negotiate(VIRTIO_F_VERSION_1 | FAKE_F_A));
}

static void test_features_ok_accepted_freezes_features(void **state)
{
	(void)state;
	assert_true(negotiate(VIRTIO_F_VERSION_1 | FAKE_F_A));
	assert_true(virtio_mmio_negotiated(&t, VIRTIO_F_VERSION_1));
	assert_true(virtio_mmio_negotiated(&t, FAKE_F_A));
	assert_false(virtio_mmio_negotiated(&t, VIRTIO_F_EVENT_IDX));
	assert_false(virtio_mmio_negotiated(&t, FAKE_F_HI));
	/* Once accepted, the features no longer change. */
	wr(DRIVER_FEATURES_SEL, 0);
	wr(DRIVER_FEATURES, (uint32_t)(FAKE_F_A | VIRTIO_F_EVENT_IDX));
	wr(DRIVER_FEATURES_SEL, 1);
	wr(DRIVER_FEATURES, (uint32_t)(FAKE_F_HI >> 32));
	assert_false(virtio_mmio_negotiated(&t, VIRTIO_F_EVENT_IDX));
	assert_false(virtio_mmio_negotiated(&t, FAKE_F_HI));
	assert_int_equal(t.driver_features, VIRTIO_F_VERSION_1 | FAKE_F_A);
}

static void test_driver_features_by_select(void **state)
{
	(void)state;
	wr(DRIVER_FEATURES_SEL, 0);
	wr(DRIVER_FEATURES, 0xdeadbeef);
	wr(DRIVER_FEATURES_SEL, 1);
	wr(DRIVER_FEATURES, 0x12345678);
	assert_int_equal(t.driver_features, 0x12345678deadbeefULL);
	wr(DRIVER_FEATURES_SEL, 2); /* no such half: dropped */
	wr(DRIVER_FEATURES, 0xffffffff);
	assert_int_equal(t.driver_features, 0x12345678deadbeefULL);
	wr(DRIVER_FEATURES_SEL, 0);
	wr(DRIVER_FEATURES, 1);
	assert_int_equal(t.driver_features, 0x1234567800000001ULL);
}

static void test_status_bits_only_added(void **state)
{
	(void)state;
	wr(STATUS, ACK | DRIVER);
	wr(STATUS, ACK); /* would clear DRIVER: ignored */
	assert_int_equal(rd(STATUS), ACK | DRIVER);
	wr(STATUS, DRIVER);
	assert_int_equal(rd(STATUS), ACK | DRIVER);
	wr(STATUS, ACK | VIRTIO_STATUS_FAILED); /* adds one bit but clears another: ignored */
	assert_int_equal(rd(STATUS), ACK | DRIVER);
	/* DEVICE_NEEDS_RESET is the device's to set, not the driver's. */
	wr(STATUS, ACK | DRIVER | NEEDS_RESET);
	assert_int_equal(rd(STATUS), ACK | DRIVER);
	wr(STATUS, ACK | DRIVER | VIRTIO_STATUS_FAILED);
	assert_int_equal(rd(STATUS), ACK | DRIVER | VIRTIO_STATUS_FAILED);
	assert_int_equal(fake.resets, 0);
}

static void test_driver_ok_without_features_ok_breaks(void **state)
{
	(void)state;
	wr(STATUS, ACK | DRIVER);
	wr(STATUS, ACK | DRIVER | DRV_OK);
	assert_int_equal(rd(STATUS), ACK | DRIVER | NEEDS_RESET);
	assert_int_equal(fake.driver_oks, 0);
	assert_false(virtio_mmio_live(&t));
	assert_non_null(strstr(host_console_text, "guest test: virtio-fake: "));
	assert_int_equal(rd(INTERRUPT_STATUS), VIRTIO_INT_CONFIG);
}

static void test_setup_registers_ignored_while_ready(void **state)
{
	(void)state;
	assert_true(negotiate(VIRTIO_F_VERSION_1));
	queue_setup(0, QSIZE);
	wr(QUEUE_NUM, 4);
	wr64(QUEUE_DESC_LOW, RAM_GPA + 0x100);
	wr64(QUEUE_DRIVER_LOW, RAM_GPA + 0x200);
	wr64(QUEUE_DEVICE_LOW, RAM_GPA + 0x300);
	wr(QUEUE_READY, 1); /* again: no effect */
	assert_int_equal(t.queues[0].size, QSIZE);
	assert_int_equal(t.queues[0].desc_gpa, desc_gpa(0));
	assert_int_equal(t.queues[0].avail_gpa, avail_gpa(0));
	assert_int_equal(t.queues[0].used_gpa, used_gpa(0));
	assert_true(t.queues[0].ready);
	/* Queue 1 is not ready, so it takes its own set-up. */
	wr(QUEUE_SEL, 1);
	wr(QUEUE_NUM, 4);
	assert_int_equal(t.queues[1].size, 4);
	assert_int_equal(t.queues[0].size, QSIZE);
	assert_int_equal(rd(STATUS) & NEEDS_RESET, 0);
}

static void test_queue_ready_zero_keeps_addresses(void **state)
{
	(void)state;
	assert_true(negotiate(VIRTIO_F_VERSION_1));
	queue_setup(0, QSIZE);
	wr(QUEUE_READY, 0);
	assert_int_equal(rd(QUEUE_READY), 0);
	assert_false(t.queues[0].ready);
	assert_int_equal(t.queues[0].desc_gpa, desc_gpa(0));
	assert_int_equal(t.queues[0].size, QSIZE);
	/* Not ready again, so set-up writes count again. */
	wr(QUEUE_NUM, 4);
	assert_int_equal(t.queues[0].size, 4);
	wr(QUEUE_READY, 1);
	assert_int_equal(rd(QUEUE_READY), 1);
}

static void test_queue_num_checked_on_ready(void **state)
{
	static const uint32_t bad[] = {0, 3, 12, VIRTQ_MAX_SIZE * 2};

	(void)state;
	for (size_t i = 0; i < ARRAY_SIZE(bad); i++) {
		assert_true(negotiate(VIRTIO_F_VERSION_1));
		queue_setup(0, QSIZE);
		wr(QUEUE_SEL, 1);
		wr(QUEUE_NUM, bad[i]);
		wr64(QUEUE_DESC_LOW, desc_gpa(1));
		wr64(QUEUE_DRIVER_LOW, avail_gpa(1));
		wr64(QUEUE_DEVICE_LOW, used_gpa(1));
		wr(QUEUE_READY, 1);
		assert_int_equal(rd(QUEUE_READY), 0);
		assert_true(rd(STATUS) & NEEDS_RESET);
	}
	assert_int_equal(console_count("needs reset"), ARRAY_SIZE(bad));
}

static void test_event_idx_follows_negotiation(void **state)
{
	(void)state;
	assert_true(negotiate(VIRTIO_F_VERSION_1));
	queue_setup(0, QSIZE);
	assert_false(t.queues[0].event_idx);
	assert_true(negotiate(VIRTIO_F_VERSION_1 | VIRTIO_F_EVENT_IDX));
	queue_setup(0, QSIZE);
	assert_true(t.queues[0].event_idx);
}

static void test_reset_clears_everything(void **state)
{
	(void)state;
	driver_start(ALL_FEATURES);
	queue_setup(1, QSIZE);
	wr(DEVICE_FEATURES_SEL, 1);
	wr(DRIVER_FEATURES_SEL, 1);
	virtio_mmio_config_changed(&t);
	assert_true(line);
	fake.resets = 0;
	wr(STATUS, 0);
	assert_int_equal(fake.resets, 1);
	assert_int_equal(rd(STATUS), 0);
	assert_int_equal(rd(INTERRUPT_STATUS), 0);
	assert_false(line);
	assert_false(virtio_mmio_live(&t));
	assert_false(virtio_mmio_negotiated(&t, VIRTIO_F_VERSION_1));
	assert_int_equal(t.driver_features, 0);
	assert_int_equal(t.device_features_sel, 0);
	assert_int_equal(t.driver_features_sel, 0);
	assert_int_equal(t.queue_sel, 0);
	for (unsigned q = 0; q < 2; q++) {
		wr(QUEUE_SEL, q);
		assert_int_equal(rd(QUEUE_READY), 0);
		assert_int_equal(t.queues[q].size, 0);
		assert_int_equal(t.queues[q].desc_gpa, 0);
		assert_int_equal(t.queues[q].avail_gpa, 0);
		assert_int_equal(t.queues[q].used_gpa, 0);
	}
	/* And the device can be brought up again. */
	driver_start(ALL_FEATURES);
	assert_int_equal(fake.driver_oks, 2);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    virtio_test(test_linux_init_sequence),
	    virtio_test(test_features_ok_refused_without_version_1),
	    virtio_test(test_features_ok_refused_with_unoffered_bits),
	    virtio_test(test_features_ok_accepted_freezes_features),
	    virtio_test(test_driver_features_by_select),
	    virtio_test(test_status_bits_only_added),
	    virtio_test(test_driver_ok_without_features_ok_breaks),
	    virtio_test(test_setup_registers_ignored_while_ready),
	    virtio_test(test_queue_ready_zero_keeps_addresses),
	    virtio_test(test_queue_num_checked_on_ready),
	    virtio_test(test_event_idx_follows_negotiation),
	    virtio_test(test_reset_clears_everything),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
