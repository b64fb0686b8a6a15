/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The attacks of the vqattack guest on its virtio-blk device, in three
 * tables: broken chains (vqattack_chain.c), hostile requests
 * (vqattack_request.c) and broken set-up and registers (vqattack_setup.c);
 * and a fourth on its virtio-rng and virtio-console: chains that ask for
 * unbounded work (vqattack_flood.c).
 * Each attack starts on a freshly initialised device, does one hostile thing
 * and says what the device did; vqattack.c judges the outcome against what
 * the attack allows, then checks that a reset device still serves a good
 * request.
 */
#ifndef GUESTS_VQATTACK_VQATTACK_H
#define GUESTS_VQATTACK_VQATTACK_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "guest_virtio.h"

#define VQA_QUEUE_SIZE	   16	  /* the queue every attack starts with */
#define VQA_SLICE_SECTORS  2048	  /* the 1 MiB slice of disk 0 the config gives us */
#define VQA_SCRATCH_SECTOR 1024	  /* sectors from here on may be overwritten */
#define VQA_WAIT_US	   100000 /* how long an answer may take before it counts as none */

/* What the device did with the hostile thing. */
enum vqa_outcome {
	VQA_OK,		 /* completed with status OK */
	VQA_ERROR,	 /* completed with an error status */
	VQA_NEEDS_RESET, /* set DEVICE_NEEDS_RESET */
	VQA_IGNORED,	 /* no answer, device still fine */
	VQA_REFUSED,	 /* a set-up step did not stick (FEATURES_OK, QueueReady) */
	VQA_OUTCOMES
};

#define VQA_ALLOW(o)	  (1u << (o))
#define VQA_ALLOW_ANY	  ((1u << VQA_OUTCOMES) - 1)
#define VQA_ALLOW_REFUSAL (VQA_ALLOW_ANY & ~VQA_ALLOW(VQA_OK))

struct vqa_env {
	struct virtio_dev *dev;
	/* virtio-rng in slot 1, virtio-console in slot 2 (its queues 0 and 1). */
	struct virtio_dev *rng, *con_rx, *con_tx;
	uint64_t ram_base, ram_end; /* the guest's RAM, from its DTB */
	uint8_t *buf;		    /* VQA_BUF_BYTES of scratch, 16-byte aligned */
};

#define VQA_BUF_BYTES 8192

struct vqa_result {
	enum vqa_outcome outcome;
	int status;	    /* the status byte, for VQA_OK and VQA_ERROR */
	const char *note;   /* what else the attack saw, or NULL */
	const char *breach; /* set when the attack saw memory or state it must not have */
};

struct vqa_attack {
	const char *name;
	void (*run)(struct vqa_env *env, struct vqa_result *r);
	unsigned allow; /* VQA_ALLOW() of the outcomes that mean contained */
};

/* The tables, each ended by a NULL name. */
extern const struct vqa_attack vqa_chain_attacks[];
extern const struct vqa_attack vqa_request_attacks[];
extern const struct vqa_attack vqa_setup_attacks[];
extern const struct vqa_attack vqa_flood_attacks[];

/* Guest-physical address of p (the MMU is off). */
static inline uint64_t vqa_gpa(const volatile void *p)
{
	return (uint64_t)(uintptr_t)p;
}

/* Publish the chain at head, notify queue 0 and record what the device did. */
void vqa_submit(struct vqa_env *env, uint16_t head, struct vqa_result *r);

/* Record the device's answer to whatever was already published and notified. */
void vqa_observe(struct vqa_env *env, struct vqa_result *r);

/* Start over with a queue of size entries on the device's own rings; false if that fails. */
bool vqa_restart(struct vqa_env *env, uint16_t size);

#endif
