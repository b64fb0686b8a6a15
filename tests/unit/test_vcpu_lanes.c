/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Unit tests for the fast lane's entries without an exit record: the
 * device lane (vcpu_fast_access, core/vcpu/vcpu_mmio.c), the SBI lane
 * (vcpu_fast_sbi, core/vcpu/vcpu_exit.c) and the timer lane (vcpu_fast_timer,
 * core/vcpu/vcpu_timer.c). The device lane completes a load
 * or store wholly inside a device window as the exit record's path does
 * (cut, extended, the pc stepped, the exit counted) and declines, touching
 * nothing, an access to RAM, to no device or across a device's end. Both
 * lanes resume the guest, or leave when its vCPU must go to its run loop;
 * the SBI lane declines what the slow path serves. The timer lane raises a
 * due guest timer and switches the hart's timer off only where that timer
 * serves nothing else: no Sstc, no tick, the vCPU alone. Accesses reach the
 * probe device of exit_fixture.h from vCPU 0 of the guest "sbit".
 */
#include <pthread.h>

#include "exit_fixture.h"
#include "sbi_fixture.h"
#include "sched/tick.h"

#define NEGATIVE       0xf8e7d6c5b4a39281ULL /* each width's top bit set */
#define GARBAGE	       0xdeadbeefdeadbeefULL /* a register's value before a load */
#define HSM_HART_START 0
#define TIMEBASE       10000000ULL

static enum vcpu_fast access(uint64_t gpa, struct vcpu_mem_insn insn)
{
	return vcpu_fast_access(&V0->arch, gpa, &insn);
}

static struct vcpu_mem_insn load(unsigned width, bool sign, unsigned reg, unsigned len)
{
	return (struct vcpu_mem_insn){
	    .width = (uint8_t)width, .reg = (uint8_t)reg, .len = (uint8_t)len, .sign_extend = sign};
}

static struct vcpu_mem_insn store(unsigned width, unsigned reg)
{
	return (struct vcpu_mem_insn){
	    .width = (uint8_t)width, .reg = (uint8_t)reg, .len = 4, .write = true};
}

static uint64_t reg(unsigned n)
{
	return vcpu_arch_reg(&V0->arch, n);
}

static void test_device_lane_loads_cut_and_extend(void **state)
{
	(void)state;
	probe.reads_as = NEGATIVE;
	vcpu_arch_set_reg(&V0->arch, REG_A5, GARBAGE);
	assert_int_equal(access(PROBE_GPA + 4, load(1, true, REG_A5, 4)), VCPU_FAST_RESUME);
	assert_int_equal(reg(REG_A5), 0xffffffffffffff81ULL);
	assert_int_equal(access(PROBE_GPA + 4, load(2, false, REG_A5, 2)), VCPU_FAST_RESUME);
	assert_int_equal(reg(REG_A5), 0x9281);
	assert_int_equal(access(PROBE_GPA + 8, load(8, false, REG_A4, 4)), VCPU_FAST_RESUME);
	assert_int_equal(reg(REG_A4), NEGATIVE);
	assert_int_equal(probe.accesses, 3);
	assert_int_equal(probe.offset, 8);
	assert_int_equal(probe.width, 8);
	assert_int_equal(V0->arch.regs.sepc, PC + 4 + 2 + 4);
	assert_int_equal(V0->exits[VCPU_EXIT_GUEST_FAULT], 3);
}

static void test_device_lane_stores_the_value_cut_to_width(void **state)
{
	(void)state;
	vcpu_arch_set_reg(&V0->arch, REG_A4, NEGATIVE);
	assert_int_equal(access(PROBE_GPA + 0x10, store(2, REG_A4)), VCPU_FAST_RESUME);
	assert_true(probe.write);
	assert_int_equal(probe.offset, 0x10);
	assert_int_equal(probe.width, 2);
	assert_int_equal(probe.value, 0x9281);
	assert_int_equal(V0->arch.regs.sepc, PC + 4);
}

/* RAM's first touch, unassigned space, an access across the device's end: all go slow. */
static void test_device_lane_declines_all_but_a_whole_device_access(void **state)
{
	static const uint64_t none[VCPU_EXIT_KINDS];
	static const uint64_t gpas[] = {RAM_GPA, 0x1000, PROBE_GPA + PROBE_SIZE - 4};

	(void)state;
	vcpu_arch_set_reg(&V0->arch, REG_A5, GARBAGE);
	for (size_t i = 0; i < sizeof(gpas) / sizeof(gpas[0]); i++) {
		assert_int_equal(access(gpas[i], load(8, false, REG_A5, 4)), VCPU_FAST_DECLINE);
		assert_int_equal(access(gpas[i], store(8, REG_A5)), VCPU_FAST_DECLINE);
	}
	assert_int_equal(probe.accesses, 0);
	assert_int_equal(reg(REG_A5), GARBAGE);
	assert_int_equal(V0->arch.regs.sepc, PC);
	assert_memory_equal(V0->exits, none, sizeof(none));
}

/* Served, but its vCPU was stopped meanwhile: the run loop must look. */
static void test_device_lane_leaves_for_the_run_loop(void **state)
{
	(void)state;
	V0->state = VCPU_STOPPED;
	assert_int_equal(access(PROBE_GPA, load(4, false, REG_A5, 4)), VCPU_FAST_LEAVE);
	assert_int_equal(probe.accesses, 1);
	assert_int_equal(V0->arch.regs.sepc, PC + 4);
}

