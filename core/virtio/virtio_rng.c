/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * virtio-rng: one request queue whose buffers are all device-writable; each
 * is filled up to VIRTIO_RNG_FILL_MAX bytes, the rest left for the driver
 * to ask again (the spec lets the device use less than the whole buffer,
 * and drivers read the used length). Filling goes through a small block so
 * that a buffer spread over several pieces of guest RAM costs no more than
 * one.
 */
#include "virtio/virtio_rng.h"
#include "lib/csprng.h"

#define VIRTIO_RNG_CHUNK 256

static uint32_t virtio_rng_fill(const struct virtq_chain *chain)
{
	uint64_t want =
	    chain->write_len < VIRTIO_RNG_FILL_MAX ? chain->write_len : VIRTIO_RNG_FILL_MAX;
	uint8_t block[VIRTIO_RNG_CHUNK];
	uint64_t done = 0;

	while (done < want) {
		uint64_t n = want - done;
		size_t put;

		n = n < sizeof(block) ? n : sizeof(block);
		csprng_fill(block, n);
		put = virtq_chain_write(chain, done, block, n);
		if (!put)
			break;
		done += put;
	}
	return (uint32_t)done;
}

static void virtio_rng_notify(struct virtio_mmio *t, unsigned q)
{
	struct virtio_mmio_batch batch = {0};
	struct virtq_chain chain;

	while (virtio_mmio_pop_batch(t, q, &chain, &batch)) {
		uint32_t filled;

		/* A reset since the pop (another hart's) makes the chain stale: no write. */
		if (!virtio_mmio_begin(t, q, &chain))
			continue;
		filled = virtio_rng_fill(&chain);
		virtio_mmio_end(t);
		virtio_mmio_push(t, q, chain.head, filled);
	}
}

static int virtio_rng_config_read(struct virtio_mmio *t, uint64_t offset, unsigned width,
				  uint64_t *value)
{
	(void)t, (void)offset, (void)width, (void)value;
	return -1; /* no config space */
}

const struct virtio_device_ops virtio_rng_ops = {
    .name = "virtio-rng",
    .device_id = VIRTIO_ID_ENTROPY,
    .queue_count = 1,
    .config_read = virtio_rng_config_read,
    .notify = virtio_rng_notify,
};

uint64_t virtio_rng_features(void)
{
	return VIRTIO_F_INDIRECT_DESC | VIRTIO_F_EVENT_IDX;
}
