/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Attacks through a guest's own page tables, for the trap-and-emulate back
 * end, which walks them and builds shadow tables from them. With paging on,
 * pgattack aims leaves and tables outside its RAM, at a device window it
 * was not given, at a page table in its UART's window and at Erg's own
 * range; runs privileged instructions in its user mode; writes a satp of
 * garbage; srets with odd SPP and SPIE; and edits a mapping in place, read
 * before and after its fence. Each must end as hardware ends it (an access
 * fault, an illegal instruction, an ignored write, the new mapping once
 * fenced) while its neighbour runs on. It prints one PASS or FAIL line per
 * attack and a tally, and shuts down.
 */
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "guest.h"
#include "guest_sv39.h"
#include "guest_trap.h"

#define PGATTACK_RAM	  0x80000000UL
#define PGATTACK_RAM_SIZE 0x4000000UL  /* its config's 64 MiB */
#define PGATTACK_VA	  0x40000000UL /* mapped by the attacks only */
#define PGATTACK_USER_VA  0x40200000UL /* a user alias of its code, 2 MiB */
#define PGATTACK_TABLE_VA 0xc0000000UL /* 1 GiB whose table an attack points away */
#define PGATTACK_ERG_VA	  0xffffffc000000000UL
#define PGATTACK_NOWHERE  0x200000000UL /* no RAM, no device */
#define PGATTACK_BEYOND                                                                            \
	(PGATTACK_RAM + PGATTACK_RAM_SIZE) /* maybe a neighbour's RAM in the host                  \
					    */
#define PGATTACK_TESTDEV 0x100000UL	   /* QEMU virt's test device: not given to guests */
#define PGATTACK_UART	 0x10000000UL

#define CAUSE_FETCH_ACCESS 1
#define CAUSE_ILLEGAL	   2
#define CAUSE_LOAD_ACCESS  5
#define CAUSE_STORE_ACCESS 7
#define CAUSE_ECALL_U	   8

#define SSTATUS_SIE  (1UL << 1)
#define SSTATUS_SPIE (1UL << 5)
#define SSTATUS_SPP  (1UL << 8)

void pgattack_user_csr(void);
void pgattack_user_sret(void);
void pgattack_user_sfence(void);
void pgattack_user_wfi(void);
void pgattack_user_ecall(void);
void pgattack_user_satp(void);
void pgattack_to_user(uintptr_t entry);
unsigned long pgattack_odd_sret(void);

static unsigned pgattack_passed, pgattack_failed;
static char pgattack_page_a[4096] __attribute__((aligned(4096))) = "page A";
static char pgattack_page_b[4096] __attribute__((aligned(4096))) = "page B";

static void pgattack_verdict(bool ok, const char *name, const char *detail)
{
	printf("pgattack: %s %s: %s\n", ok ? "PASS" : "FAIL", name, detail);
	if (ok)
		pgattack_passed++;
	else
		pgattack_failed++;
}

static void pgattack_fence(uint64_t va)
{
	asm volatile("sfence.vma %0" : : "r"(va) : "memory");
}

static void pgattack_load(void *va)
{
	(void)*(volatile uint64_t *)va;
}

static void pgattack_store(void *va)
{
	*(volatile uint64_t *)va = 0x5a;
}

static void pgattack_fetch(void *va)
{
	((void (*)(void))va)();
}

/* body(va) must trap with cause and stval va. */
static void pgattack_expect(const char *name, trap_body body, uint64_t va, unsigned long cause)
{
	struct trap_info t = {0};
	char detail[96];
	bool caught = trap_try(body, (void *)(uintptr_t)va, &t);

	snprintf(detail, sizeof(detail), "scause %lu stval 0x%lx", caught ? t.cause : 0UL,
		 caught ? t.tval : 0UL);
	pgattack_verdict(caught && t.cause == cause && t.tval == va, name, detail);
}

/* A leaf at PGATTACK_VA for pa, fenced, then a load, a store and a fetch of it. */
static void pgattack_leaf(const char *what, uint64_t pa)
{
	char name[64];

	sv39_map(PGATTACK_VA, pa, SV39_LEVEL_4K, SV39_KERNEL);
	pgattack_fence(PGATTACK_VA);
	snprintf(name, sizeof(name), "leaf_%s.load", what);
	pgattack_expect(name, pgattack_load, PGATTACK_VA, CAUSE_LOAD_ACCESS);
	snprintf(name, sizeof(name), "leaf_%s.store", what);
	pgattack_expect(name, pgattack_store, PGATTACK_VA, CAUSE_STORE_ACCESS);
	snprintf(name, sizeof(name), "leaf_%s.fetch", what);
	pgattack_expect(name, pgattack_fetch, PGATTACK_VA, CAUSE_FETCH_ACCESS);
}

/* The 1 GiB at PGATTACK_TABLE_VA walks through a table at pa: the walk's own read faults. */
static void pgattack_table(const char *name, uint64_t pa)
{
	*sv39_pte(PGATTACK_TABLE_VA, SV39_LEVEL_1G) = sv39_entry(pa, 0);
	pgattack_fence(PGATTACK_TABLE_VA);
	pgattack_expect(name, pgattack_load, PGATTACK_TABLE_VA, CAUSE_LOAD_ACCESS);
}

