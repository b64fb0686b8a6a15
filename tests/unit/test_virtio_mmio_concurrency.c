/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * VirtIO-MMIO transport (core/virtio_mmio*.c) shared between harts: a device
 * thread popping and pushing while the driver (the test's main thread)
 * offers requests, notifies and acks interrupts, and a third thread keeps
 * changing the config space. Every request must come back once and in
 * order, the device must never break, and the line must end up matching
 * InterruptStatus.
 */
#include <pthread.h>

#include "virtio_fixture.h"

#define MT_REQUESTS 20000	/* below 65536: the used index does not wrap */
#define MT_INFLIGHT (QSIZE / 2) /* each request takes two descriptors */
#define MT_CONFIGS  5000
#define MT_SPIN_MAX 100000000UL /* a hung peer fails the test instead of hanging it */

static unsigned mt_served, mt_bad_chains;
static bool mt_stop;

static void *mt_device(void *arg)
{
	static struct virtq_chain c;

	(void)arg;
	while (!__atomic_load_n(&mt_stop, __ATOMIC_ACQUIRE)) {
		if (virtio_mmio_pop(&t, 0, &c) != 1)
			continue;
		if (c.head != (mt_served * 2) % QSIZE || c.read_len != 16 || c.write_len != 32)
			mt_bad_chains++;
		virtio_mmio_push(&t, 0, c.head, 32);
		__atomic_store_n(&mt_served, mt_served + 1, __ATOMIC_RELEASE);
	}
	return NULL;
}

static void *mt_config(void *arg)
{
	(void)arg;
	for (unsigned i = 0; i < MT_CONFIGS; i++)
		virtio_mmio_config_changed(&t);
	return NULL;
}

static uint16_t mt_used_idx(void)
{
	return __atomic_load_n(&used(0)->idx, __ATOMIC_ACQUIRE);
}

/* Ack whatever is pending, as the driver's interrupt handler does. */
static void mt_ack(void)
{
	uint32_t pending = rd(INTERRUPT_STATUS);

	if (pending)
		wr(INTERRUPT_ACK, pending);
}

/* Used indexes stay below 65536 here, so they compare as plain numbers. */
static void mt_wait_used(unsigned at_least)
{
	unsigned long spins = 0;

	while (mt_used_idx() < at_least) {
		mt_ack();
		assert_true(++spins < MT_SPIN_MAX);
	}
}

static void test_device_driver_and_config_threads(void **state)
{
	pthread_t device, config;
	uint32_t gen;

	(void)state;
	driver_start(VIRTIO_F_VERSION_1); /* an interrupt for every push */
	gen = rd(CONFIG_GENERATION);
	assert_int_equal(pthread_create(&device, NULL, mt_device, NULL), 0);
	assert_int_equal(pthread_create(&config, NULL, mt_config, NULL), 0);
	for (unsigned i = 0; i < MT_REQUESTS; i++) {
		if (i >= MT_INFLIGHT)
			mt_wait_used(i - MT_INFLIGHT + 1);
		offer_request(0, (uint16_t)((i * 2) % QSIZE));
	}
	mt_wait_used(MT_REQUESTS);
	assert_int_equal(pthread_join(config, NULL), 0);
	__atomic_store_n(&mt_stop, true, __ATOMIC_RELEASE);
	assert_int_equal(pthread_join(device, NULL), 0);

	assert_int_equal(mt_served, MT_REQUESTS);
	assert_int_equal(mt_bad_chains, 0);
	assert_int_equal(mt_used_idx(), (uint16_t)MT_REQUESTS);
	assert_int_equal(rd(CONFIG_GENERATION), gen + MT_CONFIGS);
	assert_int_equal(rd(STATUS) & NEEDS_RESET, 0);
	assert_int_equal(host_console_len, 0);
	assert_int_equal(line, rd(INTERRUPT_STATUS) != 0);
	mt_ack();
	assert_false(line);
	/* The other threads held the lock while notify ran here: that is no fault. */
	fake.locked_callbacks = 0;
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    virtio_test(test_device_driver_and_config_threads),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
