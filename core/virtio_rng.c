/*
 * virtio-rng: one request queue whose buffers are all device-writable; each
 * is filled completely. Filling goes through a small block so that a
 * buffer spread over several pieces of guest RAM costs no more than one.
 */
#include "virtio_rng.h"
#include "csprng.h"

#define VIRTIO_RNG_CHUNK 256

static uint32_t virtio_rng_fill(const struct virtq_chain *chain)
{
	uint8_t block[VIRTIO_RNG_CHUNK];
	uint64_t done = 0;

	while (done < chain->write_len) {
		uint64_t n = chain->write_len - done;
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
	struct virtq_chain chain;

	while (virtio_mmio_pop(t, q, &chain))
		virtio_mmio_push(t, q, chain.head, virtio_rng_fill(&chain));
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
