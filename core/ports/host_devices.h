/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Boot's hand-over of the machine's own virtio-mmio devices to Erg's drivers
 * (core/ports/host_disk.h, core/ports/host_rng.h, core/ports/host_net.h). It needs the page
 * allocator, for the devices' rings and request buffers.
 */
#ifndef CORE_PORTS_HOST_DEVICES_H
#define CORE_PORTS_HOST_DEVICES_H

#include "platform/platform.h"

/*
 * Find the machine's virtio-mmio disks and entropy source and take them over,
 * logging one line each; note its network device for the uplink.
 */
void host_devices_probe(const struct platform *p);

#endif
