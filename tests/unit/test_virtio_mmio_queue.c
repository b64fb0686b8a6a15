/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * VirtIO-MMIO transport (core/virtio/virtio_mmio_device.c): the device's side. A
 * notify reaches the device only when the device is live and the queue
 * ready; chains go through the real walker (core/virtio/virtq.c) both ways; used
 * buffers raise VIRTIO_INT_USED and the line until the driver acks; a driver
 * that breaks the rules gets DEVICE_NEEDS_RESET with one log line naming the
 * guest and the device, a config interrupt, and no more service until reset.
 */
#include "virtio_fixture.h"

static struct virtq_chain chain;

static void test_notify_only_when_live_and_ready(void **state)
{
	(void)state;
	assert_true(negotiate(VIRTIO_F_VERSION_1));
	queue_setup(0, QSIZE);
	wr(QUEUE_NOTIFY, 0); /* no DRIVER_OK yet */
	assert_int_equal(fake.notified[0], 0);
	wr(STATUS, ACK | DRIVER | FEAT_OK | DRV_OK);
	wr(QUEUE_NOTIFY, 0);
	assert_int_equal(fake.notified[0], 1);
	wr(QUEUE_NOTIFY, 1); /* queue 1 was never made ready */
	assert_int_equal(fake.notified[1], 0);
	assert_int_equal(virtio_mmio_pop(&t, 1, &chain), 0);
	assert_false(virtio_mmio_has_avail(&t, 1));
	wr(QUEUE_NOTIFY, 2); /* no such queue */
	wr(QUEUE_NOTIFY, UINT32_MAX);
	wr(QUEUE_SEL, 0);
	wr(QUEUE_READY, 0);
	offer_request(0, 0); /* notifies: no longer ready */
	assert_int_equal(fake.notified[0], 1);
	assert_false(virtio_mmio_has_avail(&t, 0));
	assert_int_equal(virtio_mmio_pop(&t, 0, &chain), 0);
	assert_int_equal(fake.notified[1], 0);
	assert_int_equal(rd(STATUS) & NEEDS_RESET, 0);
}

static void test_pop_push_chain(void **state)
{
	(void)state;
	driver_start(VIRTIO_F_VERSION_1);
	assert_false(virtio_mmio_has_avail(&t, 0));
	assert_int_equal(virtio_mmio_pop(&t, 0, &chain), 0);
	memcpy(gpa_ptr(BUF_GPA), "request 16 bytes", 16);
	offer_request(0, 0);
	assert_int_equal(fake.notified[0], 1);
	assert_true(virtio_mmio_has_avail(&t, 0));
	assert_int_equal(virtio_mmio_pop(&t, 0, &chain), 1);
	assert_false(virtio_mmio_has_avail(&t, 0));
	assert_int_equal(chain.head, 0);
	assert_int_equal(chain.count, 2);
	assert_int_equal(chain.readable, 1);
	assert_int_equal(chain.read_len, 16);
	assert_int_equal(chain.write_len, 32);
	assert_ptr_equal(chain.seg[0].data, gpa_ptr(BUF_GPA));
	assert_ptr_equal(chain.seg[1].data, gpa_ptr(BUF_GPA + 0x40));
	assert_memory_equal(chain.seg[0].data, "request 16 bytes", 16);
	memcpy(chain.seg[1].data, "reply", 5);
	assert_int_equal(virtio_mmio_pop(&t, 0, &chain), 0);
	assert_false(line);
	virtio_mmio_push(&t, 0, 0, 5);
	assert_int_equal(used(0)->idx, 1);
	assert_int_equal(used(0)->ring[0].id, 0);
	assert_int_equal(used(0)->ring[0].len, 5);
	assert_memory_equal(gpa_ptr(BUF_GPA + 0x40), "reply", 5);
	assert_int_equal(rd(INTERRUPT_STATUS), VIRTIO_INT_USED);
	assert_true(line);
}

