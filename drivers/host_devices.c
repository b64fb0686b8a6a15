/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The machine's virtio-mmio slots, looked at once at boot: disks and the
 * entropy source go to their drivers, a network device is kept for the
 * switch's uplink (started only if the config asks for one), empty slots are
 * skipped and any other device is named and left alone.
 */
#include "ports/host_devices.h"

#include "console/console.h"
#include "virtio_host.h"

static void host_devices_take(const struct platform_virtio *v, uint64_t timebase_hz)
{
	const char *why;
	uint32_t id;

	if (virtio_host_identify(v->base, &id, &why)) {
		console_log("virtio-mmio 0x%08llx: %s; left alone", (unsigned long long)v->base,
			    why);
		return;
	}
	switch (id) {
	case 0: /* an empty slot */
		break;
	case VIRTIO_HOST_ID_BLOCK:
		host_disk_attach(v->base, v->irq, timebase_hz);
		break;
	case VIRTIO_HOST_ID_NET:
		host_net_attach(v->base, v->irq, timebase_hz);
		break;
	case VIRTIO_HOST_ID_ENTROPY:
		host_rng_attach(v->base, timebase_hz);
		break;
	default:
		console_log("virtio-mmio 0x%08llx: device %u left alone",
			    (unsigned long long)v->base, id);
	}
}

void host_devices_probe(const struct platform *p)
{
	for (size_t i = 0; i < p->virtio_count; i++)
		host_devices_take(&p->virtio[i], p->timebase_hz);
}
