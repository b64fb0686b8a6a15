/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * What a guest kernel runs that a hart without H makes Erg emulate, timed
 * like bench_ops.c: a CSR read and write (sscratch), sret, sfence.vma of one
 * page and of all, and first touches of pages with paging on, which a
 * shadow-paging hypervisor fills one by one. Natively and with H none of
 * these leaves the hart. sret is timed against a loop that does all it does
 * but the sret (setting sepc and SPP), and the fills against one that only
 * fences, so that each figure is the operation alone.
 */
#include "bench.h"
#include "guest_sv39.h"

#define BENCH_FILL_PAGES 16
#define BENCH_RAM	 0x80000000UL
#define BENCH_RAM_SIZE	 0x2000000UL  /* the bench config's 32 MiB */
#define BENCH_FILL_VA	 0x40000000UL /* the fill area again, in 4 KiB pages */

static char bench_fill_area[BENCH_FILL_PAGES][4096] __attribute__((aligned(4096)));

__attribute__((noipa)) static void op_empty(void)
{
}

__attribute__((noipa)) static void op_csr_read(void)
{
	unsigned long value;

	asm volatile("csrr %0, sscratch" : "=r"(value) : : "memory");
}

__attribute__((noipa)) static void op_csr_write(void)
{
	asm volatile("csrw sscratch, zero" : : : "memory");
}

/* sret to the next instruction, staying in S-mode. */
__attribute__((noipa)) static void op_sret(void)
{
	asm volatile("la t0, 1f\n\tcsrw sepc, t0\n\tli t0, 1 << 8\n\tcsrs sstatus, t0\n\t"
		     "sret\n1:"
		     :
		     :
		     : "t0", "memory");
}

__attribute__((noipa)) static void op_sret_setup(void)
{
	asm volatile("la t0, 1f\n\tcsrw sepc, t0\n\tli t0, 1 << 8\n\tcsrs sstatus, t0\n\t"
		     "j 1f\n1:"
		     :
		     :
		     : "t0", "memory");
}

__attribute__((noipa)) static void op_sfence_page(void)
{
	asm volatile("sfence.vma %0" : : "r"(bench_fill_area) : "memory");
}

__attribute__((noipa)) static void op_sfence_all(void)
{
	asm volatile("sfence.vma" : : : "memory");
}

__attribute__((noipa)) static void op_fill(void)
{
	asm volatile("sfence.vma" : : : "memory");
	for (unsigned i = 0; i < BENCH_FILL_PAGES; i++)
		(void)*(volatile char *)(BENCH_FILL_VA + i * 4096);
}

/*
 * Touching BENCH_FILL_PAGES pages after a full fence, less the fence, per
 * page. The pages are mapped one by one (4 KiB leaves) beside the 2 MiB
 * identity map, so that each is a fill of its own.
 */
static void bench_priv_fill(void)
{
	uint64_t fence, fill;

	sv39_init(BENCH_RAM, BENCH_RAM_SIZE);
	for (unsigned i = 0; i < BENCH_FILL_PAGES; i++)
		sv39_map(BENCH_FILL_VA + i * 4096, (uintptr_t)bench_fill_area[i], SV39_LEVEL_4K,
			 SV39_KERNEL);
	sv39_enable();
	fence = bench_ops_time(op_sfence_all);
	fill = bench_ops_time(op_fill);
	sv39_disable();
	bench_report("page-fill",
		     (int64_t)(fill - fence) * BENCH_INSNS_PER_TICK * 100 /
			 (BENCH_OPS_N * BENCH_FILL_PAGES),
		     "(%lu ticks for %u fences and %u pages each, fences alone %lu ticks)",
		     (unsigned long)fill, BENCH_OPS_N, BENCH_FILL_PAGES, (unsigned long)fence);
}

void bench_priv_run(void)
{
	static const struct bench_op_desc ops[] = {
	    {"csr-read", op_csr_read},
	    {"csr-write", op_csr_write},
	    {"sfence-page", op_sfence_page},
	    {"sfence-all", op_sfence_all},
	};
	const struct bench_op_desc sret = {"sret", op_sret};
	uint64_t empty = bench_ops_time(op_empty);

	for (unsigned i = 0; i < sizeof(ops) / sizeof(ops[0]); i++)
		bench_ops_one(&ops[i], empty);
	bench_ops_one(&sret, bench_ops_time(op_sret_setup));
	bench_priv_fill();
}
