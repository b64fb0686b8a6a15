/*
 * Phase e: the virtio console's receive queue full of chains that can take
 * no byte. Each chain is an indirect table of 256 writable buffers of length
 * 0, legal and empty; while console input waits for us (the test types some
 * once this phase has started), every chain Erg takes leaves the input
 * waiting, so a device that drains "while input is waiting and a buffer is
 * there" walks every chain we give it, and we give each back as soon as it
 * is used. Erg must bound what one notify or one console tick walks.
 */
#include "guest_virtio.h"
#include "noisy.h"

#define NOISY_RX_QUEUE 0
#define NOISY_RX_SIZE  256 /* the most a queue of Erg's may hold */

static struct virtio_dev noisy_rx;
static struct virtq_desc noisy_rx_table[NOISY_RX_SIZE] __attribute__((aligned(16)));
static uint64_t noisy_rx_returned;

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

/* A used chain goes straight back to the device. */
static void noisy_rx_republish(uint16_t id)
{
	noisy_rx_returned++;
	virtq_publish(&noisy_rx, id);
}

void noisy_console_rx(struct noisy_env *env)
{
	noisy_rx_returned = 0;
	if (!noisy_virtio_begin(&noisy_rx, NOISY_SLOT_CONSOLE, NOISY_VIRTIO_CONSOLE) ||
	    !noisy_virtio_queue(&noisy_rx, NOISY_RX_QUEUE, NOISY_RX_SIZE)) {
		noisy_note(env, "virtio-console did not come up");
		return;
	}
	noisy_rx_setup_table(env);
	virtio_driver_ok(&noisy_rx);
	do {
		virtq_notify(&noisy_rx, NOISY_RX_QUEUE);
		noisy_virtio_collect(&noisy_rx, NOISY_RX_SIZE, noisy_rx_republish);
		env->rounds++;
	} while (noisy_more(env) && !virtio_needs_reset(&noisy_rx));
	if (virtio_needs_reset(&noisy_rx))
		noisy_note(env, "contained: virtio-console needs reset, %lu chains used",
			   (unsigned long)noisy_rx_returned);
	else
		noisy_note(env, "%lu chains used", (unsigned long)noisy_rx_returned);
	virtio_reset(&noisy_rx);
}
