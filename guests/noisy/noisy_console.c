/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Phase e: the virtio console's receive queue full of chains that can take
 * no byte. Each chain is an indirect table of 256 writable buffers of length
 * 0, legal and empty; while console input waits for us (the test types some
 * before this phase), every chain Erg takes leaves the input waiting, so a
 * device that drains "while input is waiting and a buffer is there" walks
 * every chain it finds. vCPU 1, on the other hart, gives each chain back as
 * soon as it is used, so a drain on the real-time guest's hart (a notify of
 * vCPU 0's, or the console tick) may find more for as long as it looks.
 * Erg must bound what one notify or one console tick walks.
 */
#include <stddef.h>

#include "guest_time.h"
#include "guest_virtio.h"
#include "noisy.h"

#define NOISY_RX_QUEUE 0
#define NOISY_RX_SIZE  256 /* the most a queue of Erg's may hold */

static struct virtio_dev noisy_rx;
static struct virtq_desc noisy_rx_table[NOISY_RX_SIZE] __attribute__((aligned(16)));
static volatile uint64_t noisy_rx_returned; /* counted by vCPU 1 */
static volatile uint64_t noisy_rx_until;    /* the phase's deadline, for vCPU 1 */

static void noisy_rx_setup_table(const struct noisy_env *env)
{
	for (uint16_t i = 0; i < NOISY_RX_SIZE; i++)
		noisy_rx_table[i] = (struct virtq_desc){
		    .addr = env->scratch,
		    .len = 0,
		    .flags = VIRTQ_DESC_F_WRITE | (i + 1 < NOISY_RX_SIZE ? VIRTQ_DESC_F_NEXT : 0),
		    .next = (uint16_t)(i + 1),
		};
	for (uint16_t h = 0; h < NOISY_RX_SIZE; h++) {
		virtq_desc_set(&noisy_rx, h, (uint64_t)(uintptr_t)noisy_rx_table,
			       sizeof(noisy_rx_table), VIRTQ_DESC_F_INDIRECT, 0);
		virtq_publish(&noisy_rx, h);
	}
}

/*
 * vCPU 1's role: every used chain straight back to the device, until the
 * phase's deadline. It keeps the time itself: an Erg that drains for as
 * long as we feed never lets vCPU 0 run to take the role back.
 */
static void noisy_rx_feed(void)
{
	long id;

	if ((int64_t)(time_now() - noisy_rx_until) >= 0)
		return;
	while ((id = virtq_wait(&noisy_rx, 0, NULL)) != VIRTQ_WAIT_TIMEOUT) {
		noisy_rx_returned++;
		virtq_publish(&noisy_rx, (uint16_t)id);
	}
	virtq_notify(&noisy_rx, NOISY_RX_QUEUE);
}

static bool noisy_rx_setup(const struct noisy_env *env)
{
	if (!noisy_virtio_begin(&noisy_rx, NOISY_SLOT_CONSOLE, NOISY_VIRTIO_CONSOLE) ||
	    !noisy_virtio_queue(&noisy_rx, NOISY_RX_QUEUE, NOISY_RX_SIZE))
		return false;
	noisy_rx_setup_table(env);
	virtio_driver_ok(&noisy_rx);
	return true;
}

void noisy_console_rx(struct noisy_env *env)
{
	noisy_rx_returned = 0;
	if (!noisy_rx_setup(env)) {
		noisy_note(env, "virtio-console did not come up");
		return;
	}
	noisy_rx_until = env->deadline;
	noisy_second_run(noisy_rx_feed);
	do {
		virtq_notify(&noisy_rx, NOISY_RX_QUEUE);
		env->rounds++;
	} while (noisy_more(env) && !virtio_needs_reset(&noisy_rx));
	if (!noisy_second_stop())
		noisy_note(env, "vCPU 1 did not stop feeding");
	else if (virtio_needs_reset(&noisy_rx))
		noisy_note(env, "contained: virtio-console needs reset, %lu chains used",
			   (unsigned long)noisy_rx_returned);
	else
		noisy_note(env, "%lu chains used", (unsigned long)noisy_rx_returned);
	virtio_reset(&noisy_rx);
}
