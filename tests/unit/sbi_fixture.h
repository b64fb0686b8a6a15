/*
 * Shared fixture for the unit tests that drive a hand-built guest through SBI
 * calls and stops (test_sbi*.c, test_vm_stop.c): a guest FIXTURE_GUEST
 * ("sbit" unless the test names another) of NVCPUS vCPUs (4 unless the test
 * says otherwise), 1 MiB of host memory at guest 0x80000000, whose vCPUs make
 * ecalls through the guest registers, as the run loop does; each call's a0/a1
 * and pc step are read back, and every call must answer an SBI error code.
 * Stopping the last guest powers off (abort() on the host), so the group
 * first builds a real guest, "keeper", from a partition config
 * (guests_fixture.h); it runs on while the hand-built guest is shut down or
 * rebooted.
 *
 * Header-only, as the other fixtures: every test_*.c is its own binary and
 * includes this once, so its static state belongs to that binary alone.
 */
#ifndef TESTS_UNIT_SBI_FIXTURE_H
#define TESTS_UNIT_SBI_FIXTURE_H

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <libfdt.h>

#include "guests_fixture.h"
#include "host_arch.h"
#include "lib/erg_bounds.h"
#include "lib/hart.h"
#include "sbi/sbi.h"
#include "sched/sched_hart.h"
#include "vcpu/vcpu_timer.h"

#define EID_BASE   0x10UL
#define EID_TIME   0x54494d45UL
#define EID_IPI	   0x735049UL
#define EID_RFENCE 0x52464e43UL
#define EID_HSM	   0x48534dUL
#define EID_SRST   0x53525354UL
#define EID_DBCN   0x4442434eUL

#ifndef FIXTURE_GUEST
#define FIXTURE_GUEST "sbit"
#endif
#ifndef NVCPUS
#define NVCPUS 4
#endif
#define RAM_GPA	  0x80000000UL
#define RAM_SIZE  MIB(1)
#define RAM_END	  (RAM_GPA + RAM_SIZE)
#define PC	  0x80000800UL /* where each ecall is made */
#define UNTOUCHED 0x5a5a5a5aUL
#define HART0	  8 /* vCPU i runs on hart HART0 + i */
#define ALL_HARTS (((1ULL << NVCPUS) - 1) << HART0)

static struct config_guest tcfg = {.name = FIXTURE_GUEST,
				   .vcpus = NVCPUS,
				   .region_count = 1,
				   .regions = {{RAM_GPA, RAM_SIZE, 0}},
				   .entry_gpa = RAM_GPA};
static struct vm tvm;
static unsigned char *ram;

/* Allocator, platform and the keeper guest, once for the group. */
static inline int group_setup(void **state)
{
	(void)state;
	/* The test's vCPUs sit on harts HART0.. that are up, so wake-ups kick them. */
	for (uint64_t h = HART0; h < HART0 + NVCPUS; h++) {
		hart_set_self(h);
		hart_report_online();
	}
	hart_set_self(0);
	ram = aligned_alloc(PAGE_SIZE, RAM_SIZE);
	if (!ram || guests_fixture_boot("config-sbi-keeper.dtb", false) != 1)
		return -1;
	return guests_all_stopped() ? -1 : 0;
}

static inline int group_teardown(void **state)
{
	(void)state;
	guests_fixture_free();
	free(ram);
	return 0;
}

/* A fresh guest: running, vCPU 0 running, the others stopped. */
static inline int setup(void **state)
{
	(void)state;
	memset(&tvm, 0, sizeof(tvm));
	memset(ram, 0, RAM_SIZE);
	tvm.config = &tcfg;
	tvm.platform = &plat;
	tvm.state = VM_RUNNING;
	tvm.region_count = 1;
	tvm.regions[0] =
	    (struct vm_region){.gpa = RAM_GPA, .size = RAM_SIZE, .hpa = (paddr_t)(uintptr_t)ram};
	tvm.vcpu_count = NVCPUS;
	for (unsigned i = 0; i < NVCPUS; i++) {
		tvm.vcpus[i].vm = &tvm;
		tvm.vcpus[i].id = i;
		tvm.vcpus[i].hart = HART0 + i;
		tvm.vcpus[i].state = i ? VCPU_STOPPED : VCPU_RUNNING;
		tvm.vcpus[i].arch.csrs.vstimecmp = UINT64_MAX;
	}
	host_console_reset();
	host_kicked_harts = 0;
	host_masked_irqs = 0;
	return 0;
}

/* v's registers as the exit path leaves them for an ecall at PC with a0..a5 = args. */
static inline void load_ecall(struct vcpu *v, unsigned long eid, unsigned long fid,
			      const unsigned long *args)
{
	for (unsigned i = 0; i < 6; i++)
		vcpu_arch_set_reg(&v->arch, 10 + i, args[i]);
	vcpu_arch_set_reg(&v->arch, 16, fid);
	vcpu_arch_set_reg(&v->arch, 17, eid);
	v->arch.regs.sepc = PC;
}