static void test_sbi_lane_serves_and_declines(void **state)
{
	(void)state;
	ecall_load(V0, EID_TIME, 0, ARGS(5000));
	assert_int_equal(vcpu_fast_sbi(&V0->arch), VCPU_FAST_RESUME);
	assert_int_equal(vcpu_timer_deadline(V0), 5000);
	assert_int_equal(V0->arch.regs.sepc, PC + 4);
	assert_int_equal(V0->exits[VCPU_EXIT_SBI_CALL], 1);
	/* HSM goes slow: nothing done, nothing counted. */
	ecall_load(V0, EID_HSM, HSM_HART_START, ARGS(2, RAM_GPA));
	assert_int_equal(vcpu_fast_sbi(&V0->arch), VCPU_FAST_DECLINE);
	assert_int_equal(V0->arch.regs.sepc, PC);
	assert_int_equal(tvm.vcpus[2].state, VCPU_STOPPED);
	assert_int_equal(V0->exits[VCPU_EXIT_SBI_CALL], 1);
}

/* This thread's hart past its TICK_REPORT ticks: with no console or uplink, it keeps none. */
static void tick_report_passed(void)
{
	if (!tick_count())
		tick_start(TIMEBASE);
	while (tick_needed_here()) {
		host_time = host_timer_deadline;
		tick_handle();
	}
}

/* vCPU 0 placed on its hart, alone there (once: a placement lasts), as a static partition has it.
 */
static int timer_lane_setup(void **state)
{
	static bool placed;

	exit_alone_setup(state);
	if (!placed && sched_hart_place(V0, HART0, 0, 1000))
		return -1;
	placed = true;
	return 0;
}

static void test_timer_lane_raises_a_due_timer_and_disarms(void **state)
{
	(void)state;
	tick_report_passed();
	host_time += 1000;
	V0->timer_deadline = host_time - 1;
	assert_int_equal(vcpu_fast_timer(&V0->arch), VCPU_FAST_RESUME);
	assert_int_equal(V0->arch.csrs.hvip, TIMER_IRQ_PENDING);
	assert_int_equal(V0->timer_deadline, UINT64_MAX);
	assert_int_equal(host_timer_deadline, UINT64_MAX);
	assert_int_equal(V0->exits[VCPU_EXIT_IRQ_TIMER], 1);
}

static void expect_timer_lane_declines(void)
{
	static const uint64_t none[VCPU_EXIT_KINDS];
	uint64_t deadline = V0->timer_deadline, armed = host_timer_deadline;

	assert_int_equal(vcpu_fast_timer(&V0->arch), VCPU_FAST_DECLINE);
	assert_int_equal(V0->arch.csrs.hvip, 0);
	assert_int_equal(V0->timer_deadline, deadline);
	assert_int_equal(host_timer_deadline, armed);
	assert_memory_equal(V0->exits, none, sizeof(none));
}

/* Not yet due, or guests with Sstc (whose timers never reach Erg's): the slow path looks. */
static void test_timer_lane_declines_a_timer_not_its_own(void **state)
{
	(void)state;
	tick_report_passed();
	V0->timer_deadline = host_time + 1;
	expect_timer_lane_declines();
	V0->timer_deadline = host_time;
	guests_offer.sstc = true;
	expect_timer_lane_declines();
	guests_offer.sstc = false;
}

/* vCPUs 1 and 2 share a hart: its timer serves both, so the lane leaves it to tick_handle. */
static void test_timer_lane_declines_on_a_shared_hart(void **state)
{
	struct vcpu *v1 = &tvm.vcpus[1];

	(void)state;
	tick_report_passed();
	assert_int_equal(sched_hart_place(v1, HART0 + 1, 0, 1000), 0);
	assert_int_equal(sched_hart_place(&tvm.vcpus[2], HART0 + 1, 0, 1000), 0);
	v1->state = VCPU_RUNNING;
	v1->timer_deadline = host_time;
	assert_int_equal(vcpu_fast_timer(&v1->arch), VCPU_FAST_DECLINE);
	assert_int_equal(v1->arch.csrs.hvip, 0);
	assert_int_equal(v1->timer_deadline, host_time);
}

static void *timer_lane_on_fresh_hart(void *result)
{
	hart_set_self(HART0);
	*(enum vcpu_fast *)result = vcpu_fast_timer(&V0->arch);
	return NULL;
}

/* A hart that still keeps its tick (a fresh one, before its report) leaves it to tick_handle. */
static void test_timer_lane_declines_while_the_hart_ticks(void **state)
{
	enum vcpu_fast fast = VCPU_FAST_RESUME;
	pthread_t t;

	(void)state;
	V0->timer_deadline = host_time;
	assert_int_equal(pthread_create(&t, NULL, timer_lane_on_fresh_hart, &fast), 0);
	assert_int_equal(pthread_join(t, NULL), 0);
	assert_int_equal(fast, VCPU_FAST_DECLINE);
	assert_int_equal(V0->arch.csrs.hvip, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup(test_device_lane_loads_cut_and_extend, exit_alone_setup),
	    cmocka_unit_test_setup(test_device_lane_stores_the_value_cut_to_width,
				   exit_alone_setup),
	    cmocka_unit_test_setup(test_device_lane_declines_all_but_a_whole_device_access,
				   exit_alone_setup),
	    cmocka_unit_test_setup(test_device_lane_leaves_for_the_run_loop, exit_alone_setup),
	    cmocka_unit_test_setup(test_sbi_lane_serves_and_declines, exit_alone_setup),
	    cmocka_unit_test_setup(test_timer_lane_raises_a_due_timer_and_disarms,
				   timer_lane_setup),
	    cmocka_unit_test_setup(test_timer_lane_declines_a_timer_not_its_own, timer_lane_setup),
	    cmocka_unit_test_setup(test_timer_lane_declines_while_the_hart_ticks, timer_lane_setup),
	    /* Last: its placements last. */
	    cmocka_unit_test_setup(test_timer_lane_declines_on_a_shared_hart, timer_lane_setup),
	};

	return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
