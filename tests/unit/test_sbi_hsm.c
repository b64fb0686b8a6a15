/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Unit tests for SBI HSM (core/sbi/sbi_hsm.c, core/vcpu/vcpu_suspend.c): starting a
 * vCPU, status and stop, and suspend, retentive and non-retentive: the
 * caller blocks until an interrupt it enabled is pending, its status reads
 * SUSPENDED (RESUME_PENDING once woken), and it resumes after the call or
 * afresh at its resume address; and the calls it refuses, each leaving the
 * guest as it was.
 */
#include "sbi_fixture.h"

static void test_hsm_refusals(void **state)
{
	static const struct refusal refusals[] = {
	    {EID_HSM, 4, {0}, NOT_SUPP},
	    /* Start of a missing or running vCPU or outside RAM; status; suspend. */
	    {EID_HSM, 0, {NVCPUS, RAM_GPA}, BAD_PARAM},
	    {EID_HSM, 0, {~0UL, RAM_GPA}, BAD_PARAM},
	    {EID_HSM, 0, {0, RAM_GPA}, SBI_ERR_ALREADY_AVAILABLE},
	    {EID_HSM, 0, {2, 0x1000}, BAD_ADDR},
	    {EID_HSM, 0, {2, RAM_END - 2}, BAD_ADDR},
	    {EID_HSM, 2, {NVCPUS}, BAD_PARAM},
	    /* Hart ids are full XLEN: a high bit makes no id of a vCPU. */
	    {EID_HSM, 0, {(1UL << 32) | 2, RAM_GPA}, BAD_PARAM},
	    {EID_HSM, 2, {1UL << 32}, BAD_PARAM},
	    /* Suspend types are 32-bit: reserved ones, then platform-specific ones Erg lacks. */
	    {EID_HSM, 3, {1, RAM_GPA}, BAD_PARAM},
	    {EID_HSM, 3, {0x0fffffff, RAM_GPA}, BAD_PARAM},
	    {EID_HSM, 3, {0x80000001, RAM_GPA}, BAD_PARAM},
	    {EID_HSM, 3, {0x8fffffff, RAM_GPA}, BAD_PARAM},
	    {EID_HSM, 3, {(1UL << 32) | 1, RAM_GPA}, BAD_PARAM},
	    {EID_HSM, 3, {0x10000000, RAM_GPA}, NOT_SUPP},
	    {EID_HSM, 3, {0x7fffffff, RAM_GPA}, NOT_SUPP},
	    {EID_HSM, 3, {0x90000000, RAM_GPA}, NOT_SUPP},
	    {EID_HSM, 3, {~0UL, RAM_GPA}, NOT_SUPP},
	    /* A non-retentive suspend needs a resume address in RAM. */
	    {EID_HSM, 3, {0x80000000, 0x1000}, BAD_ADDR},
	    {EID_HSM, 3, {0x80000000, RAM_END - 2}, BAD_ADDR},
	    {EID_HSM, 3, {~0UL << 31, RAM_END}, BAD_ADDR},
	};

	(void)state;
	EXPECT_REFUSALS(refusals);
}

static void test_hsm_start(void **state)
{
	struct vcpu *t = &tvm.vcpus[2];

	(void)state;
	assert_int_equal(ERR(EID_HSM, 0, 2, RAM_GPA + 0x400, 0xabc), 0);
	assert_int_equal(t->state, VCPU_START_PENDING);
	assert_int_equal(t->start_addr, RAM_GPA + 0x400);
	assert_int_equal(t->start_opaque, 0xabc);
	assert_int_equal(host_kicked_harts, 1ULL << (HART0 + 2));
	/* Started (pending or running) vCPUs cannot be started again. */
	assert_int_equal(ERR(EID_HSM, 0, 2, RAM_GPA, 1), SBI_ERR_ALREADY_AVAILABLE);
	assert_int_equal(t->start_opaque, 0xabc);
	tvm.vcpus[3].state = VCPU_RUNNING;
	assert_int_equal(ERR(EID_HSM, 0, 3, RAM_GPA), SBI_ERR_ALREADY_AVAILABLE);
	/* The last 4 bytes of RAM are a valid start address. */
	assert_int_equal(ERR(EID_HSM, 0, 1, RAM_END - 4), 0);
}

static void test_hsm_status_and_stop(void **state)
{
	const unsigned long want[NVCPUS] = {0 /* started */, 1 /* stopped */, 2 /* pending */, 0};

	(void)state;
	tvm.vcpus[2].state = VCPU_START_PENDING;
	tvm.vcpus[3].state = VCPU_RUNNING;
	for (unsigned long id = 0; id < NVCPUS; id++)
		expect(CALL(EID_HSM, 2, id), 0, want[id]);
	assert_int_equal(ERR(EID_HSM, 1, 0), 0);
	assert_int_equal(V0->state, VCPU_STOPPED);
	assert_int_equal(tvm.vcpus[3].state, VCPU_RUNNING);
	assert_int_equal(tvm.state, VM_RUNNING);
}

/* vCPU id's HSM status as vCPU 1 sees it. */
static unsigned long status_of(unsigned id)
{
	tvm.vcpus[1].state = VCPU_RUNNING;
	return ecall(&tvm.vcpus[1], EID_HSM, 2, ARGS(id), PC + 4).value;
}

