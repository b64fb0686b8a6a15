/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * A physical entropy source Erg drives itself (a virtio-rng device of the
 * machine), used to seed the generator behind guests' entropy devices. The
 * driver in drivers/ defines it (a host stand-in does for unit tests).
 */
#ifndef CORE_PORTS_HOST_RNG_H
#define CORE_PORTS_HOST_RNG_H

#include "lib/types.h"

/* Fill buf with up to len bytes from the hardware; the count, 0 when there is none. */
size_t host_rng_read(void *buf, size_t len);

#endif
