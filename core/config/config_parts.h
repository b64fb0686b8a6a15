/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Internal to the partition-config parser: the parse context and the pieces
 * split across config*.c. Every failure goes through config_fail so each
 * message names the node or property at fault.
 */
#ifndef CORE_CONFIG_CONFIG_PARTS_H
#define CORE_CONFIG_CONFIG_PARTS_H

#include "config/config.h"

struct config_ctx {
	const void *fdt;
	char *err;
	size_t errlen;
};

/*
 * Record "<node path>[/<prop>]: <reason>" and return -1. node < 0 names the
 * blob as a whole; prop NULL names the node itself.
 */
int config_fail(const struct config_ctx *c, int node, const char *prop, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

/* Fail on the first property of node that is not in the NULL-terminated known list. */
int config_check_props(const struct config_ctx *c, int node, const char *const *known);

/* One guest node: name, vCPUs, harts, memory, images, bootargs, devices. */
int config_parse_guest(const struct config_ctx *c, int node, struct config_guest *g);

/* An optional one-cell property of node in [min, max], dflt when absent. */
int config_parse_u32(const struct config_ctx *c, int node, const char *prop, uint32_t min,
		     uint32_t max, uint32_t dflt, uint32_t *out);

/* on-crash and max-restarts of g (g->node set). */
int config_parse_crash(const struct config_ctx *c, struct config_guest *g);

/* memory and memory-host of g (g->node set). */
int config_parse_memory(const struct config_ctx *c, struct config_guest *g);

/* kernel, initrd and their offsets, placed in g's first region. */
int config_parse_images(const struct config_ctx *c, struct config_guest *g);

/* One child node of a guest, looked up in the device table. */
int config_parse_device(const struct config_ctx *c, struct config_guest *g, int node);

/* Rules between a guest's devices and its memory. */
int config_check_devices(const struct config_ctx *c, const struct config_guest *g);

/* A passthrough@ node of guest g; its rules within g; its rules across guests. */
int config_parse_passthrough(const struct config_ctx *c, struct config_guest *g, int node);
int config_check_passthrough(const struct config_ctx *c, const struct config_guest *g);
int config_check_passthrough_shared(const struct config_ctx *c, const struct config *cfg);

/* virtio-blk, -net, -console and -rng nodes of guest g, each in the next virtio-mmio slot. */
int config_parse_virtio_blk(const struct config_ctx *c, struct config_guest *g, int node);
int config_parse_virtio_net(const struct config_ctx *c, struct config_guest *g, int node);
int config_parse_virtio_console(const struct config_ctx *c, struct config_guest *g, int node);
int config_parse_virtio_rng(const struct config_ctx *c, struct config_guest *g, int node);
/* The virtio window of g against its RAM and PLIC; slices and MACs across guests. */
int config_check_virtio(const struct config_ctx *c, const struct config_guest *g);
int config_check_virtio_shared(const struct config_ctx *c, const struct config *cfg);

/* The root's `uplink`: no value, and some guest with a virtio-net for it to reach. */
int config_parse_uplink(const struct config_ctx *c, struct config *cfg);

/*
 * The optional /schedule node: one window table per hart@ID child, into
 * cfg->tables. Needs the guests parsed, as owners are guest names.
 */
int config_parse_schedule(const struct config_ctx *c, struct config *cfg);

/* Rules across guests: pinned host memory and the machine-memory budget. */
int config_check_guests(const struct config_ctx *c, const struct config *cfg);

#endif
