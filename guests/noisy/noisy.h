/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The noisy neighbour: a guest that shares a hart with a real-time guest of
 * higher priority and floods Erg through every door it has, one flood per
 * phase, so that a test can read the real-time guest's jitter under each.
 * The phases keep to a timetable in machine time (the time CSR, which a
 * guest reboot does not reset), so a guest that rebooted itself knows that
 * it is in the reboot loop without any memory of its own. Each phase prints
 * a line when it starts and one when it ends; a flood Erg stops (a device
 * put in DEVICE_NEEDS_RESET) says so in the end line, and a guest Erg halts
 * prints none: Erg's own line tells.
 */
#ifndef GUESTS_NOISY_NOISY_H
#define GUESTS_NOISY_NOISY_H

#include <stdbool.h>
#include <stdint.h>

#define NOISY_VCPUS	     2
#define NOISY_NOTE_MAX	     96
#define NOISY_WAIT_US	     200000 /* how long a virtio completion may take before we move on */
#define NOISY_VIRTIO_RNG     4	    /* virtio device ids (VirtIO 1.2, 5) */
#define NOISY_VIRTIO_CONSOLE 3
#define NOISY_SLOT_RNG	     0 /* slots in config order (guests/configs/noisy.dts) */
#define NOISY_SLOT_CONSOLE   1

/* What the running phase knows and tells. */
struct noisy_env {
	uint64_t ram_base, ram_size;   /* the guest's RAM, from its DTB */
	uint64_t scratch, scratch_end; /* RAM the image, stacks and DTB do not use */
	uint64_t deadline;	       /* machine time at which the phase ends */
	unsigned long rounds;	       /* rounds of the flood done */
	char note[NOISY_NOTE_MAX];     /* what else the end line says */
};

struct noisy_phase {
	char letter;
	const char *name;
	void (*run)(struct noisy_env *env);
};

/* Whether the phase has time left; floods check it after each round, so one always runs. */
bool noisy_more(const struct noisy_env *env);

/* printf into env->note. */
void noisy_note(struct noisy_env *env, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* The floods, one per phase, in timetable order. */
void noisy_dbcn(struct noisy_env *env);
void noisy_ipi(struct noisy_env *env);
void noisy_plic(struct noisy_env *env);
void noisy_chains(struct noisy_env *env);
void noisy_console_rx(struct noisy_env *env);
void noisy_mmio(struct noisy_env *env);
void noisy_reboot(struct noisy_env *env);

/* Virtio helpers (noisy_virtio.c) for phases d and e, on top of guest_virtio.h. */
struct virtio_dev;
/* Probe slot for device id, reset it and negotiate VERSION_1 and indirect tables. */
bool noisy_virtio_begin(struct virtio_dev *d, unsigned slot, uint32_t id);
/* Queue q of size entries on d's own rings; whether QueueReady stuck. */
bool noisy_virtio_queue(struct virtio_dev *d, uint32_t q, uint16_t size);
/* Take up to want used entries, waiting at most NOISY_WAIT_US; how many came. */
unsigned noisy_virtio_collect(struct virtio_dev *d, unsigned want);

/* The second vCPU: started once, it runs a role while it has one. */
typedef void (*noisy_role_fn)(void);
long noisy_second_start(void);
void noisy_second_run(noisy_role_fn role);
/* Takes the role back; false if vCPU 1 is still in it after 100 ms. */
bool noisy_second_stop(void);
/* One round of the IPI and remote-fence storm, run by both vCPUs. */
void noisy_ipi_round(void);

#endif
