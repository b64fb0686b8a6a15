/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * A guest's virtio-mmio devices: virtio-blk, virtio-net, virtio-console and
 * virtio-rng nodes (several of a kind as virtio-blk@0, virtio-blk@1, ...).
 * Each takes the next slot of the guest's virtio-mmio window in config
 * order. Slices of one physical disk may go to several guests but never
 * overlap; whether a slice fits its disk is only known at boot.
 */
#include <libfdt.h>
#include <string.h>

#include "config/config_parts.h"
#include "lib/fdt_util.h"
#include "mem/mem_map.h"
#include "vm/guest_layout.h"

#define CONFIG_SECTOR 512 /* slices are whole sectors of the disk */

static const char *const config_blk_props[] = {"disk",	    "offset", "size",
					       "read-only", "image",  NULL};
static const char *const config_net_props[] = {"mac", NULL};
static const char *const config_no_props[] = {NULL};

/* The next slot of g, or NULL (failed) when every slot is taken. */
static struct config_virtio *config_virtio_slot(const struct config_ctx *c, struct config_guest *g,
						int node, enum config_virtio_kind kind)
{
	struct config_virtio *v = &g->virtio[g->virtio_count];

	if (g->virtio_count == CONFIG_MAX_VIRTIO) {
		config_fail(c, node, NULL, "more than %d virtio devices", CONFIG_MAX_VIRTIO);
		return NULL;
	}
	memset(v, 0, sizeof(*v));
	v->kind = kind;
	v->node = node;
	return v;
}

static int config_blk_image(const struct config_ctx *c, int node, struct config_virtio *v)
{
	int len;

	v->image = fdt_getprop(c->fdt, node, "image", &len);
	if (fdt_getprop(c->fdt, node, "disk", NULL) || fdt_getprop(c->fdt, node, "offset", NULL) ||
	    fdt_getprop(c->fdt, node, "size", NULL))
		return config_fail(c, node, "image", "an image excludes disk, offset and size");
	if (!len || len % CONFIG_SECTOR)
		return config_fail(c, node, "image",
				   "must be a whole number of 512-byte sectors, not %d bytes", len);
	v->size = (uint64_t)len;
	v->read_only = true;
	return 0;
}

static int config_blk_slice(const struct config_ctx *c, int node, struct config_virtio *v)
{
	int len;
	const fdt32_t *disk = fdt_getprop(c->fdt, node, "disk", &len);

	if (!disk || len != 4)
		return config_fail(c, node, "disk", "must be one cell: the disk's number");
	v->disk = fdt32_ld(disk);
	if (!fdt_util_read_u64(c->fdt, node, "offset", &v->offset))
		return config_fail(c, node, "offset", "must be 1 or 2 cells (bytes)");
	if (!fdt_util_read_u64(c->fdt, node, "size", &v->size))
		return config_fail(c, node, "size", "must be 1 or 2 cells (bytes)");
	if (!v->size)
		return config_fail(c, node, "size", "must not be 0");
	if ((v->offset | v->size) % CONFIG_SECTOR)
		return config_fail(c, node, NULL, "offset and size must be whole 512-byte sectors");
	if (v->offset + v->size < v->offset)
		return config_fail(c, node, "size", "slice wraps around");
	v->read_only = fdt_getprop(c->fdt, node, "read-only", NULL) != NULL;
	return 0;
}

int config_parse_virtio_blk(const struct config_ctx *c, struct config_guest *g, int node)
{
	struct config_virtio *v = config_virtio_slot(c, g, node, CONFIG_VIRTIO_BLK);

	if (!v || config_check_props(c, node, config_blk_props))
		return -1;
	if (fdt_getprop(c->fdt, node, "image", NULL) ? config_blk_image(c, node, v)
						     : config_blk_slice(c, node, v))
		return -1;
	g->virtio_count++;
	return 0;
}

/* A unicast, locally chosen or vendor MAC from the config, else 52:54:00:45:<guest>:<slot>. */
int config_parse_virtio_net(const struct config_ctx *c, struct config_guest *g, int node)
{
	struct config_virtio *v = config_virtio_slot(c, g, node, CONFIG_VIRTIO_NET);
	int len;
	const uint8_t *mac;

	if (!v || config_check_props(c, node, config_net_props))
		return -1;
	mac = fdt_getprop(c->fdt, node, "mac", &len);
	if (mac && len != CONFIG_MAC_LEN)
		return config_fail(c, node, "mac", "must be 6 bytes, as in [52 54 00 12 34 56]");
	if (mac && (mac[0] & 1))
		return config_fail(c, node, "mac", "is a multicast address");
	if (mac)
		memcpy(v->mac, mac, CONFIG_MAC_LEN);
	g->virtio_count++;
	return 0;
}

