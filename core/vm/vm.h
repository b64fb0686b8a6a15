/*
 * A guest partition at run time: its config, its RAM and address space, its
 * vCPUs and whether it still runs. Created once at boot from the config.
 */
#ifndef CORE_VM_VM_H
#define CORE_VM_VM_H

#include "config/config.h"
#include "dev/mmio_map.h"
#include "dev/vplic.h"
#include "dev/vuart.h"
#include "lib/spinlock.h"
#include "platform/platform.h"
#include "ports/virt_backend.h"
#include "sched/sched.h"
#include "vm/vm_ram.h"
#include "vm/vm_virtio.h"

#define VM_LINE_MAX 256 /* a guest's console line is cut here */
/* A partial line idle this many ticks is a prompt, not a line cut by a descheduling. */
#define VM_PROMPT_TICKS 20
#define VM_INPUT_MAX	256 /* console input waiting for the guest */

/*
 * VM_RESTARTING: a reboot or a crash restart owns the guest until it has
 * reloaded it; its vCPUs do not run, and no second reboot or crash acts.
 */
enum vm_state { VM_RUNNING, VM_STOPPED, VM_RESTARTING };
/* VCPU_SUSPENDED: in an HSM suspend, blocked until an interrupt is pending for it. */
enum vcpu_state { VCPU_STOPPED, VCPU_START_PENDING, VCPU_RUNNING, VCPU_SUSPENDED };

/* Work another vCPU asks of this one, done on its own hart before it re-enters. */
enum vcpu_request {
	VCPU_REQ_SOFT_IRQ = 1u << 0,   /* raise its supervisor software interrupt */
	VCPU_REQ_FENCE_I = 1u << 1,    /* synchronize its instruction fetches */
	VCPU_REQ_FLUSH_VVMA = 1u << 2, /* drop its cached guest-virtual translations */
	VCPU_REQ_EXT_IRQ = 1u << 3,    /* its PLIC context changed: update its external interrupt */
	VCPU_REQ_VIRTIO = 1u << 4,     /* serve what its guest's virtio queues have deferred */
};

struct vm;

struct vcpu {
	struct vcpu_arch arch; /* first: the arch entry code takes its address */
	struct vm *vm;
	unsigned id;
	uint64_t hart; /* the physical hart it runs on */
	enum vcpu_state state;
	bool on_hart;	/* inside vcpu_run, its state on the hart */
	bool restarted; /* vcpu_restart ran since the current exit began */
	bool blocked;	/* waiting in WFI (set and cleared under its hart's scheduler lock) */
	struct sched_entity sched;
	uint64_t slice_start;		   /* when its current slice began (while on_hart) */
	uint64_t start_addr, start_opaque; /* HSM start request */
	struct vcpu_suspend {		   /* HSM suspend, while VCPU_SUSPENDED */
		bool retentive;		   /* resume after the call; else afresh at addr */
		uint64_t addr, opaque;
	} suspend;
	uint64_t timer_deadline;
	unsigned requests;	/* enum vcpu_request bits, set by others atomically */
	unsigned requests_busy; /* its hart is doing requests it has taken */
	uint64_t exits[VCPU_EXIT_KINDS];
	struct vcpu_mmio_decoded {
		bool valid; /* for the current exit: the fast lane decoded it */
		enum vcpu_decode status;
		struct vcpu_mmio access;
		uint32_t insn;
	} mmio;
};

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
	size_t line_len_seen;	  /* line_len at the last idle check */
	unsigned line_idle_ticks; /* ticks the partial line has not grown */
	char line[VM_LINE_MAX];	  /* console output not yet ended by a newline */
};

/* Build guest index from its config: RAM, images, DTB, vCPUs. 0 or -1 (logged). */
int vm_create(struct vm *vm, unsigned index, const struct config_guest *config,
	      const struct platform *p);

/* (Re)load the guest: zero its RAM, copy its images, write its DTB, reset its vCPUs. */
int vm_load(struct vm *vm);

/* Restart the guest (stopped or not) from its images; nothing when a restart is under way. */
void vm_reboot(struct vm *vm);

/*
 * The guest asked to reboot itself (SBI SRST): a reboot, unless it is the
 * ERG_REBOOT_LOOP_MAX + 1st in a row soon after its boot, which halts it.
 */
void vm_reboot_by_guest(struct vm *vm);

/* Run v on this hart for one slice (starting it afresh when it is due to start). */
void vcpu_run_slice(struct vcpu *v);

