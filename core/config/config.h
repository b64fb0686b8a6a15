/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The partition config: a DTB compiled from guests/configs/<name>.dts that
 * names each guest, its vCPUs, harts, memory, boot images, scheduling and
 * crash policy, and optionally a cyclic window table per hart. config_parse
 * validates it completely, so the same code refuses a bad config in the
 * build (tools/config_check.c) and at boot.
 */
#ifndef CORE_CONFIG_CONFIG_H
#define CORE_CONFIG_CONFIG_H

#include "lib/types.h"

#define CONFIG_COMPATIBLE  "erg,partition-config"
#define CONFIG_MAX_GUESTS  8
#define CONFIG_MAX_VCPUS   8
#define CONFIG_MAX_REGIONS 4
#define CONFIG_NAME_MAX	   15
/* Guest-physical addresses must be below the reach of Sv39x4 G-stage tables. */
#define CONFIG_GPA_LIMIT (1ULL << 41)

/* Scheduling: guest priority and time slice, and the per-hart window tables. */
#define CONFIG_PRIORITY_MAX	7
#define CONFIG_SLICE_US_MIN	100
#define CONFIG_SLICE_US_MAX	1000000
#define CONFIG_SLICE_US_DEFAULT 10000
/*
 * Must equal SCHED_MAX_WINDOWS (core/sched/sched.h); defined here so the config
 * parser, also built into the host checker, does not depend on the scheduler.
 */
#define CONFIG_MAX_WINDOWS 16
#define CONFIG_IDLE_OWNER  (-1)

#define CONFIG_MAX_PASSTHROUGH	    4
#define CONFIG_MAX_PASSTHROUGH_IRQS 4

/* What a guest's crash leads to (core/vm/vm_stop.c): stop it, or reload it as a reboot does. */
enum config_crash_policy { CONFIG_CRASH_HALT, CONFIG_CRASH_RESTART };
#define CONFIG_RESTARTS_MAX	1000
#define CONFIG_RESTARTS_DEFAULT 3

#define CONFIG_MAX_VIRTIO 8 /* virtio-mmio slots of a guest */
#define CONFIG_MAC_LEN	  6

enum config_virtio_kind {
	CONFIG_VIRTIO_BLK,
	CONFIG_VIRTIO_NET,
	CONFIG_VIRTIO_CONSOLE,
	CONFIG_VIRTIO_RNG,
};

/*
 * An emulated virtio-mmio device of a guest, in slot order (core/vm/guest_layout.h).
 * A block device is backed by bytes [offset, offset + size) of a physical
 * disk, or by a read-only image in the config; a network device has a MAC.
 */
struct config_virtio {
	enum config_virtio_kind kind;
	int node;
	uint32_t disk;		     /* blk: the physical disk, in probe order */
	uint64_t offset, size;	     /* blk: the slice of that disk, in bytes */
	bool read_only;		     /* blk */
	const void *image;	     /* blk: a RAM image instead of a disk (read-only) */
	uint8_t mac[CONFIG_MAC_LEN]; /* net */
};

/* A physical device window handed to a guest, at the same address, and its interrupts. */
struct config_passthrough {
	int node;
	uint64_t base, size;
	size_t irq_count;
	uint32_t irqs[CONFIG_MAX_PASSTHROUGH_IRQS];
};

/* One guest-physical RAM region and, when pinned, its host-physical backing. */
struct config_region {
	uint64_t gpa, size;
	uint64_t hpa; /* 0: Erg picks */
};

/*
 * A boot image: embedded, data and size point into the config blob; named,
 * file is its name in the boot loader's archive and data stays NULL until
 * boot has found it there. offset is where in the first region it goes.
 */
struct config_image {
	const void *data; /* NULL: absent, or not yet taken from the archive */
	size_t size;
	uint64_t gpa;
	const char *file; /* kernel-file / initrd-file; NULL: none */
	uint64_t offset;  /* kernel-offset / initrd-offset, 0 when not given */
	bool offset_given;
};

/* Why a guest's images could not be placed: the property at fault and the reason. */
struct config_misfit {
	const char *prop;
	char why[112];
};

struct config_guest {
	char name[CONFIG_NAME_MAX + 1];
	int node; /* the guest's node offset in the blob, for its devices */
	uint32_t vcpus;
	uint64_t hart_mask; /* physical harts the vCPUs may run on */
	size_t region_count;
	struct config_region regions[CONFIG_MAX_REGIONS];
	struct config_image kernel, initrd;
	uint64_t entry_gpa;
	const char *bootargs; /* NULL: none */
	bool plic, uart;      /* emulated devices (core/vm/guest_layout.h) */
	size_t passthrough_count;
	struct config_passthrough passthrough[CONFIG_MAX_PASSTHROUGH];
	size_t virtio_count;
	struct config_virtio virtio[CONFIG_MAX_VIRTIO];
	uint32_t priority; /* 0..CONFIG_PRIORITY_MAX, higher runs first; default 0 */
	uint32_t slice_us; /* round-robin slice among equal priorities */
	enum config_crash_policy on_crash; /* default CONFIG_CRASH_HALT */
	uint32_t max_restarts; /* restarts a crash may cause; 0 unless on_crash restarts */
};

/*
 * The cyclic window table of one hart (a /schedule/hart@ID node): a major
 * frame of frame_us split into count windows, in order. Window i lasts
 * length_us[i] and belongs to guest owner[i] (an index into guests[]) or to
 * no one (CONFIG_IDLE_OWNER). The lengths sum to frame_us, and every owner
 * may run on hart. background: a window whose owner has nothing to run may
 * be used by other guests instead of staying idle.
 */
struct config_table {
	uint32_t hart;
	uint64_t frame_us;
	size_t count;
	int owner[CONFIG_MAX_WINDOWS];
	uint64_t length_us[CONFIG_MAX_WINDOWS];
	bool background;
	int node;
};

struct config {
	uint64_t machine_memory; /* 0: not given */
	bool uplink;		 /* the switch gets a port on the machine's network device */
	size_t guest_count;
	struct config_guest guests[CONFIG_MAX_GUESTS];
	size_t table_count; /* harts with a window table, in config order */
	struct config_table tables[ERG_MAX_HARTS];
};

/*
 * Parse and validate blob into out. Returns 0, or -1 with a message in err
 * of the form "<node or property path>: <reason>".
 */
int config_parse(const void *blob, struct config *out, char *err, size_t errlen);

/*
 * Place g's kernel and initrd (their data and sizes known) in its first
 * region: at parse time for embedded images, at boot for images from the
 * archive. 0, or -1 with *m filled.
 */
int config_place_images(struct config_guest *g, struct config_misfit *m);

/* "halt" or "restart", as the config spells the policy. */
const char *config_crash_name(enum config_crash_policy policy);

/* Total bytes of guest-physical RAM of g. */
uint64_t config_guest_memory(const struct config_guest *g);

#endif
