/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Operations timed in a loop: each runs BENCH_OPS_N times through the same
 * indirect call as an empty function, and its figure is the difference per
 * call. Natively the SBI calls reach OpenSBI and the device accesses reach
 * QEMU's own PLIC and 16550A; under Erg they reach Erg and its emulated
 * devices, at the same QEMU virt addresses. Each figure counts the op's own
 * few instructions (loading its arguments) with the call it makes.
 *
 * The illegal instruction is a read of mscratch: a machine-only CSR, so
 * illegal in S-mode and in VS-mode alike, and one OpenSBI does not emulate
 * (it answers only counter reads such as time and cycle), so its M-mode
 * handler decodes it, finds nothing to do and redirects it to stvec, the
 * path every CSR access of a deprivileged guest kernel would take. The
 * figure includes bench_redirect_vector's 7 instructions and its sret.
 */
#include "bench.h"
#include "guest_irq.h"
#include "guest_mmio.h"
#include "guest_sbi.h"
#include "guest_time.h"

/* QEMU virt: PLIC priority of source 1, and the 16550A's line status and scratch registers. */
#define BENCH_PLIC_PRIORITY1 0x0c000004UL
#define BENCH_UART_LSR	     0x10000005UL
#define BENCH_UART_SCR	     0x10000007UL

#define BENCH_FAR_DEADLINE (1ULL << 62)

static void bench_ecall(unsigned long ext, unsigned long fid, unsigned long arg)
{
	register unsigned long a0 asm("a0") = arg;
	register unsigned long a6 asm("a6") = fid;
	register unsigned long a7 asm("a7") = ext;

	asm volatile("ecall" : "+r"(a0) : "r"(a6), "r"(a7) : "a1", "memory");
}

/* noipa: every op stays a real function called through the same pointer. */
__attribute__((noipa)) static void op_empty(void)
{
}

__attribute__((noipa)) static void op_sbi_null(void)
{
	bench_ecall(SBI_EXT_BASE, SBI_BASE_GET_SPEC_VERSION, 0);
}

__attribute__((noipa)) static void op_sbi_set_timer(void)
{
	bench_ecall(SBI_EXT_TIME, SBI_TIME_SET_TIMER, BENCH_FAR_DEADLINE);
}

__attribute__((noipa)) static void op_plic_read(void)
{
	(void)mmio_read32(BENCH_PLIC_PRIORITY1);
}

__attribute__((noipa)) static void op_plic_write(void)
{
	mmio_write32(BENCH_PLIC_PRIORITY1, 0);
}

__attribute__((noipa)) static void op_uart_lsr_read(void)
{
	(void)mmio_read8(BENCH_UART_LSR);
}

__attribute__((noipa)) static void op_uart_scr_write(void)
{
	mmio_write8(BENCH_UART_SCR, 0x5a);
}

/* t6: bench_redirect_vector's scratch register. */
__attribute__((noipa)) static void op_illegal(void)
{
	asm volatile("csrr zero, mscratch" : : : "t6", "memory");
}

/* A software interrupt pending and enabled in sie, SIE off: WFI must return at once. */
__attribute__((noipa)) static void op_wfi(void)
{
	asm volatile("wfi" ::: "memory");
}

__attribute__((noipa)) uint64_t bench_ops_time(bench_op op)
{
	uint64_t start = time_now();

	for (unsigned i = 0; i < BENCH_OPS_N; i++)
		op();
	return time_now() - start;
}

void bench_ops_one(const struct bench_op_desc *d, uint64_t base)
{
	uint64_t ticks = bench_ops_time(d->op);
	int64_t extra = (int64_t)(ticks - base);

	bench_report(d->name, extra * BENCH_INSNS_PER_TICK * 100 / BENCH_OPS_N,
		     "(%lu ticks for %u ops, baseline loop %lu ticks)", (unsigned long)ticks,
		     BENCH_OPS_N, (unsigned long)base);
}

static const struct bench_op_desc bench_ops[] = {
    {"sbi-null", op_sbi_null},
    {"sbi-set-timer", op_sbi_set_timer},
    {"mmio-plic-read", op_plic_read},
    {"mmio-plic-write", op_plic_write},
    {"mmio-uart-lsr-read", op_uart_lsr_read},
    {"mmio-uart-scr-write", op_uart_scr_write},
};

void bench_ops_run(void)
{
	const struct bench_op_desc wfi = {"wfi-resume", op_wfi};
	uint64_t empty = bench_ops_time(op_empty);

	bench_report("loop-empty", (int64_t)empty * BENCH_INSNS_PER_TICK * 100 / BENCH_OPS_N,
		     "(%lu ticks for %u calls of an empty function)", (unsigned long)empty,
		     BENCH_OPS_N);
	for (unsigned i = 0; i < sizeof(bench_ops) / sizeof(bench_ops[0]); i++)
		bench_ops_one(&bench_ops[i], empty);
	bench_timer_arm(false, UINT64_MAX); /* set_timer left a deadline behind */
	asm volatile("csrs sip, %0" : : "r"(IRQ_BIT(IRQ_S_SOFT)) : "memory");
	irq_enable(IRQ_BIT(IRQ_S_SOFT));
	bench_ops_one(&wfi, empty);
	irq_disable(IRQ_BIT(IRQ_S_SOFT));
	irq_clear_pending(IRQ_BIT(IRQ_S_SOFT));
}

void bench_ops_redirect_run(void)
{
	const struct bench_op_desc illegal = {"illegal-redirect", op_illegal};
	uint64_t empty = bench_ops_time(op_empty);
	unsigned long vector;

	asm volatile("csrrw %0, stvec, %1" : "=r"(vector) : "r"(bench_redirect_vector) : "memory");
	bench_ops_one(&illegal, empty);
	asm volatile("csrw stvec, %0" : : "r"(vector) : "memory");
}
