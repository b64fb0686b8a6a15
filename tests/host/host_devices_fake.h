/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Host stand-ins for Erg's own disks and entropy source (core/ports/host_disk.h,
 * core/ports/host_rng.h): disks are memory the test owns, the entropy source a
 * known byte sequence. Knobs for unit tests of code that uses them.
 */
#ifndef TESTS_HOST_HOST_DEVICES_FAKE_H
#define TESTS_HOST_HOST_DEVICES_FAKE_H

#include "lib/types.h"
#include "ports/host_devices.h"

/* Add a disk of sectors 512-byte sectors kept in data; returns its number, or -1 when full. */
int host_disk_fake_attach(void *data, uint64_t sectors, bool read_only);

/* Forget every disk and counter; the entropy source goes off. */
void host_devices_fake_reset(void);

/* Make transfers and flushes of disk fail (-1) until told otherwise. */
void host_disk_fake_fail(unsigned disk, bool fail);

/* Flushes and transfers disk has done since it was attached. */
unsigned host_disk_fake_flushes(unsigned disk);
unsigned host_disk_fake_transfers(unsigned disk);

/* Ops submitted and not yet completed by host_disk_poll. */
unsigned host_disk_fake_pending(void);

/* With the source on, host_rng_read gives bytes 0, 1, 2 ... (mod 256), continuing across calls. */
void host_rng_fake_enable(bool on);

/* Times host_devices_probe was called. */
extern unsigned host_devices_fake_probes;

#endif
