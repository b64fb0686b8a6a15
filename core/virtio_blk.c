/*
 * virtio-blk requests: a 16-byte header the device reads (type, sector), the
 * data, and a status byte, the last byte the device writes. Reads and
 * writes go to the disk in place, the guest's own buffers handed to the
 * disk driver; a request outside the slice, larger than the device
 * advertises (VIRTIO_BLK_DATA_MAX) or a write to a read-only device is
 * answered IOERR without touching the disk.
 */
#include <stdio.h>
#include <string.h>

#include "console.h"
#include "host_disk.h"
#include "virtio_blk.h"
#include "virtio_config.h"

#define VIRTIO_BLK_F_SIZE_MAX (1ULL << 1)
#define VIRTIO_BLK_F_SEG_MAX  (1ULL << 2)
#define VIRTIO_BLK_F_RO	      (1ULL << 5)
#define VIRTIO_BLK_F_BLK_SIZE (1ULL << 6)
#define VIRTIO_BLK_F_FLUSH    (1ULL << 9)

#define VIRTIO_BLK_T_IN	    0
#define VIRTIO_BLK_T_OUT    1
#define VIRTIO_BLK_T_FLUSH  4
#define VIRTIO_BLK_T_GET_ID 8

#define VIRTIO_BLK_S_OK	    0
#define VIRTIO_BLK_S_IOERR  1
#define VIRTIO_BLK_S_UNSUPP 2

#define VIRTIO_BLK_HEADER  16
#define VIRTIO_BLK_SEG_MAX (VIRTQ_MAX_SEGS - 2) /* the header and status take two */
/*
 * The largest data buffer a driver may use (size_max), and so the most data
 * one request can carry: a request is served whole in the notifying exit,
 * so this is the disk work a guest may ask of one chain. Drivers that honour
 * seg_max and size_max (Linux) never send more; a larger request is refused
 * with IOERR. 16 KiB keeps the product within VIRTQ_MAX_CHAIN_BYTES.
 */
#define VIRTIO_BLK_SIZE_MAX (16u << 10)
#define VIRTIO_BLK_DATA_MAX ((uint64_t)VIRTIO_BLK_SEG_MAX * VIRTIO_BLK_SIZE_MAX)
#define VIRTIO_BLK_SECTOR   512
#define VIRTIO_BLK_CONFIG   24 /* capacity .. blk_size */

_Static_assert(VIRTIO_BLK_HEADER + VIRTIO_BLK_DATA_MAX + 1 <= VIRTQ_MAX_CHAIN_BYTES,
	       "the largest request a driver is told it may send fits in a chain");

struct virtio_blk_request {
	uint32_t type;
	uint64_t sector;
	bool write;
	uint64_t length; /* data bytes */
	unsigned count;	 /* data buffers */
	struct host_disk_seg segs[VIRTQ_MAX_SEGS];
};

/*
 * The data buffers: length bytes of the chain's readable part (write) or
 * writable part (read), from byte skip on, as disk buffers.
 */
static void virtio_blk_data(const struct virtq_chain *chain, struct virtio_blk_request *r,
			    uint64_t skip)
{
	unsigned first = r->write ? 0 : chain->readable;
	unsigned end = r->write ? chain->readable : chain->count;
	uint64_t left = r->length;

	r->count = 0;
	for (unsigned i = first; i < end && left; i++) {
		const struct virtq_seg *s = &chain->seg[i];
		uint64_t take;

		if (skip >= s->len) {
			skip -= s->len;
			continue;
		}
		take = s->len - skip < left ? s->len - skip : left;
		r->segs[r->count].addr = (paddr_t)(uintptr_t)s->data + skip;
		r->segs[r->count++].len = (uint32_t)take;
		left -= take;
		skip = 0;
	}
}

static uint8_t virtio_blk_transfer(struct virtio_blk *b, struct virtio_blk_request *r)
{
	const struct config_virtio *c = b->config;
	uint64_t nsect = r->length / VIRTIO_BLK_SECTOR;

	if (r->length % VIRTIO_BLK_SECTOR || r->length > VIRTIO_BLK_DATA_MAX ||
	    r->sector > b->sectors || nsect > b->sectors - r->sector || (r->write && c->read_only))
		return VIRTIO_BLK_S_IOERR;
	if (!nsect)
		return VIRTIO_BLK_S_OK;
	if (c->image) {
		const uint8_t *img = (const uint8_t *)c->image + r->sector * VIRTIO_BLK_SECTOR;

		for (unsigned i = 0; i < r->count; img += r->segs[i++].len)
			memcpy((void *)(uintptr_t)r->segs[i].addr, img, r->segs[i].len);
		return VIRTIO_BLK_S_OK;
	}
	if (host_disk_transfer(c->disk, r->write, b->first + r->sector, r->segs, r->count))
		return VIRTIO_BLK_S_IOERR;
	return VIRTIO_BLK_S_OK;
}

static uint8_t virtio_blk_rw(struct virtio_blk *b, const struct virtq_chain *chain,
			     struct virtio_blk_request *r, uint32_t *written)
{
	uint8_t status;

	r->write = r->type == VIRTIO_BLK_T_OUT;
	r->length = r->write ? chain->read_len - VIRTIO_BLK_HEADER : chain->write_len - 1;
	virtio_blk_data(chain, r, r->write ? VIRTIO_BLK_HEADER : 0);
	if (r->write)
		b->writes++;
	else
		b->reads++;
	status = virtio_blk_transfer(b, r);
	if (status == VIRTIO_BLK_S_OK && !r->write)
		*written += (uint32_t)r->length;
	return status;
}

