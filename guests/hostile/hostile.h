/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * hostile: a guest that attacks Erg from inside, beside a victim guest. It
 * runs groups of attacks (SBI calls with hostile arguments, emulated devices
 * at bad offsets and widths, privileged instructions, interrupt floods, the
 * edges of its RAM), each survivable: Erg must answer with the refusal it
 * documents or reflect a fault the guest catches. Per attack it prints
 *
 *	hostile: <name>: contained (<how>)
 *	hostile: <name>: ESCAPED (<what happened instead>)
 *
 * then "hostile: <n> attacks, <m> contained", and ends with one attack Erg
 * answers by stopping the guest, announced as "hostile: final: ...": a store
 * outside its map, or as its bootargs choose (hostile.final=fetch, =straddle)
 * a jump into its UART or a load across the end of its RAM. With
 * "hostile.final-only" it runs that one alone.
 */
#ifndef GUESTS_HOSTILE_HOSTILE_H
#define GUESTS_HOSTILE_HOSTILE_H

#include <stdbool.h>
#include <stdint.h>

#include "guest_sbi.h"

#define HOSTILE_VCPUS	 2 /* the config gives it two: HSM and hart masks have a neighbour */
#define HOSTILE_HOW_MAX	 128
#define HOSTILE_QUIET_US 2000 /* long enough for a wrongly raised interrupt to arrive */

struct hostile_result {
	bool escaped;
	char how[HOSTILE_HOW_MAX];
};

struct hostile_attack {
	const char *name;
	void (*run)(struct hostile_result *r);
};

/* One file's attacks, in the order they run. */
struct hostile_group {
	const struct hostile_attack *attacks;
	unsigned count;
};

extern const struct hostile_group hostile_sbi_base_group, hostile_sbi_mask_group,
    hostile_sbi_hsm_group, hostile_sbi_console_group, hostile_plic_group, hostile_uart_group,
    hostile_priv_group, hostile_flood_group, hostile_mem_group;

/* The attack that ends the run. */
enum hostile_final {
	HOSTILE_FINAL_STORE,	/* default: a store to hostile.foreign= */
	HOSTILE_FINAL_FETCH,	/* hostile.final=fetch: a jump into its UART */
	HOSTILE_FINAL_STRADDLE, /* hostile.final=straddle: a load across the end of RAM */
};

/* What it learned at boot from its device tree and bootargs. */
struct hostile_env {
	uint64_t ram_base, ram_end; /* its one RAM region */
	unsigned vcpus;
	uint64_t foreign;	  /* a guest-physical address outside its map (hostile.foreign=) */
	enum hostile_final final; /* hostile.final= */
	bool final_only;	  /* hostile.final-only */
};

extern struct hostile_env hostile_env;

/* Interrupts each vCPU took, counted by the shared handler. */
struct hostile_irq_counts {
	unsigned long soft, timer, ext, spurious, other;
};

extern volatile struct hostile_irq_counts hostile_irqs[HOSTILE_VCPUS];

/* Trap vector and interrupt handler on this hart; software, timer and external enabled. */
void hostile_irq_setup(unsigned long hartid);

/* Waits up to us microseconds for *counter to reach target; true when it did. */
bool hostile_wait(volatile unsigned long *counter, unsigned long target, uint64_t us);

/* Verdicts: the attack was refused or absorbed as documented, or it was not. */
__attribute__((format(printf, 2, 3))) void hostile_contained(struct hostile_result *r,
							     const char *fmt, ...);
__attribute__((format(printf, 2, 3))) void hostile_escaped(struct hostile_result *r,
							   const char *fmt, ...);

/* Contained when the call failed with want (and left the value 0), escaped otherwise. */
void hostile_expect_refusal(struct hostile_result *r, struct sbiret got, long want);
const char *hostile_sbi_error_name(long error);

/* vCPU 1, started on one of these roles; it stops itself (HSM) when the role ends. */
enum hostile_role {
	HOSTILE_ROLE_LISTEN, /* take interrupts in WFI until released */
	HOSTILE_ROLE_TOUCH,  /* count one run and stop */
	HOSTILE_ROLE_FENCE,  /* fence vCPU 0 remotely HOSTILE_CROSS_FENCES times */
};

#define HOSTILE_CROSS_FENCES 500

struct hostile_second {
	unsigned long runs;	   /* roles begun */
	unsigned long listening;   /* LISTEN: set once its interrupts are on */
	unsigned long fences_done; /* FENCE: successful fences */
	unsigned long release;	   /* LISTEN: set by vCPU 0 to end it */
};

extern volatile struct hostile_second hostile_second;

/* Starts vCPU 1 on role; the SBI error code of the hart_start. */
long hostile_second_start(enum hostile_role role);

/* Waits up to us microseconds for vCPU 1 to be STOPPED; true when it is. */
bool hostile_second_wait_stopped(uint64_t us);

/* Ends a LISTEN role (wakes vCPU 1 from its WFI) and waits as above; true once stopped. */
bool hostile_second_release(uint64_t us);

/* The attack that ends the run (hostile_env.final); it returns only if Erg did not stop it. */
void hostile_final_attack(void);

#endif
