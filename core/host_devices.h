/*
 * Boot's hand-over of the machine's own virtio-mmio devices to Erg's drivers
 * (core/host_disk.h, core/host_rng.h). It needs the page allocator, for the
 * devices' rings and request buffers.
 */
#ifndef CORE_HOST_DEVICES_H
#define CORE_HOST_DEVICES_H

#include "platform.h"

/* Find the machine's virtio-mmio disks and entropy source and take them over; logs one line each.
 */
void host_devices_probe(const struct platform *p);

#endif