static void test_ack_lowers_line(void **state)
{
	(void)state;
	driver_start(VIRTIO_F_VERSION_1);
	offer_request(0, 0);
	assert_int_equal(virtio_mmio_pop(&t, 0, &chain), 1);
	virtio_mmio_push(&t, 0, chain.head, 0);
	virtio_mmio_config_changed(&t);
	assert_int_equal(rd(INTERRUPT_STATUS), VIRTIO_INT_USED | VIRTIO_INT_CONFIG);
	assert_true(line);
	wr(INTERRUPT_ACK, VIRTIO_INT_USED);
	assert_int_equal(rd(INTERRUPT_STATUS), VIRTIO_INT_CONFIG);
	assert_true(line); /* the config change is still pending */
	wr(INTERRUPT_ACK, VIRTIO_INT_CONFIG);
	assert_int_equal(rd(INTERRUPT_STATUS), 0);
	assert_false(line);
	wr(INTERRUPT_ACK, VIRTIO_INT_USED | VIRTIO_INT_CONFIG); /* nothing pending: harmless */
	assert_false(line);
}

static void test_push_without_interrupt_when_driver_says_so(void **state)
{
	(void)state;
	driver_start(VIRTIO_F_VERSION_1);
	avail(0)->flags = VIRTQ_AVAIL_F_NO_INTERRUPT;
	offer_request(0, 0);
	assert_int_equal(virtio_mmio_pop(&t, 0, &chain), 1);
	virtio_mmio_push(&t, 0, chain.head, 0);
	assert_int_equal(used(0)->idx, 1);
	assert_int_equal(rd(INTERRUPT_STATUS), 0);
	assert_false(line);
}

static void test_two_queues_are_separate(void **state)
{
	(void)state;
	assert_true(negotiate(VIRTIO_F_VERSION_1));
	queue_setup(0, QSIZE);
	queue_setup(1, QSIZE);
	wr(STATUS, ACK | DRIVER | FEAT_OK | DRV_OK);
	offer_request(1, 2);
	assert_int_equal(fake.notified[0], 0);
	assert_int_equal(fake.notified[1], 1);
	assert_int_equal(virtio_mmio_pop(&t, 0, &chain), 0);
	assert_int_equal(virtio_mmio_pop(&t, 1, &chain), 1);
	assert_int_equal(chain.head, 2);
	virtio_mmio_push(&t, 1, 2, 7);
	assert_int_equal(used(1)->idx, 1);
	assert_int_equal(used(0)->idx, 0);
	assert_int_equal(virtio_mmio_pop(&t, 2, &chain), 0); /* no such queue */
}

/* The state a broken device must be in: flagged, interrupting, logged once, out of service. */
static void expect_broken(void)
{
	assert_true(rd(STATUS) & NEEDS_RESET);
	assert_true(rd(INTERRUPT_STATUS) & VIRTIO_INT_CONFIG);
	assert_true(line);
	assert_false(virtio_mmio_live(&t));
	assert_int_equal(console_count("[erg] guest test: virtio-fake: "), 1);
	assert_int_equal(console_count("needs reset"), 1);
}

static void test_descriptor_outside_ram_breaks_device(void **state)
{
	unsigned notified;

	(void)state;
	driver_start(VIRTIO_F_VERSION_1);
	put_desc(0, 0, RAM_GPA + RAM_SIZE - 8, 16, VIRTQ_DESC_F_WRITE, 0); /* runs past RAM */
	offer(0, 0);
	assert_int_equal(virtio_mmio_pop(&t, 0, &chain), 0);
	expect_broken();
	/* A good chain after it is not served, and the driver's notify no longer arrives. */
	notified = fake.notified[0];
	offer_request(0, 1);
	assert_int_equal(fake.notified[0], notified);
	assert_false(virtio_mmio_has_avail(&t, 0));
	assert_int_equal(virtio_mmio_pop(&t, 0, &chain), 0);
	virtio_mmio_push(&t, 0, 1, 0);
	assert_int_equal(used(0)->idx, 0);
	expect_broken(); /* still one line */
}