/* The ecall from v at PC with a0..a5 = args, to return at pc_after; gives a0 and a1. */
static inline struct sbi_result ecall(struct vcpu *v, unsigned long eid, unsigned long fid,
				      const unsigned long *args, unsigned long pc_after)
{
	struct sbi_result r;

	load_ecall(v, eid, fid, args);
	sbi_handle(v);
	r.error = (long)vcpu_arch_reg(&v->arch, 10);
	r.value = vcpu_arch_reg(&v->arch, 11);
	if (r.error < SBI_ERR_ALREADY_STOPPED || r.error > SBI_SUCCESS)
		fail_msg("eid 0x%lx fid %lu: a0 %ld is no SBI error code", eid, fid, r.error);
	assert_int_equal(v->arch.regs.sepc, pc_after);
	return r;
}

static inline void expect(struct sbi_result r, long error, unsigned long value)
{
	assert_int_equal(r.error, error);
	assert_int_equal(r.value, value);
}

#define V0		    (&tvm.vcpus[0])
#define A1		    vcpu_arch_reg(&V0->arch, 11)
#define ARGS(...)	    ((const unsigned long[6]){__VA_ARGS__})
#define CALL(eid, fid, ...) ecall(V0, eid, fid, ARGS(__VA_ARGS__), PC + 4)
#define ERR(eid, fid, ...)  (CALL(eid, fid, __VA_ARGS__).error)
#define NOT_SUPP	    SBI_ERR_NOT_SUPPORTED
#define BAD_PARAM	    SBI_ERR_INVALID_PARAM
#define BAD_ADDR	    SBI_ERR_INVALID_ADDRESS

/* Copy s into guest RAM at gpa. */
static inline unsigned long put(unsigned long gpa, const char *s)
{
	memcpy(ram + (gpa - RAM_GPA), s, strlen(s));
	return gpa;
}

/* A call refused for its ids or arguments, from vCPU 0 of a fresh guest. */
struct refusal {
	unsigned long eid, fid, args[5];
	long error;
};

/* Each call answers its error and leaves the guest as it was: no state, request, kick or line. */
static inline void expect_refusals(const struct refusal *cases, size_t count)
{
	for (size_t i = 0; i < count; i++) {
		const struct refusal *c = &cases[i];
		const unsigned long *a = c->args;

		setup(NULL);
		expect(CALL(c->eid, c->fid, a[0], a[1], a[2], a[3], a[4], UNTOUCHED), c->error, 0);
		assert_int_equal(tvm.state, VM_RUNNING);
		for (unsigned v = 0; v < NVCPUS; v++) {
			assert_int_equal(tvm.vcpus[v].state, v ? VCPU_STOPPED : VCPU_RUNNING);
			assert_int_equal(tvm.vcpus[v].requests, 0);
			assert_int_equal(tvm.vcpus[v].timer_deadline, 0);
		}
		assert_int_equal(host_kicked_harts, 0);
		assert_string_equal(host_console_text, "");
	}
}

#define EXPECT_REFUSALS(cases) expect_refusals(cases, ARRAY_SIZE(cases))

/* The guest stopped: every vCPU stopped and kicked, the line, its exit counts, the keeper on. */
static inline void expect_stopped(const char *line)
{
	assert_int_equal(tvm.state, VM_STOPPED);
	for (unsigned i = 0; i < NVCPUS; i++)
		assert_int_equal(tvm.vcpus[i].state, VCPU_STOPPED);
	assert_int_equal(host_kicked_harts, ALL_HARTS);
	assert_memory_equal(host_console_text, line, strlen(line));
	assert_non_null(
	    strstr(host_console_text + strlen(line), "[erg] guest " FIXTURE_GUEST " exits: sbi "));
	assert_false(guests_all_stopped());
}

/*
 * Reloaded as a reboot does (ram[0x10] was dirtied before): running, RAM
 * zeroed, vCPU 0 due to start at the entry with its DTB, the others stopped,
 * every vCPU's hart kicked.
 */
static inline void expect_reloaded(void)
{
	assert_int_equal(tvm.state, VM_RUNNING);
	assert_int_equal(ram[0x10], 0);
	assert_int_equal(tvm.vcpus[0].state, VCPU_START_PENDING);
	assert_int_equal(tvm.vcpus[0].start_addr, RAM_GPA);
	assert_int_equal(tvm.vcpus[0].start_opaque, tvm.dtb_gpa);
	assert_int_equal(fdt_check_header(ram + (tvm.dtb_gpa - RAM_GPA)), 0);
	for (unsigned i = 1; i < NVCPUS; i++)
		assert_int_equal(tvm.vcpus[i].state, VCPU_STOPPED);
	assert_int_equal(host_kicked_harts & ALL_HARTS, ALL_HARTS);
}

#endif
