/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Attacks that ask Erg for unbounded work rather than for memory they do
 * not own, on the guest's virtio-rng (slot 1) and virtio-console (slot 2):
 * chains whose 64 buffers each name all of the guest's RAM, or the same
 * page again and again; an available index a second vCPU keeps feeding
 * while the first one's notify is served; and console receive buffers the
 * device cannot write into while console input waits. Each must end in
 * DEVICE_NEEDS_RESET or in bounded service, and the heartbeat guest beside
 * us on our hart must keep beating meanwhile.
 */
#include <stdio.h>
#include <string.h>

#include "guest.h"
#include "guest_time.h"
#include "vqattack.h"

#define VQA_FLOOD_QUEUE	  128	  /* room for a chain of 64 buffers */
#define VQA_FLOOD_BUFS	  64	  /* buffers in each flooding chain */
#define VQA_FEED_QUEUE	  64	  /* the queue the second vCPU keeps full */
#define VQA_FEED_US	  1000000 /* how long it feeds */
#define VQA_DRAIN_US	  2000000 /* how long the rest may take to be served, unasked */
#define VQA_INPUT_WAIT_US 3000000 /* how long console input may take to arrive */

static uint8_t vqa_feed_buf[VQA_FEED_QUEUE * 16] __attribute__((aligned(16)));

/* What vCPU 0 and the feeding vCPU 1 share. */
static struct {
	struct virtio_dev *dev;
	volatile int go, stop, done;
	volatile unsigned long fed;
} vqa_feed;

/* Start over on d (queue d->queue) with size entries and no optional feature. */
static bool vqa_flood_restart(struct virtio_dev *d, uint16_t size, struct vqa_result *r)
{
	if (virtio_init(d, 0, size) == 0)
		return true;
	r->breach = "device cannot be initialised";
	return false;
}

/* Whether the device answered, and whether it gave up on the driver, into *r. */
static void vqa_flood_judge(struct virtio_dev *d, struct vqa_result *r)
{
	bool answered = virtq_wait(d, VQA_WAIT_US, NULL) != VIRTQ_WAIT_TIMEOUT;

	if (virtio_needs_reset(d))
		r->outcome = VQA_NEEDS_RESET;
	else
		r->outcome = answered ? VQA_OK : VQA_IGNORED;
	virtio_interrupt_ack(d, virtio_interrupt_status(d));
}

/* One chain of VQA_FLOOD_BUFS buffers of len bytes each at addr, published and notified. */
static void vqa_flood(struct virtio_dev *d, uint64_t addr, uint32_t len, uint16_t flags,
		      struct vqa_result *r)
{
	if (!vqa_flood_restart(d, VQA_FLOOD_QUEUE, r))
		return;
	for (uint16_t i = 0; i < VQA_FLOOD_BUFS; i++)
		virtq_desc_set(d, i, addr, len,
			       (uint16_t)(flags | (i + 1 < VQA_FLOOD_BUFS ? VIRTQ_DESC_F_NEXT : 0)),
			       (uint16_t)(i + 1));
	virtq_publish(d, 0);
	virtq_notify(d, d->queue);
	vqa_flood_judge(d, r);
}

static void vqa_rng_all_ram(struct vqa_env *env, struct vqa_result *r)
{
	vqa_flood(env->rng, env->ram_base, (uint32_t)(env->ram_end - env->ram_base),
		  VIRTQ_DESC_F_WRITE, r);
}

static void vqa_rng_same_page(struct vqa_env *env, struct vqa_result *r)
{
	vqa_flood(env->rng, vqa_gpa(env->buf), 4096, VIRTQ_DESC_F_WRITE, r);
}

static void vqa_console_all_ram(struct vqa_env *env, struct vqa_result *r)
{
	vqa_flood(env->con_tx, env->ram_base, (uint32_t)(env->ram_end - env->ram_base), 0, r);
}

static void vqa_console_same_page(struct vqa_env *env, struct vqa_result *r)
{
	memset(env->buf, 'x', 4096);
	vqa_flood(env->con_tx, vqa_gpa(env->buf), 4096, 0, r);
}

/* vCPU 1: keep the queue full (each used chain made available again) until told or timed out. */
static void vqa_feeder(unsigned long hartid)
{
	struct virtio_dev *d = vqa_feed.dev;
	uint64_t deadline;

	(void)hartid;
	while (!vqa_feed.go)
		;
	deadline = time_now() + time_us_to_ticks(VQA_FEED_US);
	while (!vqa_feed.stop && (int64_t)(time_now() - deadline) < 0) {
		uint16_t used = *(volatile uint16_t *)&d->used.idx;

		if ((uint16_t)(d->avail_idx - used) < d->size) {
			virtq_publish(d, (uint16_t)(d->avail_idx % d->size));
			vqa_feed.fed++;
		}
	}
	vqa_feed.done = 1;
}

