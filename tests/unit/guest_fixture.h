/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Shared fixture for unit tests that drive a hand-built guest's vCPUs by hand
 * (the SBI tests through sbi_fixture.h, test_vm_stop.c, the exit path's
 * tests): a guest FIXTURE_GUEST ("sbit" unless the test names another) of
 * NVCPUS vCPUs (4 unless the test says otherwise), 1 MiB of host memory at
 * guest 0x80000000 and no devices, whose vCPU 0 runs; registers, pc and
 * exits are set and read back as the back end would. Stopping the last guest
 * powers off (abort() on the host), so the group first builds a real guest,
 * "keeper", from a partition config (guests_fixture.h); it runs on while the
 * hand-built guest is stopped, crashed or rebooted.
 *
 * Header-only, as the other fixtures: every test_*.c is its own binary and
 * includes this once, so its static state belongs to that binary alone.
 */
#ifndef TESTS_UNIT_GUEST_FIXTURE_H
#define TESTS_UNIT_GUEST_FIXTURE_H

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
#include "sched/sched_hart.h"
#include "vcpu/vcpu_timer.h"

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
	host_emulated_insn = 0;
	host_exits_reset();
	return 0;
}

#define V0 (&tvm.vcpus[0])

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

/* Copy s into guest RAM at gpa. */
static inline unsigned long put(unsigned long gpa, const char *s)
{
	memcpy(ram + (gpa - RAM_GPA), s, strlen(s));
	return gpa;
}

#endif