static void test_misaligned_ring_breaks_device(void **state)
{
	(void)state;
	assert_true(negotiate(VIRTIO_F_VERSION_1));
	wr(QUEUE_SEL, 0);
	wr(QUEUE_NUM, QSIZE);
	wr64(QUEUE_DESC_LOW, desc_gpa(0) + 8); /* descriptors need 16-byte alignment */
	wr64(QUEUE_DRIVER_LOW, avail_gpa(0));
	wr64(QUEUE_DEVICE_LOW, used_gpa(0));
	wr(QUEUE_READY, 1);
	assert_int_equal(rd(QUEUE_READY), 0);
	assert_false(t.queues[0].ready);
	wr(STATUS, ACK | DRIVER | FEAT_OK | DRV_OK);
	assert_int_equal(fake.driver_oks, 0);
	expect_broken();
}

static void test_ring_outside_ram_breaks_device(void **state)
{
	(void)state;
	assert_true(negotiate(VIRTIO_F_VERSION_1));
	wr(QUEUE_SEL, 0);
	wr(QUEUE_NUM, QSIZE);
	wr64(QUEUE_DESC_LOW, desc_gpa(0));
	wr64(QUEUE_DRIVER_LOW, avail_gpa(0));
	wr64(QUEUE_DEVICE_LOW, RAM_GPA + RAM_SIZE - 4);
	wr(QUEUE_READY, 1);
	assert_int_equal(rd(QUEUE_READY), 0);
	expect_broken();
}

static void test_reset_after_breakage_restores_service(void **state)
{
	(void)state;
	driver_start(VIRTIO_F_VERSION_1);
	virtio_mmio_broken(&t, "the device gave up");
	expect_broken();
	assert_non_null(strstr(host_console_text, "the device gave up"));
	virtio_mmio_broken(&t, "again");
	assert_int_equal(console_count("needs reset"), 1);
	driver_start(VIRTIO_F_VERSION_1); /* begins with a reset */
	assert_int_equal(rd(STATUS) & NEEDS_RESET, 0);
	assert_false(line);
	offer_request(0, 0);
	assert_int_equal(fake.notified[0], 1);
	assert_int_equal(virtio_mmio_pop(&t, 0, &chain), 1);
	/* A new breakage is a new line. */
	virtio_mmio_broken(&t, "second time");
	assert_int_equal(console_count("needs reset"), 2);
}

static void test_push_after_reset_dropped(void **state)
{
	(void)state;
	driver_start(VIRTIO_F_VERSION_1);
	offer_request(0, 0);
	assert_int_equal(virtio_mmio_pop(&t, 0, &chain), 1);
	wr(STATUS, 0);
	irq_calls = 0;
	virtio_mmio_push(&t, 0, chain.head, 32);
	assert_int_equal(used(0)->idx, 0);
	assert_int_equal(rd(INTERRUPT_STATUS), 0);
	assert_false(line);
	assert_int_equal(host_console_len, 0);
}

static void test_pop_needs_live_device(void **state)
{
	(void)state;
	assert_true(negotiate(VIRTIO_F_VERSION_1));
	queue_setup(0, QSIZE);
	offer_request(0, 0);
	assert_false(virtio_mmio_has_avail(&t, 0));
	assert_int_equal(virtio_mmio_pop(&t, 0, &chain), 0);
	wr(STATUS, ACK | DRIVER | FEAT_OK | DRV_OK);
	assert_true(virtio_mmio_has_avail(&t, 0));
	assert_int_equal(virtio_mmio_pop(&t, 0, &chain), 1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    virtio_test(test_notify_only_when_live_and_ready),
	    virtio_test(test_pop_push_chain),
	    virtio_test(test_ack_lowers_line),
	    virtio_test(test_push_without_interrupt_when_driver_says_so),
	    virtio_test(test_two_queues_are_separate),
	    virtio_test(test_descriptor_outside_ram_breaks_device),
	    virtio_test(test_misaligned_ring_breaks_device),
	    virtio_test(test_ring_outside_ram_breaks_device),
	    virtio_test(test_reset_after_breakage_restores_service),
	    virtio_test(test_push_after_reset_dropped),
	    virtio_test(test_pop_needs_live_device),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
