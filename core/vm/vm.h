/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * A guest partition at run time: its config, its RAM and address space, its
 * vCPUs and whether it still runs. Created once at boot from the config.
 * vCPUs have their own header (vcpu/vcpu.h), as do the guest's virtio
 * devices (vm/vm_virtio.h) and console (vm/vm_console.h).
 */
#ifndef CORE_VM_VM_H
#define CORE_VM_VM_H

#include "config/config.h"
#include "dev/mmio_map.h"
#include "dev/vplic.h"
#include "dev/vuart.h"
#include "lib/spinlock.h"
#include "platform/platform.h"
#include "vcpu/vcpu.h"
#include "vm/vm_ram.h"
#include "vm/vm_virtio.h"

#define VM_LINE_MAX  256 /* a guest's console line is cut here */
#define VM_INPUT_MAX 256 /* console input waiting for the guest */

/*
 * VM_RESTARTING: a reboot or a crash restart owns the guest until it has
 * reloaded it; its vCPUs do not run, and no second reboot or crash acts.
 */
enum vm_state { VM_RUNNING, VM_STOPPED, VM_RESTARTING };
struct vm {
	const struct config_guest *config;
	const struct platform *platform;
	unsigned index;
	enum vm_state state;
	struct vm_arch arch;
	size_t region_count;
	struct vm_region regions[CONFIG_MAX_REGIONS];
	uint64_t dtb_gpa;
	struct mmio_map mmio; /* emulated devices */
	struct vplic plic;
	struct vuart uart;
	struct vm_virtio virtio[CONFIG_MAX_VIRTIO];
	struct virtio_mmio *console; /* its virtio-console, if it has one */
	unsigned vcpu_count;
	struct vcpu vcpus[CONFIG_MAX_VCPUS];
	unsigned restarts;		 /* crash restarts so far, against config->max_restarts */
	unsigned quick_reboots;		 /* its own reboots in a row, each soon after its boot */
	uint64_t booted_at;		 /* when its current life was loaded (timebase ticks) */
	spinlock_t lock;		 /* console line */
	spinlock_t hsm_lock;		 /* vCPU start requests */
	spinlock_t ram_lock;		 /* chunks of RAM being made ready */
	unsigned input_head, input_tail; /* console input not yet taken */
	char input[VM_INPUT_MAX];
	size_t line_len;
	bool line_done;		  /* line is whole and waits for room in the console queue */
	uint64_t console_dropped; /* output bytes that found no room */
	size_t line_len_seen;	  /* line_len at the last idle check */
	unsigned line_idle_ticks; /* ticks the partial line has not grown */
	char line[VM_LINE_MAX];	  /* console output not yet ended by a newline */
};

/*
 * Build guest index from its config: images from the boot archive (which
 * fills in and places config's named images), RAM, DTB, vCPUs. 0 or -1 (logged).
 */
int vm_create(struct vm *vm, unsigned index, struct config_guest *config, const struct platform *p);

/* (Re)load the guest: zero its RAM, copy its images, write its DTB, reset its vCPUs. */
int vm_load(struct vm *vm);

/* Restart the guest (stopped or not) from its images; nothing when a restart is under way. */
void vm_reboot(struct vm *vm);

/*
 * The guest asked to reboot itself (SBI SRST): a reboot, unless it is the
 * ERG_REBOOT_LOOP_MAX + 1st in a row soon after its boot, which halts it.
 */
void vm_reboot_by_guest(struct vm *vm);

/* " kind count" for each exit kind, summed over the guest's vCPUs. */
void vm_exit_summary(const struct vm *vm, char *buf, size_t len);

/* Log each vCPU's run time, slices and wake-up latency. */
void vm_log_accounting(const struct vm *vm);

/* Stop every vCPU of the guest, saying why (with its exit counts and accounting). */
void vm_stop(struct vm *vm, const char *why);

/*
 * The running guest crashed (why: a fault Erg cannot emulate, or a shutdown
 * for a system failure): stop or restart it as its on-crash policy says.
 * Ignored unless the guest is running: a crash during a stop or restart
 * belongs to the life that is ending. May be called from the exit handler
 * of one of its vCPUs.
 */
void vm_crash(struct vm *vm, const char *why);

/* Set up (or reset, at reboot) the guest's emulated devices from its config. 0 or -1. */
int vm_devices_reset(struct vm *vm);

/* Whether vCPU vcpu of vm has a claimable external interrupt. */
bool vm_external_irq_pending(const struct vm *vm, unsigned vcpu);

/* Build the guest's device tree into buf (size bytes). 0 or -1. */
int vm_dtb_build(const struct vm *vm, const struct platform *p, void *buf, size_t size);

/* Whether v is started and its guest running: its run loop keeps entering it. */
static inline bool vcpu_should_run(const struct vcpu *v)
{
	return vcpu_state_started(__atomic_load_n(&v->state, __ATOMIC_ACQUIRE)) &&
	       __atomic_load_n(&v->vm->state, __ATOMIC_ACQUIRE) == VM_RUNNING;
}

#endif
