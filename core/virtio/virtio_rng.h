/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The virtio-rng device model (VirtIO 1.2, 5.4): every buffer the guest
 * offers comes back full of bytes from Erg's generator (core/lib/csprng.h).
 */
#ifndef CORE_VIRTIO_VIRTIO_RNG_H
#define CORE_VIRTIO_VIRTIO_RNG_H

#include "virtio/virtio_mmio.h"

#define VIRTIO_ID_ENTROPY 4

extern const struct virtio_device_ops virtio_rng_ops;

/* The features a virtio-rng device offers. */
uint64_t virtio_rng_features(void);

#endif
