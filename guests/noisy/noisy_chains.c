/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Phase d: virtio chains that overlap and cover all of RAM. Each round
 * sends the console transmitter chains whose buffers cover the whole of
 * RAM, one of them twice over, and asks the entropy device to fill one
 * chain of 16 buffers that each cover the whole scratch area (the rest of
 * RAM holds our code and rings, which random bytes would end). Every chain
 * is legal; one notify asks for megabytes of work, which Erg must split
 * (chain caps, batch bounds) rather than do in one exit.
 */
#include <string.h>

#include "guest_sbi.h"
#include "guest_virtio.h"
#include "noisy.h"

#define NOISY_TX_QUEUE	1
#define NOISY_TX_SIZE	16
#define NOISY_TX_CHAINS 2
#define NOISY_RNG_SIZE	64
#define NOISY_RNG_SEGS	16 /* 5 MiB a chain: Erg fills it in one go today, seconds of a test run */

static struct virtio_dev noisy_rng, noisy_tx;
static struct virtq_desc noisy_rng_table[NOISY_RNG_SEGS] __attribute__((aligned(16)));

/* Chain c: all of RAM, then its upper half again. */
static void noisy_tx_chain(const struct noisy_env *env, uint16_t c)
{
	uint16_t d = (uint16_t)(2 * c);
	uint64_t half = env->ram_size / 2;

	virtq_desc_set(&noisy_tx, d, env->ram_base, (uint32_t)env->ram_size, VIRTQ_DESC_F_NEXT,
		       (uint16_t)(d + 1));
	virtq_desc_set(&noisy_tx, (uint16_t)(d + 1), env->ram_base + half, (uint32_t)half, 0, 0);
	virtq_publish(&noisy_tx, d);
}

static void noisy_rng_chain(const struct noisy_env *env)
{
	uint32_t len = (uint32_t)(env->scratch_end - env->scratch);

	for (uint16_t i = 0; i < NOISY_RNG_SEGS; i++)
		noisy_rng_table[i] = (struct virtq_desc){
		    .addr = env->scratch,
		    .len = len,
		    .flags = VIRTQ_DESC_F_WRITE | (i + 1 < NOISY_RNG_SEGS ? VIRTQ_DESC_F_NEXT : 0),
		    .next = (uint16_t)(i + 1),
		};
	virtq_desc_set(&noisy_rng, 0, (uint64_t)(uintptr_t)noisy_rng_table, sizeof(noisy_rng_table),
		       VIRTQ_DESC_F_INDIRECT, 0);
	virtq_publish(&noisy_rng, 0);
}

static bool noisy_chains_setup(void)
{
	if (!noisy_virtio_begin(&noisy_rng, NOISY_SLOT_RNG, NOISY_VIRTIO_RNG) ||
	    !noisy_virtio_queue(&noisy_rng, 0, NOISY_RNG_SIZE))
		return false;
	virtio_driver_ok(&noisy_rng);
	if (!noisy_virtio_begin(&noisy_tx, NOISY_SLOT_CONSOLE, NOISY_VIRTIO_CONSOLE) ||
	    !noisy_virtio_queue(&noisy_tx, NOISY_TX_QUEUE, NOISY_TX_SIZE))
		return false;
	virtio_driver_ok(&noisy_tx);
	return true;
}

/* One round; false once a device gave up on us (the note says which). */
static bool noisy_chains_round(struct noisy_env *env, unsigned *answered)
{
	for (uint16_t c = 0; c < NOISY_TX_CHAINS; c++)
		noisy_tx_chain(env, c);
	virtq_notify(&noisy_tx, NOISY_TX_QUEUE);
	*answered += noisy_virtio_collect(&noisy_tx, NOISY_TX_CHAINS);
	noisy_rng_chain(env);
	virtq_notify(&noisy_rng, 0);
	*answered += noisy_virtio_collect(&noisy_rng, 1);
	/* Zeros again, so that the next round's console chains print no random bytes. */
	memset((void *)(uintptr_t)env->scratch, 0, env->scratch_end - env->scratch);
	if (virtio_needs_reset(&noisy_tx) || virtio_needs_reset(&noisy_rng)) {
		noisy_note(env, "contained: %s needs reset",
			   virtio_needs_reset(&noisy_tx) ? "virtio-console" : "virtio-rng");
		return false;
	}
	return true;
}

void noisy_chains(struct noisy_env *env)
{
	unsigned answered = 0;
	bool going;

	if (!noisy_chains_setup()) {
		noisy_note(env, "virtio-rng or virtio-console did not come up");
		return;
	}
	do {
		going = noisy_chains_round(env, &answered);
		env->rounds++;
	} while (going && noisy_more(env));
	sbi_console_putchar('\n'); /* the end line on a line of its own, not after RAM's bytes */
	if (going)
		noisy_note(env, "%u of %lu chains answered", answered,
			   env->rounds * (NOISY_TX_CHAINS + 1));
	virtio_reset(&noisy_tx);
	virtio_reset(&noisy_rng);
}
