/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Why a guest stopped running, in architecture-neutral terms. The back end
 * decodes its trap completely into one struct vcpu_exit (a load or store
 * that faulted arrives with its width, register and value), and core/
 * dispatches it once, through one table (vcpu_exit.c), never calling back
 * into the back end to finish the decode.
 */
#ifndef CORE_VCPU_VCPU_EXIT_H
#define CORE_VCPU_VCPU_EXIT_H

#include <stdbool.h>
#include <stdint.h>

enum vcpu_exit_kind {
	VCPU_EXIT_SBI_CALL,	/* the guest called its SBI (ecall) */
	VCPU_EXIT_GUEST_FAULT,	/* access outside the guest's map */
	VCPU_EXIT_VIRTUAL_INSN, /* an instruction the guest may not run itself */
	VCPU_EXIT_WFI,		/* the guest waits for an interrupt */
	VCPU_EXIT_IRQ_TIMER,	/* Erg's own timer, taken while the guest ran */
	VCPU_EXIT_IRQ_SOFT,	/* an IPI for Erg */
	VCPU_EXIT_IRQ_EXT,	/* a device interrupt for Erg */
	VCPU_EXIT_OTHER,	/* anything else: the guest is stopped */
	VCPU_EXIT_KINDS
};

enum vcpu_access { VCPU_ACCESS_READ, VCPU_ACCESS_WRITE, VCPU_ACCESS_FETCH };

/* How far the back end could decode the load or store behind a guest fault. */
enum vcpu_decode {
	VCPU_DECODE_OK,
	VCPU_DECODE_RETRY,	 /* the guest's own tables no longer map its pc: run it again */
	VCPU_DECODE_UNSUPPORTED, /* not a plain integer load or store */
};

/* A faulting load or store, decoded (GUEST_FAULT reads and writes). */
struct vcpu_exit_mem {
	enum vcpu_decode decode;
	unsigned len;	  /* bytes to step the pc past it */
	unsigned width;	  /* 1, 2, 4 or 8 */
	bool sign_extend; /* a load whose value is sign-extended */
	unsigned reg;	  /* x register loaded or stored */
	/*
	 * The register's value is not at hand: the exit is in the fast lane and
	 * the register is one the lane leaves in the hart. The slow path fills it.
	 */
	bool reg_unsaved;
	uint64_t value; /* a store's register value, as the guest held it */
	uint32_t insn;	/* the instruction bits when read, else 0: for messages */
};

/*
 * A load or store decoded from its bits alone, as the back end keeps it per
 * instruction: what the fast lane needs to complete a device access.
 */
struct vcpu_mem_insn {
	uint8_t width; /* 1, 2, 4 or 8 */
	uint8_t reg;   /* x register loaded or stored */
	uint8_t len;   /* bytes to step the pc past it */
	bool write;
	bool sign_extend; /* a load whose value is sign-extended */
};

struct vcpu_exit {
	enum vcpu_exit_kind kind;
	uint64_t cause; /* the raw architectural cause, for messages */
	uint64_t pc;	/* guest pc of the trapping instruction */
	uint64_t gpa;	/* GUEST_FAULT: the guest-physical address */
	enum vcpu_access access;
	/*
	 * GUEST_FAULT from a back end that walks the guest's own page tables
	 * (no H): the guest's tables led to gpa, so outside its RAM and devices
	 * the guest takes the access fault a hart gives there; guest_table says
	 * gpa held one of those tables (the walk's own read), never a device's.
	 */
	bool guest_mapped;
	bool guest_table;
	uint64_t value; /* VIRTUAL_INSN: the instruction bits, when the hart gives them */
	struct vcpu_exit_mem mem;
};

extern const char *const vcpu_exit_names[VCPU_EXIT_KINDS];

/*
 * Where an exit is served. The fast lane is the exit path itself (only
 * the registers a C call may clobber are saved): an exit served there
 * goes straight back into the guest. The slow path has every register.
 */
enum vcpu_lane { VCPU_LANE_FAST, VCPU_LANE_SLOW };

/* What the fast lane did with an exit. */
enum vcpu_fast {
	VCPU_FAST_RESUME,  /* served: the guest goes straight back in */
	VCPU_FAST_LEAVE,   /* served, but the run loop must look (blocked, stopped, yield) */
	VCPU_FAST_DECLINE, /* not touched: the slow path serves it */
};

struct vcpu;
struct vcpu_arch;

/* Serve exit through the table; false only in the fast lane, for an exit it declines. */
bool vcpu_exit_dispatch(struct vcpu *v, const struct vcpu_exit *exit, enum vcpu_lane lane);

/* The back end's exit path offers each exit to the fast lane here first. */
enum vcpu_fast vcpu_fast_exit(struct vcpu_arch *a, const struct vcpu_exit *exit);

/*
 * The SBI lane: the fast lane's SBI call, with no exit record (handlers read
 * the guest's registers). Declined, the back end fills the record for the
 * slow path.
 */
enum vcpu_fast vcpu_fast_sbi(struct vcpu_arch *a);

/*
 * The device lane: the fast lane's guest-page fault at gpa by a load or store
 * the back end decoded (acc), whose register the lane saved. Served whole
 * when all of it is in one of the guest's device windows; else
 * VCPU_FAST_DECLINE, and nothing is touched for the full exit to redo.
 */
enum vcpu_fast vcpu_fast_access(struct vcpu_arch *a, uint64_t gpa, const struct vcpu_mem_insn *acc);

/*
 * The timer lane: the fast lane's timer interrupt on a hart that serves one
 * deadline alone, its one vCPU's emulated timer (no Sstc, no tick, no other
 * vCPU). VCPU_FAST_DECLINE, touching nothing, anywhere else.
 */
enum vcpu_fast vcpu_fast_timer(struct vcpu_arch *a);

#endif