/* Serve one request; returns the status and sets *written (status byte included). */
static uint8_t virtio_blk_serve(struct virtio_blk *b, const struct virtq_chain *chain,
				struct virtio_blk_request *r, uint32_t *written)
{
	*written = 1;
	switch (r->type) {
	case VIRTIO_BLK_T_IN:
	case VIRTIO_BLK_T_OUT:
		return virtio_blk_rw(b, chain, r, written);
	case VIRTIO_BLK_T_FLUSH:
		b->flushes++;
		if (b->config->image || b->config->read_only)
			return VIRTIO_BLK_S_OK;
		return host_disk_flush(b->config->disk) ? VIRTIO_BLK_S_IOERR : VIRTIO_BLK_S_OK;
	case VIRTIO_BLK_T_GET_ID:
		*written += (uint32_t)virtq_chain_write(
		    chain, 0, b->id,
		    chain->write_len - 1 < sizeof(b->id) ? chain->write_len - 1 : sizeof(b->id));
		return VIRTIO_BLK_S_OK;
	default:
		return VIRTIO_BLK_S_UNSUPP;
	}
}

/* Handle one chain; the bytes written into it, or -1 when it has no status byte. */
static int64_t virtio_blk_handle(struct virtio_blk *b, const struct virtq_chain *chain)
{
	uint8_t header[VIRTIO_BLK_HEADER], status = VIRTIO_BLK_S_IOERR;
	struct virtio_blk_request r = {0};
	uint32_t written = 1;

	if (!chain->write_len)
		return -1;
	if (virtq_chain_read(chain, 0, header, sizeof(header)) == sizeof(header)) {
		memcpy(&r.type, header, sizeof(r.type));
		memcpy(&r.sector, header + 8, sizeof(r.sector));
		status = virtio_blk_serve(b, chain, &r, &written);
	}
	if (status != VIRTIO_BLK_S_OK)
		b->errors++;
	virtq_chain_write(chain, chain->write_len - 1, &status, 1);
	return written;
}

static void virtio_blk_notify(struct virtio_mmio *t, unsigned q)
{
	struct virtio_mmio_batch batch = {0};
	struct virtq_chain chain;

	while (virtio_mmio_pop_batch(t, q, &chain, &batch)) {
		int64_t written = virtio_blk_handle(t->dev, &chain);

		if (written < 0) {
			virtio_mmio_broken(t, "request without a status byte");
			written = 0;
		}
		virtio_mmio_push(t, q, chain.head, (uint32_t)written);
	}
}

static int virtio_blk_config_read(struct virtio_mmio *t, uint64_t offset, unsigned width,
				  uint64_t *value)
{
	const struct virtio_blk *b = t->dev;
	uint8_t space[VIRTIO_BLK_CONFIG] = {0};

	virtio_config_put(space, b->sectors, 8);	      /* capacity */
	virtio_config_put(space + 8, VIRTIO_BLK_SIZE_MAX, 4); /* size_max */
	virtio_config_put(space + 12, VIRTIO_BLK_SEG_MAX, 4); /* seg_max */
	virtio_config_put(space + 20, VIRTIO_BLK_SECTOR, 4);  /* blk_size */
	return virtio_config_read(space, sizeof(space), offset, width, value);
}

const struct virtio_device_ops virtio_blk_ops = {
    .name = "virtio-blk",
    .device_id = VIRTIO_ID_BLOCK,
    .queue_count = 1,
    .config_read = virtio_blk_config_read,
    .notify = virtio_blk_notify,
};

/* The slice must lie on its disk, and a writable slice on a writable disk. */
static int virtio_blk_check_disk(const struct config_virtio *c, const char *guest)
{
	uint64_t disk_sectors = host_disk_sectors(c->disk);

	if (c->disk >= host_disk_count()) {
		console_log("guest %s: virtio-blk: there is no disk %u", guest, c->disk);
		return -1;
	}
	if (c->offset / VIRTIO_BLK_SECTOR > disk_sectors ||
	    c->size / VIRTIO_BLK_SECTOR > disk_sectors - c->offset / VIRTIO_BLK_SECTOR) {
		console_log("guest %s: virtio-blk: slice 0x%llx+0x%llx is beyond disk %u "
			    "(%llu sectors)",
			    guest, (unsigned long long)c->offset, (unsigned long long)c->size,
			    c->disk, (unsigned long long)disk_sectors);
		return -1;
	}
	if (!c->read_only && host_disk_read_only(c->disk)) {
		console_log("guest %s: virtio-blk: disk %u is read-only; mark the slice read-only",
			    guest, c->disk);
		return -1;
	}
	return 0;
}

int virtio_blk_setup(struct virtio_blk *b, const struct config_virtio *config, const char *guest,
		     unsigned slot, uint64_t *features)
{
	memset(b, 0, sizeof(*b));
	if (!config->image && virtio_blk_check_disk(config, guest))
		return -1;
	b->config = config;
	b->first = config->offset / VIRTIO_BLK_SECTOR;
	b->sectors = config->size / VIRTIO_BLK_SECTOR;
	snprintf(b->id, sizeof(b->id), "erg-%s-%u", guest, slot);
	*features = VIRTIO_BLK_F_SIZE_MAX | VIRTIO_BLK_F_SEG_MAX | VIRTIO_BLK_F_BLK_SIZE |
		    VIRTIO_BLK_F_FLUSH | VIRTIO_F_INDIRECT_DESC | VIRTIO_F_EVENT_IDX;
	if (config->read_only)
		*features |= VIRTIO_BLK_F_RO;
	return 0;
}
