/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Unit tests for the run loop (core/vcpu/vcpu_run.c): vCPU 0 of the guest
 * "sbit" (exit_fixture.h) is woken on its hart, whose scheduler loop runs
 * its slice (host_hart_until_idle); the host back end takes the exits each
 * test queued, offering each to the fast lane first, and the loop
 * dispatches those it declines. A slice runs until the vCPU blocks in WFI,
 * stops, or its guest stops; a vCPU due to start begins afresh at its start
 * address, without the requests made of it while it was stopped.
 */
#include "exit_fixture.h"
#include "sbi_fixture.h"

#define START	 (RAM_GPA + 0x400)
#define OPAQUE	 0x77
#define GARBAGE	 0xdeadbeefUL
#define HSM_STOP 1

static void queue(struct vcpu_exit e)
{
	host_exit_queue(&e);
}

/* Wake vCPU 0 on its hart and let the hart run until it has nothing left to run. */
static void run(void)
{
	sched_wake(V0);
	host_hart_until_idle(HART0);
	assert_false(V0->on_hart);
}

/*
 * Started afresh: pc at the start address, a0 its id, a1 the opaque value.
 * A device load and an IPI stay in the fast lane; a fault in RAM and a store
 * from a register the fast lane does not hold go slow; WFI blocks it.
 */
static void test_start_pending_resets_and_runs_to_wfi(void **state)
{
	struct vcpu_exit store = store_exit(PROBE_GPA + 4, 8, REG_A1, 0);

	(void)state;
	V0->state = VCPU_START_PENDING;
	V0->start_addr = START;
	V0->start_opaque = OPAQUE;
	V0->requests = VCPU_REQ_SOFT_IRQ; /* asked of it while it was stopped */
	vcpu_arch_set_reg(&V0->arch, REG_A5, GARBAGE);
	store.mem.reg_unsaved = true;
	probe.reads_as = 0x1234;
	queue(load_exit(PROBE_GPA, 4, false, REG_A5, 4));
	queue(exit_of(VCPU_EXIT_IRQ_SOFT, 1));
	queue(load_exit(RAM_GPA + 0x1000, 8, false, REG_A4, 4));
	queue(store);
	queue(exit_of(VCPU_EXIT_WFI, CAUSE_VIRTUAL_INSN));
	run();
	assert_int_equal(host_exits_taken, 5);
	assert_int_equal(V0->state, VCPU_RUNNING);
	assert_true(V0->restarted);
	assert_true(V0->blocked);
	assert_int_equal(V0->arch.regs.sepc, START + 4 + 4 + 4);
	assert_int_equal(vcpu_arch_reg(&V0->arch, REG_A0), 0);
	assert_int_equal(vcpu_arch_reg(&V0->arch, REG_A5), 0x1234);
	assert_int_equal(probe.value, OPAQUE);
	assert_int_equal(V0->arch.csrs.hvip & SOFT_IRQ_PENDING, 0);
	assert_int_equal(V0->exits[VCPU_EXIT_GUEST_FAULT], 3);
	assert_int_equal(V0->exits[VCPU_EXIT_IRQ_SOFT], 1);
	assert_int_equal(V0->exits[VCPU_EXIT_WFI], 1);
	assert_int_equal(tvm.state, VM_RUNNING);
}

/* A running vCPU picks up where it was; requests made of it are served before it enters. */
static void test_running_vcpu_keeps_its_state(void **state)
{
	(void)state;
	ecall_load(V0, EID_TIME, 0, ARGS(5000));
	V0->requests = VCPU_REQ_SOFT_IRQ;
	host_masked_irqs = SOFT_IRQ_PENDING; /* raised, but disabled: WFI still blocks */
	queue(exit_of(VCPU_EXIT_SBI_CALL, CAUSE_ECALL_VS));
	queue(exit_of(VCPU_EXIT_WFI, CAUSE_VIRTUAL_INSN));
	run();
	assert_int_equal(host_exits_taken, 2);
	assert_false(V0->restarted);
	assert_true(V0->blocked);
	assert_int_equal(V0->arch.regs.sepc, PC + 8);
	assert_int_equal(vcpu_arch_reg(&V0->arch, REG_A0), 0);
	assert_int_equal(vcpu_timer_deadline(V0), 5000);
	assert_int_equal(V0->arch.csrs.hvip & SOFT_IRQ_PENDING, SOFT_IRQ_PENDING);
	assert_int_equal(V0->requests, 0);
}

/*
 * An HSM stop goes slow; the stopped vCPU leaves its hart, the guest runs on.
 * An IPI asked before the slice is raised before the guest first enters.
 */
static void test_vcpu_stop_ends_the_slice(void **state)
{
	(void)state;
	V0->requests = VCPU_REQ_SOFT_IRQ;
	ecall_load(V0, EID_HSM, HSM_STOP, ARGS(0));
	queue(exit_of(VCPU_EXIT_SBI_CALL, CAUSE_ECALL_VS));
	queue(exit_of(VCPU_EXIT_IRQ_SOFT, 1)); /* never taken */
	run();
	assert_int_equal(host_exits_taken, 1);
	assert_int_equal(V0->state, VCPU_STOPPED);
	assert_false(V0->blocked);
	assert_int_equal(V0->exits[VCPU_EXIT_SBI_CALL], 1);
	assert_int_equal(V0->arch.csrs.hvip & SOFT_IRQ_PENDING, SOFT_IRQ_PENDING);
	assert_int_equal(tvm.state, VM_RUNNING);
}

/* An exit Erg cannot serve crashes the guest; its vCPU runs no further. */
static void test_guest_crash_ends_the_slice(void **state)
{
	(void)state;
	queue(load_exit(PROBE_GPA, 4, false, REG_A5, 4));
	queue(exit_of(VCPU_EXIT_OTHER, CAUSE_BREAKPOINT));
	queue(exit_of(VCPU_EXIT_IRQ_SOFT, 1)); /* never taken */
	run();
	assert_int_equal(host_exits_taken, 2);
	expect_crashed("vCPU 0: unhandled other exit, cause 3 at pc 0x80000804");
	assert_int_equal(V0->state, VCPU_STOPPED);
	assert_int_equal(V0->exits[VCPU_EXIT_GUEST_FAULT], 1);
	assert_int_equal(V0->exits[VCPU_EXIT_OTHER], 1);
	assert_int_equal(V0->exits[VCPU_EXIT_IRQ_SOFT], 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup(test_start_pending_resets_and_runs_to_wfi, exit_setup),
	    cmocka_unit_test_setup(test_running_vcpu_keeps_its_state, exit_setup),
	    cmocka_unit_test_setup(test_vcpu_stop_ends_the_slice, exit_setup),
	    cmocka_unit_test_setup(test_guest_crash_ends_the_slice, exit_setup),
	};

	return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