static int config_parse_plain(const struct config_ctx *c, struct config_guest *g, int node,
			      enum config_virtio_kind kind)
{
	struct config_virtio *v = config_virtio_slot(c, g, node, kind);

	if (!v || config_check_props(c, node, config_no_props))
		return -1;
	g->virtio_count++;
	return 0;
}

int config_parse_virtio_console(const struct config_ctx *c, struct config_guest *g, int node)
{
	return config_parse_plain(c, g, node, CONFIG_VIRTIO_CONSOLE);
}

int config_parse_virtio_rng(const struct config_ctx *c, struct config_guest *g, int node)
{
	return config_parse_plain(c, g, node, CONFIG_VIRTIO_RNG);
}

/* The guest's virtio window against its RAM; its devices need its PLIC. */
int config_check_virtio(const struct config_ctx *c, const struct config_guest *g)
{
	uint64_t size = g->virtio_count * GUEST_VIRTIO_SLOT;

	if (!g->virtio_count)
		return 0;
	if (!g->plic)
		return config_fail(c, g->virtio[0].node, NULL,
				   "virtio devices need a plic for their interrupts");
	for (size_t i = 0; i < g->region_count; i++)
		if (mem_range_overlaps(g->regions[i].gpa, g->regions[i].size, GUEST_VIRTIO_BASE,
				       size))
			return config_fail(c, g->node, "memory",
					   "region %zu overlaps the virtio devices at 0x%llx", i,
					   (unsigned long long)GUEST_VIRTIO_BASE);
	return 0;
}

/*
 * Does device k of guest b clash with one listed before it: a disk slice
 * overlapping a slice of the same disk, or a MAC given twice?
 */
static int config_check_clash(const struct config_ctx *c, const struct config *cfg, size_t b,
			      size_t k)
{
	const struct config_virtio *vb = &cfg->guests[b].virtio[k];

	for (size_t a = 0; a <= b; a++) {
		const struct config_guest *ga = &cfg->guests[a];

		for (size_t j = 0; j < (a == b ? k : ga->virtio_count); j++) {
			const struct config_virtio *va = &ga->virtio[j];

			if (vb->kind == CONFIG_VIRTIO_NET && va->kind == CONFIG_VIRTIO_NET &&
			    !memcmp(va->mac, vb->mac, CONFIG_MAC_LEN) && va->mac[0] | va->mac[1])
				return config_fail(c, vb->node, "mac", "also the MAC of guest %s",
						   ga->name);
			if (vb->kind != CONFIG_VIRTIO_BLK || vb->image ||
			    va->kind != CONFIG_VIRTIO_BLK || va->image || va->disk != vb->disk ||
			    !mem_range_overlaps(va->offset, va->size, vb->offset, vb->size))
				continue;
			return config_fail(c, vb->node, NULL,
					   "slice overlaps disk %u's slice of guest %s at 0x%llx",
					   vb->disk, ga->name, (unsigned long long)va->offset);
		}
	}
	return 0;
}

int config_check_virtio_shared(const struct config_ctx *c, const struct config *cfg)
{
	for (size_t b = 0; b < cfg->guest_count; b++)
		for (size_t k = 0; k < cfg->guests[b].virtio_count; k++)
			if (config_check_clash(c, cfg, b, k))
				return -1;
	return 0;
}

int config_parse_uplink(const struct config_ctx *c, struct config *cfg)
{
	int len;

	if (!fdt_getprop(c->fdt, 0, "uplink", &len))
		return 0;
	if (len)
		return config_fail(c, 0, "uplink", "takes no value (write `uplink;`)");
	for (size_t i = 0; i < cfg->guest_count; i++)
		for (size_t k = 0; k < cfg->guests[i].virtio_count; k++)
			if (cfg->guests[i].virtio[k].kind == CONFIG_VIRTIO_NET) {
				cfg->uplink = true;
				return 0;
			}
	return config_fail(c, 0, "uplink", "no guest has a virtio-net on the switch to use it");
}
