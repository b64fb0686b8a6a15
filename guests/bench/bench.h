/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The bench guest: per-operation costs measured with the time CSR. Under
 * QEMU's -icount shift=0 one timebase tick (10 MHz) is 100 instructions, so
 * every figure is printed in instructions, from raw tick counts that are
 * printed beside it. The same image runs natively on OpenSBI and under Erg;
 * tools/bench.py reads its "bench: NAME VALUE ..." lines.
 */
#ifndef GUESTS_BENCH_BENCH_H
#define GUESTS_BENCH_BENCH_H

#include <stdbool.h>
#include <stdint.h>

/* Instructions per timebase tick under -icount shift=0 on QEMU virt (1 ns each, 10 MHz). */
#define BENCH_INSNS_PER_TICK 100

/* What the handler of bench_vector.S noted: the tick it began in and how it learnt the phase. */
struct bench_irq_record {
	uint64_t tick;	/* time at the handler's first instruction; 0: none taken yet */
	uint64_t spins; /* 3-instruction rounds until the time moved on */
	uint64_t cause; /* scause */
};

extern volatile struct bench_irq_record bench_irq_record;

/* From bench_vector.S. */
void bench_vector(void);
/* With interrupts on, spin (or sleep in WFI) until the handler ran; spin gives up at timeout. */
void bench_irq_spin(uint64_t timeout);
void bench_irq_sleep(void);
/* 2 * n instructions (n >= 1) of nothing. */
void bench_delay(uint64_t n);

/* From bench_redirect.S: steps over illegal instructions (4 bytes), fatal for other traps. */
void bench_redirect_vector(void);

/* bench_util.c */
struct bench_env {
	unsigned long hartid;
	bool sstc;     /* the hart's riscv,isa lists Sstc: stimecmp is the guest's */
	unsigned cpus; /* harts (vCPUs) in the device tree */
};

/* Waits for the next tick boundary and returns the new tick. */
uint64_t bench_tick_edge(void);
/* The instruction count at a handler's first instruction, from what it recorded. */
uint64_t bench_irq_insns(uint64_t tick, uint64_t spins);
/* Arms the timer: stimecmp directly, or SBI set_timer. */
void bench_timer_arm(bool stimecmp, uint64_t deadline);
/* Sleeps in WFI (interrupts masked) until time reaches deadline, by the timer. */
void bench_sleep_until(bool stimecmp, uint64_t deadline);
/* "bench: NAME X.YY" from hundredths, then the raw figures. */
void bench_report(const char *name, int64_t hundredths, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* bench_ops.c: operations timed in a loop against an empty one, BENCH_OPS_N times each. */
#define BENCH_OPS_N 10000

typedef void (*bench_op)(void);

struct bench_op_desc {
	const char *name;
	bench_op op;
};

void bench_ops_run(void);
/* Ticks for BENCH_OPS_N calls of op; the figure of d against a baseline loop of base ticks. */
uint64_t bench_ops_time(bench_op op);
void bench_ops_one(const struct bench_op_desc *d, uint64_t base);
/* The illegal instruction, timed last: its 4 ms would shift every later figure's timeline. */
void bench_ops_redirect_run(void);

/*
 * bench_priv.c: what a guest kernel does that a hart without H makes Erg
 * emulate: CSR accesses, sret, sfence.vma, and first touches of pages
 * with paging on (shadow fills).
 */
void bench_priv_run(void);

/* bench_timer.c: timer interrupt latency. */
void bench_timer_run(const struct bench_env *env);

/* bench_ipi.c: IPI latency from this hart to another. */
void bench_ipi_run(const struct bench_env *env);

/* bench_switch.c: two guests on one hart ping-ponging through WFI and the timer. */
void bench_switch_run(const struct bench_env *env);

#endif
