/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Host stand-ins for the drivers of Erg's own devices: disks held in test
 * memory (a segment address is a host pointer cast to paddr_t), a counting
 * entropy source, and a probe that only counts, so core/ links and code that
 * uses disks can be tested on the build machine. Submitted ops wait until
 * the test calls host_disk_poll, as a real disk's wait for its interrupt.
 */
#include "host_devices_fake.h"

#include <string.h>

#include "ports/host_disk.h"
#include "ports/host_rng.h"

struct host_disk_fake {
	uint8_t *data;
	uint64_t sectors;
	bool read_only;
	bool fail;
	unsigned flushes;
	unsigned transfers;
};

static struct host_disk_fake host_disk_fakes[HOST_DISK_MAX];
/* Submitted ops, oldest first, with the disk each went to. */
static struct host_disk_op *host_disk_fake_ops[64];
static unsigned host_disk_fake_op_disk[64];
static unsigned host_disk_fake_op_count;
static unsigned host_disk_fake_count;
static bool host_rng_fake_on;
static uint8_t host_rng_fake_next;
unsigned host_devices_fake_probes;

void host_devices_probe(const struct platform *p)
{
	(void)p;
	host_devices_fake_probes++;
}

int host_disk_fake_attach(void *data, uint64_t sectors, bool read_only)
{
	if (host_disk_fake_count == HOST_DISK_MAX)
		return -1;
	host_disk_fakes[host_disk_fake_count] =
	    (struct host_disk_fake){.data = data, .sectors = sectors, .read_only = read_only};
	return (int)host_disk_fake_count++;
}

void host_devices_fake_reset(void)
{
	memset(host_disk_fakes, 0, sizeof(host_disk_fakes));
	host_disk_fake_count = 0;
	host_disk_fake_op_count = 0;
	host_rng_fake_on = false;
	host_rng_fake_next = 0;
	host_devices_fake_probes = 0;
}

static struct host_disk_fake *host_disk_fake_get(unsigned disk)
{
	return disk < host_disk_fake_count ? &host_disk_fakes[disk] : NULL;
}

void host_disk_fake_fail(unsigned disk, bool fail)
{
	if (host_disk_fake_get(disk))
		host_disk_fakes[disk].fail = fail;
}

unsigned host_disk_fake_flushes(unsigned disk)
{
	return host_disk_fake_get(disk) ? host_disk_fakes[disk].flushes : 0;
}

unsigned host_disk_fake_transfers(unsigned disk)
{
	return host_disk_fake_get(disk) ? host_disk_fakes[disk].transfers : 0;
}

void host_rng_fake_enable(bool on)
{
	host_rng_fake_on = on;
}

unsigned host_disk_count(void)
{
	return host_disk_fake_count;
}

uint64_t host_disk_sectors(unsigned disk)
{
	struct host_disk_fake *d = host_disk_fake_get(disk);

	return d ? d->sectors : 0;
}

bool host_disk_read_only(unsigned disk)
{
	struct host_disk_fake *d = host_disk_fake_get(disk);

	return !d || d->read_only;
}

/* The same checks as the real driver: range, whole sectors, read-only. */
static bool host_disk_fake_fits(struct host_disk_fake *d, const struct host_disk_op *op)
{
	uint64_t bytes = 0;

	if (!d || (op->write && d->read_only))
		return false;
	for (unsigned i = 0; i < op->count; i++)
		bytes += op->segs[i].len;
	return op->flush || (bytes % HOST_DISK_SECTOR == 0 && op->sector <= d->sectors &&
			     bytes / HOST_DISK_SECTOR <= d->sectors - op->sector);
}

/* A failing fake disk fails here; a submitted op meets the failure only at the poll. */
int host_disk_transfer(unsigned disk, bool write, uint64_t sector, const struct host_disk_seg *segs,
		       unsigned count)
{
	struct host_disk_fake *d = host_disk_fake_get(disk);
	const struct host_disk_op op = {
	    .write = write, .sector = sector, .segs = segs, .count = count};
	uint8_t *at;

	if (!host_disk_fake_fits(d, &op) || d->fail)
		return -1;
	at = d->data + sector * HOST_DISK_SECTOR;
	for (unsigned i = 0; i < count; i++) {
		void *buf = (void *)(uintptr_t)segs[i].addr;

		if (write)
			memcpy(at, buf, segs[i].len);
		else
			memcpy(buf, at, segs[i].len);
		at += segs[i].len;
	}
	d->transfers++;
	return 0;
}

int host_disk_flush(unsigned disk)
{
	struct host_disk_fake *d = host_disk_fake_get(disk);

	if (!d || d->fail)
		return -1;
	d->flushes++;
	return 0;
}

unsigned host_disk_fake_pending(void)
{
	return host_disk_fake_op_count;
}

int host_disk_submit(unsigned disk, struct host_disk_op *op)
{
	if (!host_disk_fake_fits(host_disk_fake_get(disk), op) ||
	    host_disk_fake_op_count == sizeof(host_disk_fake_ops) / sizeof(host_disk_fake_ops[0]))
		return -1;
	host_disk_fake_op_disk[host_disk_fake_op_count] = disk;
	host_disk_fake_ops[host_disk_fake_op_count++] = op;
	return 0;
}

void host_disk_poll(void)
{
	unsigned count = host_disk_fake_op_count;

	host_disk_fake_op_count = 0;
	for (unsigned i = 0; i < count; i++) {
		struct host_disk_op *op = host_disk_fake_ops[i];
		unsigned disk = host_disk_fake_op_disk[i];

		op->status = op->flush ? host_disk_flush(disk)
				       : host_disk_transfer(disk, op->write, op->sector, op->segs,
							    op->count);
		op->done(op, op->status);
	}
}

unsigned host_disk_irq(unsigned disk)
{
	(void)disk;
	return 0;
}

size_t host_rng_read(void *buf, size_t len)
{
	uint8_t *out = buf;

	if (!host_rng_fake_on)
		return 0;
	for (size_t i = 0; i < len; i++)
		out[i] = host_rng_fake_next++;
	return len;
}