/* The running v's exit handler decided it waits (WFI); v->blocked unless a request came. */
void sched_block(struct vcpu *v);

/* Should the running v give up its hart now (slice over, or a higher priority waits)? */
bool sched_should_yield(const struct vcpu *v);

/* Reset v's registers to start at addr with a0 = its id and a1 = opaque. */
void vcpu_restart(struct vcpu *v, uint64_t addr, uint64_t opaque);

/*
 * The same for a resume from non-retentive suspend: its interrupts still
 * pending and its timer deadline are kept (the one that woke it among them).
 * v must be loaded on this hart.
 */
void vcpu_resume_at(struct vcpu *v, uint64_t addr, uint64_t opaque);

/* Whether v is started and its run loop decides what it does: running, or suspended. */
static inline bool vcpu_state_started(enum vcpu_state s)
{
	return s == VCPU_RUNNING || s == VCPU_SUSPENDED;
}

/*
 * The running v suspends itself (HSM hart_suspend, its arguments checked):
 * it gives up its hart until an interrupt it has enabled is pending.
 */
void vcpu_suspend(struct vcpu *v, bool retentive, uint64_t addr, uint64_t opaque);

/*
 * Suspended v, loaded: resume it if an interrupt it enabled is pending
 * (true), else block it again (false).
 */
bool vcpu_suspend_try_resume(struct vcpu *v);

/* In v's run loop, before it enters the guest: whether it may (inline: on every slow exit). */
static inline bool vcpu_suspend_ready(struct vcpu *v)
{
	return __atomic_load_n(&v->state, __ATOMIC_ACQUIRE) != VCPU_SUSPENDED ||
	       vcpu_suspend_try_resume(v);
}

/*
 * Ask target for work; fences wait until a running target has done it. false
 * when self gave up waiting because its hart has something more urgent (an
 * interrupt of Erg's, a slice's end): the work stays asked, and the caller
 * has the guest ask again later.
 */
bool vcpu_request(struct vcpu *self, struct vcpu *target, unsigned requests);

/* Ask target for work that needs no waiting, from any hart (devices). */
void vcpu_request_async(struct vcpu *target, unsigned requests);

/* Build the guest's virtio devices from its config (once, at creation). 0 or -1 (logged). */
int vm_virtio_create(struct vm *vm);

/* Reset its virtio devices as a driver writing status 0 would: none of them is live after. */
void vm_virtio_quiesce(struct vm *vm);

/* Reset its virtio devices as a driver would, and map their windows again (reboot). */
int vm_virtio_reset(struct vm *vm);

/*
 * Serve one more batch of each virtio queue of the guest that had work left
 * over (VCPU_REQ_VIRTIO, on a vCPU of the guest between two of its exits).
 */
void vm_virtio_resume(struct vm *vm);

/* Hand waiting console input to its live virtio-console; false when input goes to its UART. */
bool vm_virtio_console_drain(struct vm *vm);

/* Set up (or reset, at reboot) the guest's emulated devices from its config. 0 or -1. */
int vm_devices_reset(struct vm *vm);

/* Whether vCPU vcpu of vm has a claimable external interrupt. */
bool vm_external_irq_pending(const struct vm *vm, unsigned vcpu);

/* Do the work others asked of v (on v's own hart, v loaded). */
void vcpu_do_requests(struct vcpu *v);

/* The same, inline when nothing was asked: the commonest case, on every exit. */
static inline void vcpu_process_requests(struct vcpu *v)
{
	if (__atomic_load_n(&v->requests, __ATOMIC_ACQUIRE))
		vcpu_do_requests(v);
}

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

/* Guest console output, one byte at a time; whole lines go out as "[name] ...". */
void vm_console_putc(struct vm *vm, char c);

/* Each tick: a partial line left alone for VM_PROMPT_TICKS (a prompt) goes out as it is,
 * and waiting input moves on into the guest's UART. */
void vm_console_tick(struct vm *vm);

/*
 * A new life begins (reboot or restart): the old life's partial line goes out
 * on its own, so the new life's first line never joins it, and input typed
 * for the old life is dropped.
 */
void vm_console_reset(struct vm *vm);

/* Console input for the guest, kept until its UART or its SBI console reads take it. */
void vm_console_input(struct vm *vm, char c);

/* The next byte kept for SBI console reads, or -1. */
int vm_console_getc(struct vm *vm);

/* Build the guest's device tree into buf (size bytes). 0 or -1. */
int vm_dtb_build(const struct vm *vm, const struct platform *p, void *buf, size_t size);

#endif