static void pgattack_erg_range(void)
{
	sv39_map(PGATTACK_ERG_VA, (uintptr_t)pgattack_page_a, SV39_LEVEL_4K, SV39_KERNEL);
	pgattack_fence(PGATTACK_ERG_VA);
	pgattack_expect("erg_range.load", pgattack_load, PGATTACK_ERG_VA, CAUSE_LOAD_ACCESS);
	pgattack_expect("erg_range.store", pgattack_store, PGATTACK_ERG_VA, CAUSE_STORE_ACCESS);
}

/* Each user-mode body traps to the kernel with the instruction's own cause. */
static void pgattack_user_body(void *entry)
{
	pgattack_to_user((uintptr_t)entry);
}

static void pgattack_user(const char *name, void (*fn)(void), unsigned long cause)
{
	uintptr_t page = (uintptr_t)fn & ~((1UL << 21) - 1);
	uintptr_t entry = PGATTACK_USER_VA + ((uintptr_t)fn - page);
	struct trap_info t = {0};
	char detail[96];
	bool caught;

	sv39_map(PGATTACK_USER_VA, page, SV39_LEVEL_2M, SV39_KERNEL | SV39_U);
	pgattack_fence(PGATTACK_USER_VA);
	caught = trap_try(pgattack_user_body, (void *)entry, &t);
	snprintf(detail, sizeof(detail), "scause %lu at 0x%lx", caught ? t.cause : 0UL,
		 caught ? t.epc : 0UL);
	pgattack_verdict(caught && t.cause == cause && t.epc == entry, name, detail);
}

static void pgattack_satp_garbage(void)
{
	unsigned long before, after;
	char detail[96];

	asm volatile("csrr %0, satp" : "=r"(before));
	asm volatile("csrw satp, %0" : : "r"(0xf0000000deadbeefUL) : "memory");
	asm volatile("csrr %0, satp" : "=r"(after));
	snprintf(detail, sizeof(detail), "satp 0x%lx after writing mode 15", after);
	pgattack_verdict(after == before, "satp_garbage_ignored", detail);
}

static void pgattack_sret(void)
{
	unsigned long sstatus = pgattack_odd_sret();
	char detail[96];

	snprintf(detail, sizeof(detail), "sstatus 0x%lx after it", sstatus);
	pgattack_verdict((sstatus & (SSTATUS_SIE | SSTATUS_SPIE | SSTATUS_SPP)) ==
			     (SSTATUS_SIE | SSTATUS_SPIE),
			 "sret_spp_s_spie_1", detail);
}

/* Stale or new before the fence, as the spec allows; only the new page after it. */
static void pgattack_edit(const char *name, bool fence_all)
{
	volatile char *va = (volatile char *)(PGATTACK_VA + 0x1000);
	char before, after, detail[96];

	sv39_map((uintptr_t)va, (uintptr_t)pgattack_page_a, SV39_LEVEL_4K, SV39_KERNEL);
	pgattack_fence((uintptr_t)va);
	before = va[5];
	*sv39_pte((uintptr_t)va, SV39_LEVEL_4K) =
	    sv39_entry((uintptr_t)pgattack_page_b, SV39_KERNEL);
	before = va[5];
	if (fence_all)
		asm volatile("sfence.vma" : : : "memory");
	else
		pgattack_fence((uintptr_t)va);
	after = va[5];
	snprintf(detail, sizeof(detail), "page %c before the fence, %c after", before, after);
	pgattack_verdict((before == 'A' || before == 'B') && after == 'B', name, detail);
}

int main(unsigned long hartid, const void *dtb)
{
	(void)dtb;
	trap_install(hartid, NULL);
	sv39_init(PGATTACK_RAM, PGATTACK_RAM_SIZE);
	sv39_enable();
	printf("pgattack: paging on, satp 0x%lx\n", (unsigned long)sv39_satp());
	pgattack_leaf("nowhere", PGATTACK_NOWHERE);
	pgattack_leaf("beyond_ram", PGATTACK_BEYOND);
	pgattack_leaf("absent_device", PGATTACK_TESTDEV);
	pgattack_table("table_nowhere", PGATTACK_NOWHERE);
	pgattack_table("table_in_uart", PGATTACK_UART);
	pgattack_erg_range();
	pgattack_user("user.csr", pgattack_user_csr, CAUSE_ILLEGAL);
	pgattack_user("user.sret", pgattack_user_sret, CAUSE_ILLEGAL);
	pgattack_user("user.sfence", pgattack_user_sfence, CAUSE_ILLEGAL);
	pgattack_user("user.wfi", pgattack_user_wfi, CAUSE_ILLEGAL);
	pgattack_user("user.satp", pgattack_user_satp, CAUSE_ILLEGAL);
	pgattack_user("user.ecall", pgattack_user_ecall, CAUSE_ECALL_U);
	pgattack_satp_garbage();
	pgattack_sret();
	pgattack_edit("edit_then_fence_page", false);
	pgattack_edit("edit_then_fence_all", true);
	printf("pgattack: %u passed, %u failed\n", pgattack_passed, pgattack_failed);
	return pgattack_failed ? 1 : 0;
}
