/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The switch's uplink: a port on the machine's own network device
 * (core/ports/host_net.h), attached when the config has `uplink;`. Frames
 * from outside enter the switch from this port; frames the switch sends it
 * go out on the wire, or are dropped and counted when the device has no
 * free transmit buffer. Like every port, it may not send from a MAC the
 * switch gave another port; any other source MAC is fine (the stations
 * outside are many), and the device's own MAC is the uplink's.
 */
#ifndef CORE_VIRTIO_UPLINK_H
#define CORE_VIRTIO_UPLINK_H

#include "lib/types.h"
#include "virtio/vswitch.h"

struct uplink_stats {
	uint64_t passes;    /* interrupts and ticks that looked at the device */
	uint64_t held_back; /* tick periods whose budget ran out, the device's interrupt masked */
	bool masked;	    /* masked now, until the next tick */
};

/* Start the device and attach it to the switch, logging one line; on the boot hart. */
void uplink_start(void);

/* Log, when the config asks for no uplink, that the machine's network device stays unused. */
void uplink_report_unused(void);

/* Whether hart serves the uplink (takes its interrupt and needs its tick). */
bool uplink_on_hart(uint64_t hart);

/* The device's interrupt: take what waits, within the budgets. */
void uplink_serve(void);

/* Each tick of the serving hart: a new budget, and a look at what waits. */
void uplink_tick(void);

/* A line of the uplink's own counters, after the switch's per-port lines. */
void uplink_log(void);

struct uplink_stats uplink_stats(void);

/* The uplink's switch port, for its frame counters. */
const struct vswitch_port *uplink_port(void);

/* Forget the uplink (unit tests). */
void uplink_reset(void);

#endif
