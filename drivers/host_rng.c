/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Erg's own entropy source: a virtio-rng device (VirtIO 1.2, 5.4) behind
 * core/ports/host_rng.h. Each read is one device-writable buffer, the caller's own;
 * the device says in the used ring how many bytes it put there.
 */
#include "ports/host_rng.h"

#include "console/console.h"
#include "virtio_host.h"

/* One buffer per request, so a small queue does. */
#define HOST_RNG_QUEUE 4

static struct virtio_host host_rng_dev;
static bool host_rng_present;

int host_rng_attach(paddr_t base, uint64_t timebase_hz)
{
	const char *why;

	if (host_rng_present) {
		console_log("virtio-mmio 0x%08llx: second virtio-rng left alone",
			    (unsigned long long)base);
		return -1;
	}
	if (virtio_host_start(&host_rng_dev, base, timebase_hz, 0, 1, HOST_RNG_QUEUE, &why)) {
		console_log("virtio-mmio 0x%08llx: virtio-rng not used: %s",
			    (unsigned long long)base, why);
		return -1;
	}
	host_rng_present = true;
	console_log("entropy: virtio-rng at 0x%08llx", (unsigned long long)base);
	return 0;
}

size_t host_rng_read(void *buf, size_t len)
{
	struct virtio_host_buf b = {.addr = (paddr_t)(uintptr_t)buf, .device_writes = true};
	uint32_t written = 0;
	unsigned long irq;
	int rc;

	if (!host_rng_present || len == 0)
		return 0;
	b.len = len < UINT32_MAX ? (uint32_t)len : UINT32_MAX;
	irq = virtio_host_lock(&host_rng_dev);
	rc = virtio_host_request(&host_rng_dev, &b, 1, &written);
	virtio_host_unlock(&host_rng_dev, irq);
	/* A device claiming more than the buffer holds is believed only up to its size. */
	return rc ? 0 : written < b.len ? written : b.len;
}
