/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * A guest's virtual PLIC: the RISC-V PLIC specification's register map
 * (priorities, pending bits, per-context enables, thresholds, claim/complete),
 * one S-mode context per vCPU. Devices drive sources through gateways: a level
 * (emulated devices) or an edge (interrupts forwarded from the real PLIC).
 * Each context's output, "has a claimable interrupt", is reported through a
 * callback when it changes; the caller turns it into the vCPU's VSEIP.
 */
#ifndef CORE_DEV_VPLIC_H
#define CORE_DEV_VPLIC_H

#include "dev/mmio_map.h"
#include "lib/spinlock.h"
#include "lib/types.h"

#define VPLIC_MAX_SOURCES   64	/* ids 1 .. sources - 1; id 0 means "no interrupt" */
#define VPLIC_MAX_CONTEXTS  8	/* context i is vCPU i's S-mode */
#define VPLIC_PRIORITY_MASK 0x7 /* priorities and thresholds keep three bits: 0..7 */

/* The QEMU virt PLIC window; the spec's layout, cut after the contexts it can hold. */
#define VPLIC_SIZE 0x600000ULL

/* Context's output changed to pending (true: it has a claimable interrupt). */
typedef void (*vplic_notify_fn)(void *arg, unsigned context, bool pending);
/* The guest completed source (a passthrough completes it on the real PLIC). */
typedef void (*vplic_complete_fn)(void *ctx, unsigned source);

struct vplic_hook {
	vplic_complete_fn fn;
	void *ctx;
};

struct vplic {
	spinlock_t lock; /* everything below but the constants set by vplic_init */
	unsigned sources, contexts;
	uint64_t level;	     /* bit s: source s's input is asserted (level sources) */
	uint64_t pending;    /* bit s: the IP bit */
	uint64_t in_service; /* bit s: claimed and not yet completed */
	uint64_t enable[VPLIC_MAX_CONTEXTS];
	uint8_t priority[VPLIC_MAX_SOURCES];
	uint8_t threshold[VPLIC_MAX_CONTEXTS];
	uint32_t output; /* bit c: context c's output; read without the lock */
	struct vplic_hook hooks[VPLIC_MAX_SOURCES];
	vplic_notify_fn notify;
	void *notify_arg;
};

/*
 * Reset p to a PLIC with sources (ids below it; at most VPLIC_MAX_SOURCES) and
 * contexts (at most VPLIC_MAX_CONTEXTS): every register zero, no source
 * asserted, no hooks. Larger counts are cut to the maximum. notify is called
 * with p's lock released, as it may kick another hart; calls from different
 * harts can arrive out of order, so treat one as "look again" and read
 * vplic_context_pending. notify is not called for the reset itself.
 */
void vplic_init(struct vplic *p, unsigned sources, unsigned contexts, vplic_notify_fn notify,
		void *arg);

/*
 * Register accesses, dev = struct vplic *. Only aligned 32-bit accesses to
 * registers of configured sources and contexts are defined; others return
 * -1. A write of an id that is not in service and enabled for the context to
 * its claim/complete register is accepted and ignored, as the spec says.
 */
extern const struct mmio_ops vplic_mmio_ops;

/* Level gateway: source's input is now asserted or not. Bad sources are ignored. */
void vplic_set_level(struct vplic *p, unsigned source, bool asserted);

/* Edge gateway: one request from source; dropped while it is pending or in service. */
void vplic_trigger(struct vplic *p, unsigned source);

/*
 * Call fn(ctx, source) each time a guest completes source (it was in service
 * and is enabled for the completing context), with p's lock released. fn NULL
 * removes the hook.
 */
void vplic_set_complete_hook(struct vplic *p, unsigned source, vplic_complete_fn fn, void *ctx);

/* Whether context has an enabled pending source above its threshold now. */
bool vplic_context_pending(const struct vplic *p, unsigned context);

#endif
