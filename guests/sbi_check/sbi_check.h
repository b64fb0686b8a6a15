/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * sbi_check: one guest that calls every SBI function Erg offers, with good
 * and bad arguments, and prints one line per case:
 *
 *	sbi_check: PASS <name>
 *	sbi_check: FAIL <name>: got <x> want <y>
 *
 * then "sbi_check: <passed> passed, <failed> failed" and shuts down. The
 * expected values are Erg's (SBI 2.0). Run natively on OpenSBI 1.1, cases
 * whose answer is Erg's own (its identity, its guest RAM, its stricter
 * argument checks) or whose extension OpenSBI lacks print
 * "sbi_check: SKIP <name>: <why>" instead; under Erg nothing is skipped.
 */
#ifndef GUESTS_SBI_CHECK_SBI_CHECK_H
#define GUESTS_SBI_CHECK_SBI_CHECK_H

#include <stdbool.h>
#include <stdint.h>

#include "guest_sbi.h"

/* What the checks need to know about the machine they run on. */
struct check_env {
	unsigned long hartid;
	unsigned dtb_cpus; /* cpu nodes under /cpus */
	unsigned ncpus;	   /* harts: dtb_cpus, or hartid + 1 when there are none */
	uint64_t ram_base; /* the first /memory region */
	uint64_t ram_end;  /* one past its last byte */
	bool erg;	   /* BASE impl_id says Erg */
};

extern struct check_env check_env;

/* Reports got against want: a case every SBI implementation must agree on. */
void check_eq(const char *name, long got, long want);

/* The same for an answer only Erg promises; skipped when not under Erg. */
void check_erg(const char *name, long got, long want);

/*
 * Whether a case only Erg refuses runs: under Erg; natively the call might
 * succeed (a suspend, a start) and end the run, so it is skipped by name.
 */
bool check_erg_runs(const char *name);

/*
 * Whether the cases of extension eid run: always under Erg (where a missing
 * extension must fail its cases), natively only when probed present; a
 * skipped case is reported by name.
 */
bool check_ext_runs(unsigned long eid, const char *name);

/* The error of an SBI return, or its value when there is no error. */
long check_value(struct sbiret ret);

/* An SBI call with up to six arguments. */
struct sbiret check_call(unsigned long eid, unsigned long fid, unsigned long a0, unsigned long a1,
			 unsigned long a2, unsigned long a3, unsigned long a4);

/* The groups of cases, in the order they run. */
void check_base(void);
void check_legacy(void);
void check_time(void);
void check_ipi(void);
void check_rfence(void);
void check_hsm(void);
void check_hsm_suspend_harts(void); /* with the second hart: sbi_check_suspend.c */
void check_dbcn(void);
void check_sta(void);  /* with the second hart: sbi_check_sta.c */
void check_susp(void); /* the same: sbi_check_susp.c */
void check_fwft(void);
void check_srst(void);

/* Interrupt bookkeeping shared by the timer, IPI and suspend cases. */
struct check_irqs {
	unsigned long timer, soft, other; /* interrupts taken, by kind */
	uint64_t timer_at;		  /* time of the last timer interrupt */
	unsigned long timer_keep;	  /* the handler masks the timer, leaving it pending */
};

extern volatile struct check_irqs check_irqs;

void check_irq_init(void);

/* Sleeps in WFI until the timer, us from now, or any interrupt (sbi_check_suspend.c). */
void check_nap(uint64_t us);

/* Naps until hart's HSM status is want, for up to 2 s; the last status read. */
long check_status_becomes(unsigned long hart, long want);
/* Waits up to us microseconds for *counter to pass seen; true when it did. */
bool check_irq_wait(volatile unsigned long *counter, unsigned long seen, uint64_t us);

#endif
