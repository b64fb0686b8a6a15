/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Device-specific config space of a virtio device, read as little-endian
 * bytes: each device model lays its fields out in a byte array and answers
 * reads of any width from it.
 */
#ifndef CORE_VIRTIO_VIRTIO_CONFIG_H
#define CORE_VIRTIO_VIRTIO_CONFIG_H

#include "lib/types.h"

/* Read width bytes at offset of the size-byte space: 0, or -1 when they are not all in it. */
int virtio_config_read(const uint8_t *space, size_t size, uint64_t offset, unsigned width,
		       uint64_t *value);

/* Store value as len little-endian bytes at p. */
void virtio_config_put(uint8_t *p, uint64_t value, unsigned len);

#endif
