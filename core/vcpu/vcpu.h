/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * A virtual hart at run time: its back-end state, its place in its hart's
 * scheduler, its start, suspend and timer state, and the work other vCPUs
 * ask of it. Running one is vcpu_run.c; its exits are served in vcpu_exit.c.
 */
#ifndef CORE_VCPU_VCPU_H
#define CORE_VCPU_VCPU_H

#include "ports/virt_backend.h"
#include "sched/sched.h"

struct vm;
struct sched_hart;

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

struct vcpu {
	struct vcpu_arch arch; /* first: the arch entry code takes its address */
	struct vm *vm;
	unsigned id;
	uint64_t hart;		 /* the physical hart it runs on */
	struct sched_hart *home; /* that hart's scheduler, once placed there (sched_hart_place) */
	enum vcpu_state state;
	bool on_hart;	  /* inside vcpu_run, its state on the hart */
	bool restarted;	  /* vcpu_restart ran since the current exit began */
	bool blocked;	  /* waiting in WFI (set and cleared under its hart's scheduler lock) */
	bool fwft_locked; /* SBI FWFT: its one feature locked until it starts afresh */
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
	/* SBI STA (sbi_sta.c): where the guest wants its steal time, 0 while it wants none; and
	 * sched.steal when it asked, the record's zero. */
	uint64_t steal_record, steal_base;
};

/* Run v on this hart for one slice (starting it afresh when it is due to start). */
void vcpu_run_slice(struct vcpu *v);

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

/* Do the work others asked of v (on v's own hart, v loaded). */
void vcpu_do_requests(struct vcpu *v);

/* The same, inline when nothing was asked: the commonest case, on every exit. */
static inline void vcpu_process_requests(struct vcpu *v)
{
	if (__atomic_load_n(&v->requests, __ATOMIC_ACQUIRE))
		vcpu_do_requests(v);
}

#endif