/* Wait until *flag is set, or timeout_us passed; whether it was set. */
static bool vqa_wait_flag(volatile int *flag, uint64_t timeout_us)
{
	uint64_t deadline = time_now() + time_us_to_ticks(timeout_us);

	while (!*flag)
		if ((int64_t)(time_now() - deadline) >= 0)
			return false;
	return true;
}

/* Whether every chain made available was used by timeout_us from now, without a notify. */
static bool vqa_drained(struct virtio_dev *d, uint64_t timeout_us)
{
	uint64_t deadline = time_now() + time_us_to_ticks(timeout_us);

	while (*(volatile uint16_t *)&d->used.idx != d->avail_idx)
		if ((int64_t)(time_now() - deadline) >= 0)
			return false;
	return true;
}

/*
 * vCPU 1 keeps the available ring full for a second, without notifying; we
 * notify once and then only watch: served without a bound, that one notify
 * would last as long as the feeding, our hart lost to us and to the
 * heartbeat. Once vCPU 1 stops, one more notify covers what it published
 * since the device last looked (a driver notifies after publishing), and
 * the full ring it finds must then be used to the last chain without any
 * further notify, however many batches that takes.
 */
static void vqa_rng_fed(struct vqa_env *env, struct vqa_result *r)
{
	struct virtio_dev *d = env->rng;

	if (!vqa_flood_restart(d, VQA_FEED_QUEUE, r))
		return;
	for (uint16_t i = 0; i < VQA_FEED_QUEUE; i++)
		virtq_desc_set(d, i, vqa_gpa(vqa_feed_buf + 16 * i), 16, VIRTQ_DESC_F_WRITE, 0);
	vqa_feed = (typeof(vqa_feed)){.dev = d};
	if (guest_hart_start(1, vqa_feeder)) {
		r->breach = "vCPU 1 does not start";
		return;
	}
	vqa_feed.go = 1;
	while (vqa_feed.fed < VQA_FEED_QUEUE)
		;
	printf("vqattack: feeder running\n");
	virtq_notify(d, 0);
	vqa_wait_flag(&vqa_feed.done, 2 * VQA_FEED_US);
	vqa_feed.stop = 1;
	printf("vqattack: feeder stopped after %lu chains\n", vqa_feed.fed);
	virtq_notify(d, 0);
	r->outcome = vqa_drained(d, VQA_DRAIN_US) ? VQA_OK : VQA_IGNORED;
	if (virtio_needs_reset(d))
		r->outcome = VQA_NEEDS_RESET;
	r->note = r->outcome == VQA_OK ? "every chain used, the last batches unasked" : NULL;
}

/*
 * A receive buffer with nothing the device may write, while console input
 * for us waits (the test types it): it can take no input, so serving it
 * must not go on for ever; Erg refuses it.
 */
static void vqa_console_rx_readable(struct vqa_env *env, struct vqa_result *r)
{
	struct virtio_dev *d = env->con_rx;
	uint64_t deadline = time_now() + time_us_to_ticks(VQA_INPUT_WAIT_US);
	bool answered = false;

	if (!vqa_flood_restart(d, VQA_QUEUE_SIZE, r))
		return;
	virtq_desc_set(d, 0, vqa_gpa(env->buf), 64, 0, 0);
	virtq_publish(d, 0);
	virtq_notify(d, 0);
	while (!virtio_needs_reset(d) && !answered && (int64_t)(time_now() - deadline) < 0)
		answered = *(volatile uint16_t *)&d->used.idx != 0;
	r->outcome = virtio_needs_reset(d) ? VQA_NEEDS_RESET : answered ? VQA_OK : VQA_IGNORED;
	virtio_interrupt_ack(d, virtio_interrupt_status(d));
}

const struct vqa_attack vqa_flood_attacks[] = {
    {"virtio-rng: 64 buffers each all of its RAM", vqa_rng_all_ram, VQA_ALLOW(VQA_NEEDS_RESET)},
    {"virtio-rng: 64 buffers over the same page", vqa_rng_same_page, VQA_ALLOW(VQA_NEEDS_RESET)},
    {"virtio-console: 64 buffers each all of its RAM", vqa_console_all_ram,
     VQA_ALLOW(VQA_NEEDS_RESET)},
    /* Readable buffers may repeat; 256 KiB in all is within the chain's byte cap. */
    {"virtio-console: 64 buffers over the same page", vqa_console_same_page, VQA_ALLOW(VQA_OK)},
    {"virtio-rng: avail idx fed by a second vCPU", vqa_rng_fed, VQA_ALLOW(VQA_OK)},
    {"virtio-console: receive buffer without writable bytes", vqa_console_rx_readable,
     VQA_ALLOW(VQA_NEEDS_RESET)},
    {NULL, NULL, 0},
};