/* Retentive: blocked and SUSPENDED until an interrupt is pending, then back after the call. */
static void test_hsm_suspend_retentive(void **state)
{
	(void)state;
	/* The upper half of a0 is no part of the type: this is the retentive default. */
	assert_int_equal(ERR(EID_HSM, 3, 0xabcd00000000UL, 0x1000, 5), 0);
	assert_int_equal(V0->state, VCPU_SUSPENDED);
	assert_true(V0->blocked);
	assert_int_equal(status_of(0), 4 /* SUSPENDED */);
	/* Woken with nothing pending (a fence, say): resuming, then blocked again. */
	sched_wake(V0);
	assert_int_equal(status_of(0), 6 /* RESUME_PENDING */);
	assert_false(vcpu_suspend_ready(V0));
	assert_true(V0->blocked);
	assert_int_equal(status_of(0), 4);
	/* An interrupt: it resumes after the ecall, with a0 = SBI_SUCCESS. */
	V0->arch.csrs.hvip = 2;
	sched_wake(V0);
	assert_true(vcpu_suspend_ready(V0));
	assert_int_equal(V0->state, VCPU_RUNNING);
	assert_int_equal(V0->arch.regs.sepc, PC + 4);
	assert_int_equal(vcpu_arch_reg(&V0->arch, 10), 0);
	assert_int_equal(status_of(0), 0 /* STARTED */);
}

/* An interrupt already pending: no block, it resumes at once. */
static void test_hsm_suspend_pending_irq(void **state)
{
	(void)state;
	V0->arch.csrs.hvip = 1;
	assert_int_equal(ERR(EID_HSM, 3, 0, 0, 0), 0);
	assert_false(V0->blocked);
	assert_int_equal(status_of(0), 6);
	assert_true(vcpu_suspend_ready(V0));
	assert_int_equal(V0->state, VCPU_RUNNING);
}

/* Non-retentive: resumes afresh at resume_addr, a0 = its id, a1 = opaque, interrupts kept. */
static void test_hsm_suspend_non_retentive(void **state)
{
	struct vcpu *v = &tvm.vcpus[2];

	(void)state;
	v->state = VCPU_RUNNING;
	v->arch.csrs.vsatp = 0x8000000000000123UL;
	assert_int_equal(
	    ecall(v, EID_HSM, 3, ARGS(0xffffffff80000000UL, RAM_GPA + 0x2000, 0x55), PC + 4).error,
	    0);
	assert_int_equal(v->state, VCPU_SUSPENDED);
	assert_true(v->blocked);
	assert_int_equal(status_of(2), 4);
	/* Its timer fires: pending and still to be seen after the resume. */
	v->timer_deadline = 1234;
	v->arch.csrs.hvip = 1;
	sched_wake(v);
	assert_true(vcpu_suspend_ready(v));
	assert_int_equal(v->state, VCPU_RUNNING);
	assert_int_equal(v->arch.regs.sepc, RAM_GPA + 0x2000);
	assert_int_equal(vcpu_arch_reg(&v->arch, 10), 2);
	assert_int_equal(vcpu_arch_reg(&v->arch, 11), 0x55);
	assert_int_equal(v->arch.csrs.vsatp, 0);
	assert_int_equal(v->arch.csrs.hvip, 1);
	assert_int_equal(v->timer_deadline, 1234);
}

/*
 * Suspended with its timer due but masked in sie: that timer cannot end the
 * suspend, so the scheduler sees no deadline to wake it for; an IPI does.
 */
static void test_hsm_suspend_masked_timer(void **state)
{
	(void)state;
	host_time = 5000;
	expect(CALL(EID_TIME, 0, 1000), 0, 0); /* due: pending at once */
	host_masked_irqs = 1;		       /* but disabled by the guest */
	V0->arch.csrs.vsie = 0;
	assert_int_equal(ERR(EID_HSM, 3, 0, 0, 0), 0);
	assert_true(V0->blocked);
	assert_int_equal(vcpu_timer_wake_deadline(V0), UINT64_MAX);
	/* Woken anyway (a fence): still nothing enabled pending, blocked again. */
	sched_wake(V0);
	assert_false(vcpu_suspend_ready(V0));
	assert_true(V0->blocked);
	assert_int_equal(status_of(0), 4);
	/* An IPI resumes it. */
	V0->arch.csrs.hvip |= 2;
	sched_wake(V0);
	assert_true(vcpu_suspend_ready(V0));
	assert_int_equal(V0->state, VCPU_RUNNING);
}

/* A guest stopped meanwhile stays stopped: the resume does not revive the vCPU. */
static void test_hsm_suspend_then_stop(void **state)
{
	(void)state;
	assert_int_equal(ERR(EID_HSM, 3, 0, 0, 0), 0);
	V0->state = VCPU_STOPPED;
	V0->arch.csrs.hvip = 2;
	assert_false(vcpu_suspend_try_resume(V0));
	assert_int_equal(V0->state, VCPU_STOPPED);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup(test_hsm_refusals, setup),
	    cmocka_unit_test_setup(test_hsm_start, setup),
	    cmocka_unit_test_setup(test_hsm_status_and_stop, setup),
	    cmocka_unit_test_setup(test_hsm_suspend_retentive, setup),
	    cmocka_unit_test_setup(test_hsm_suspend_pending_irq, setup),
	    cmocka_unit_test_setup(test_hsm_suspend_non_retentive, setup),
	    cmocka_unit_test_setup(test_hsm_suspend_masked_timer, setup),
	    cmocka_unit_test_setup(test_hsm_suspend_then_stop, setup),
	};

	return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
