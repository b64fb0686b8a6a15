/*
 * Why a guest stopped running, in architecture-neutral terms. Arch code
 * decodes its trap registers into this record; core/ acts on it.
 */
#ifndef CORE_VCPU_VCPU_EXIT_H
#define CORE_VCPU_VCPU_EXIT_H

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

struct vcpu_exit {
	enum vcpu_exit_kind kind;
	uint64_t cause; /* the raw architectural cause, for messages */
	uint64_t pc;	/* guest pc of the trapping instruction */
	uint64_t gpa;	/* GUEST_FAULT: the guest-physical address */
	uint64_t value; /* VIRTUAL_INSN: the instruction bits, when the hart gives them */
	enum vcpu_access access;
};

extern const char *const vcpu_exit_names[VCPU_EXIT_KINDS];

/* What the fast lane did with an exit. */
enum vcpu_fast {
	VCPU_FAST_RESUME,  /* served: the guest goes straight back in */
	VCPU_FAST_LEAVE,   /* served, but the run loop must look (blocked, stopped, yield) */
	VCPU_FAST_DECLINE, /* not touched: it needs every register saved */
};

struct vcpu_arch;

/* Serve an exit in the exit path itself, while the guest's s0-s11 are not saved. */
enum vcpu_fast vcpu_fast_exit(struct vcpu_arch *a, const struct vcpu_exit *exit);

#endif
