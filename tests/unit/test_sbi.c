/*
 * Unit tests for SBI dispatch (core/sbi/sbi.c) and its extensions: base, legacy,
 * time, srst, dbcn, ipi and rfence, and the refusals of every extension
 * (HSM's calls that succeed are in test_sbi_hsm.c). Each test makes ecalls
 * from vCPU 0 of the guest "sbit" of sbi_fixture.h and checks a0/a1, the pc
 * step and the guest's state.
 */
#include "sbi_fixture.h"

/* Calls refused for their ids or arguments; each must leave the guest as it was. */
static const struct refusal {
	unsigned long eid, fid, args[5];
	long error;
} refusals[] = {
    {0x11, 0, {0}, NOT_SUPP},
    {0x4e41434c, 0, {0}, NOT_SUPP},
    {~0UL, 0, {0}, NOT_SUPP},
    {EID_BASE, 7, {0}, NOT_SUPP},
    {EID_TIME, 1, {5}, NOT_SUPP},
    {EID_HSM, 4, {0}, NOT_SUPP},
    {EID_SRST, 1, {0}, NOT_SUPP},
    {EID_DBCN, 3, {0}, NOT_SUPP},
    {EID_IPI, 1, {1}, NOT_SUPP},
    {EID_RFENCE, 3, {1}, NOT_SUPP},
    {EID_RFENCE, 6, {1}, NOT_SUPP},
    /* DBCN buffers: outside RAM, straddling either end, wrapping, base_hi set. */
    {EID_DBCN, 0, {5, 0x1000}, BAD_PARAM},
    {EID_DBCN, 0, {5, RAM_GPA - 1}, BAD_PARAM},
    {EID_DBCN, 0, {8, RAM_END - 3}, BAD_PARAM},
    {EID_DBCN, 0, {~0UL, RAM_GPA}, BAD_PARAM},
    {EID_DBCN, 0, {16, ~0UL - 7}, BAD_PARAM},
    {EID_DBCN, 0, {5, RAM_GPA, 1}, BAD_PARAM},
    {EID_DBCN, 1, {8, RAM_END - 3}, BAD_PARAM},
    {EID_DBCN, 1, {5, RAM_GPA, 1}, BAD_PARAM},
    /* Longer than one call moves, and only its head in RAM: still refused whole. */
    {EID_DBCN, 0, {4 * ERG_SBI_DBCN_MAX_BYTES, RAM_END - 16}, BAD_PARAM},
    {EID_DBCN, 1, {4 * ERG_SBI_DBCN_MAX_BYTES, RAM_END - 16}, BAD_PARAM},
    /* SRST: reserved or vendor reset types and reasons. */
    {EID_SRST, 0, {3, 0}, BAD_PARAM},
    {EID_SRST, 0, {0xf0000000, 0}, BAD_PARAM},
    {EID_SRST, 0, {0, 2}, BAD_PARAM},
    {EID_SRST, 0, {1, 0xe0000000}, BAD_PARAM},
    /* 32-bit type and reason: the upper halves do not make reserved values valid. */
    {EID_SRST, 0, {(1UL << 32) | 3, 0}, BAD_PARAM},
    {EID_SRST, 0, {0, ~0UL << 32 | 2}, BAD_PARAM},
    /* HSM: start of a missing or running vCPU or outside RAM; status; suspend. */
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
    /* IPI and RFENCE: a mask naming a missing vCPU is refused whole; wrapping ranges. */
    {EID_IPI, 0, {0x1e, 0}, BAD_PARAM},
    {EID_IPI, 0, {1, NVCPUS}, BAD_PARAM},
    {EID_IPI, 0, {1UL << 63, 0}, BAD_PARAM},
    {EID_RFENCE, 0, {0x10, 0}, BAD_PARAM},
    {EID_RFENCE, 1, {2, 3, 0, 0x1000}, BAD_PARAM},
    {EID_RFENCE, 1, {1, 0, ~0UL - 4095, 0x2000}, BAD_ADDR},
    {EID_RFENCE, 2, {1, 0, 0x1000, ~0UL - 1, 3}, BAD_ADDR}};

static void test_refusals_change_nothing(void **state)
{
	(void)state;
	for (size_t i = 0; i < ARRAY_SIZE(refusals); i++) {
		const struct refusal *c = &refusals[i];
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
	/* Unused legacy ids answer in a0 only. */
	assert_int_equal(ERR(0x09, 0, 0, UNTOUCHED), SBI_ERR_NOT_SUPPORTED);
	assert_int_equal(A1, UNTOUCHED);
}

static void test_base(void **state)
{
	const unsigned long known[] = {0x00,	0x01,	    0x02,    0x08,     EID_BASE, EID_TIME,
				       EID_IPI, EID_RFENCE, EID_HSM, EID_SRST, EID_DBCN};
	const unsigned long unknown[] = {0x11, 0x4e41434c, 0x504d55, 0x0a000000, ~0UL};

	(void)state;
	expect(CALL(EID_BASE, 0, 0), 0, 0x02000000);
	assert_int_equal(CALL(EID_BASE, 1, 0).value, SBI_IMPL_ID_ERG);
	assert_int_equal(CALL(EID_BASE, 2, 0).value, 1);
	for (size_t i = 0; i < ARRAY_SIZE(known); i++)
		expect(CALL(EID_BASE, 3, known[i]), 0, 1);
	for (size_t i = 0; i < ARRAY_SIZE(unknown); i++)
		assert_int_equal(CALL(EID_BASE, 3, unknown[i]).value, 0);
	for (unsigned long fid = 4; fid <= 6; fid++)
		expect(CALL(EID_BASE, fid, 0, 0x77), 0, 0);
}

static void test_timer_emulated(void **state)
{
	(void)state;
	host_time = 1000;
	expect(CALL(EID_TIME, 0, 5000, UNTOUCHED), 0, 0);
	assert_int_equal(V0->timer_deadline, 5000);
	assert_int_equal(V0->arch.csrs.hvip, 0);
	assert_int_equal(V0->arch.csrs.vstimecmp, UINT64_MAX);
	assert_int_equal(ERR(EID_TIME, 0, 1000), 0);
	assert_int_equal(V0->arch.csrs.hvip, 1); /* due now: pending at once */
	/* Legacy set_timer: the same, with a0 only. */
	assert_int_equal(ERR(0x00, 0, 7000, UNTOUCHED), 0);
	assert_int_equal(A1, UNTOUCHED);
	assert_int_equal(V0->timer_deadline, 7000);
	assert_int_equal(V0->arch.csrs.hvip, 0);
	/* Raised on Erg's tick once due, it stays pending on later ticks until set_timer. */
	host_time = 7000;
	vcpu_timer_raise_due(V0);
	assert_int_equal(V0->arch.csrs.hvip, 1);
	host_time = 9000;
	vcpu_timer_raise_due(V0);
	assert_int_equal(V0->arch.csrs.hvip, 1);
	/* set_timer(-1) lowers it; set_timer(0), any past deadline, raises it at once. */
	expect(CALL(EID_TIME, 0, UINT64_MAX), 0, 0);
	assert_int_equal(V0->arch.csrs.hvip, 0);
	vcpu_timer_raise_due(V0);
	assert_int_equal(V0->arch.csrs.hvip, 0);
	expect(CALL(EID_TIME, 0, 0), 0, 0);
	assert_int_equal(V0->arch.csrs.hvip, 1);
	expect(CALL(EID_TIME, 0, UINT64_MAX), 0, 0);
	assert_int_equal(V0->arch.csrs.hvip, 0);
}

static void test_dbcn(void **state)
{
	(void)state;
	expect(CALL(EID_DBCN, 0, 3, put(RAM_GPA + 0x100, "par"), 0), 0, 3);
	assert_string_equal(host_console_text, ""); /* no newline yet */
	expect(CALL(EID_DBCN, 0, 5, put(RAM_END - 5, "t\r\nab"), 0), 0, 5);
	assert_string_equal(host_console_text, "[sbit] part\n");
	expect(CALL(EID_DBCN, 2, '!'), 0, 0);
	expect(CALL(EID_DBCN, 2, '\n'), 0, 0);
	assert_string_equal(host_console_text, "[sbit] part\n[sbit] ab!\n");
	/* Zero length needs no buffer; a read finds no input. */
	expect(CALL(EID_DBCN, 0, 0, 0x1000, 0), 0, 0);
	expect(CALL(EID_DBCN, 1, 0, 0, 0), 0, 0);
	expect(CALL(EID_DBCN, 1, 16, RAM_GPA, 0), 0, 0);
}

/* A buffer longer than the bound: one call writes the bound, the guest calls again for the rest. */
static void test_dbcn_bounded(void **state)
{
	const unsigned long len = 3 * ERG_SBI_DBCN_MAX_BYTES + 10, at = RAM_GPA + 0x1000;

	(void)state;
	for (unsigned long i = 0; i < len; i++)
		ram[at - RAM_GPA + i] = i % 64 == 63 ? '\n' : (char)('a' + i % 26);
	expect(CALL(EID_DBCN, 0, len, at, 0), 0, ERG_SBI_DBCN_MAX_BYTES);
	/* Whole lines of 64 bytes so far, each "[sbit] " and 63 letters and '\n'. */
	assert_int_equal(host_console_len, ERG_SBI_DBCN_MAX_BYTES / 64 * (7 + 64));
	/* The rest, as a guest would loop on it. */
	expect(
	    CALL(EID_DBCN, 0, len - 3 * ERG_SBI_DBCN_MAX_BYTES, at + 3 * ERG_SBI_DBCN_MAX_BYTES, 0),
	    0, 10);
	/* A read of a huge buffer is bounded too (no input waits, so it reads nothing). */
	expect(CALL(EID_DBCN, 1, RAM_SIZE, RAM_GPA, 0), 0, 0);
}

static void test_legacy_console(void **state)
{
	(void)state;
	assert_int_equal(ERR(0x01, 0, 'O', UNTOUCHED), 0);
	assert_int_equal(A1, UNTOUCHED);
	assert_int_equal(ERR(0x01, 0, 'K', UNTOUCHED), 0);
	assert_int_equal(ERR(0x01, 0, '\n', UNTOUCHED), 0);
	assert_string_equal(host_console_text, "[sbit] OK\n");
	assert_int_equal(ERR(0x02, 0, 0, UNTOUCHED), -1);
	assert_int_equal(A1, UNTOUCHED);
}

/* The guest stopped: every vCPU stopped and kicked, the keeper still running. */
static void expect_stopped(const char *line)
{
	assert_int_equal(tvm.state, VM_STOPPED);
	for (unsigned i = 0; i < NVCPUS; i++)
		assert_int_equal(tvm.vcpus[i].state, VCPU_STOPPED);
	assert_int_equal(host_kicked_harts, 0xfULL << HART0);
	/* The stop line, then the guest's exit counts. */
	assert_memory_equal(host_console_text, line, strlen(line));
	assert_non_null(strstr(host_console_text + strlen(line), "[erg] guest sbit exits: sbi "));
	assert_false(guests_all_stopped());
}

static void test_legacy_shutdown(void **state)
{
	(void)state;
	tvm.vcpus[2].state = VCPU_RUNNING;
	assert_int_equal(ERR(0x08, 0, 0, UNTOUCHED), 0);
	assert_int_equal(A1, UNTOUCHED);
	expect_stopped("[erg] guest sbit stopped: shut down (legacy SBI)\n");
}

static void test_srst_shutdown(void **state)
{
	char said[sizeof(host_console_text)];

	(void)state;
	/* The upper halves of a0 and a1 are no part of type and reason. */
	assert_int_equal(ERR(EID_SRST, 0, 0xabc00000000UL, ~0UL << 32 | 1), 0);
	expect_stopped("[erg] guest sbit stopped: shut down (system failure)\n");
	/* Stopping a stopped guest says nothing more. */
	strcpy(said, host_console_text);
	assert_int_equal(ERR(EID_SRST, 0, 0, 0), 0);
	assert_string_equal(host_console_text, said);
}

static void test_srst_reboot(void **state)
{
	(void)state;
	for (unsigned long type = 1; type <= 2; type++) {
		setup(NULL);
		ram[0x10] = 0x77;
		tvm.vcpus[1].state = VCPU_RUNNING;
		assert_int_equal(ecall(&tvm.vcpus[1], EID_SRST, 0, ARGS(type, 0), PC + 4).error, 0);
		assert_string_equal(host_console_text, "[erg] guest sbit: rebooting\n");
		assert_int_equal(tvm.state, VM_RUNNING);
		assert_int_equal(ram[0x10], 0); /* RAM reloaded */
		assert_int_equal(tvm.vcpus[0].state, VCPU_START_PENDING);
		assert_int_equal(tvm.vcpus[0].start_addr, RAM_GPA);
		assert_int_equal(tvm.vcpus[0].start_opaque, tvm.dtb_gpa);
		assert_int_equal(fdt_check_header(ram + (tvm.dtb_gpa - RAM_GPA)), 0);
		for (unsigned i = 1; i < NVCPUS; i++)
			assert_int_equal(tvm.vcpus[i].state, VCPU_STOPPED);
		assert_true(host_kicked_harts & (1ULL << HART0));
	}
}

static void test_ipi(void **state)
{
	(void)state;
	for (unsigned i = 1; i < 4; i++)
		tvm.vcpus[i].on_hart = true; /* each in its guest on its own hart: kicked */
	assert_int_equal(ERR(EID_IPI, 0, 0xa, 0), 0);
	assert_int_equal(tvm.vcpus[1].requests, VCPU_REQ_SOFT_IRQ);
	assert_int_equal(tvm.vcpus[2].requests, 0);
	assert_int_equal(tvm.vcpus[3].requests, VCPU_REQ_SOFT_IRQ);
	assert_int_equal(host_kicked_harts, 0xaULL << HART0);
	/* To itself: done at once. */
	assert_int_equal(ERR(EID_IPI, 0, 1, 0), 0);
	assert_int_equal(V0->requests, 0);
	assert_true(V0->arch.csrs.hvip & 2);
	/* A base, and -1 for all. */
	assert_int_equal(ERR(EID_IPI, 0, 1, 2), 0);
	assert_int_equal(tvm.vcpus[2].requests, VCPU_REQ_SOFT_IRQ);
	host_kicked_harts = 0;
	V0->arch.csrs.hvip = 0;
	for (unsigned i = 1; i < 4; i++)
		tvm.vcpus[i].requests = 0; /* their harts did the work */
	assert_int_equal(ERR(EID_IPI, 0, 0, ~0UL), 0);
	assert_int_equal(host_kicked_harts, 0xeULL << HART0);
	assert_true(V0->arch.csrs.hvip & 2);
	/* Still pending: a second IPI coalesces, nobody is kicked again. */
	host_kicked_harts = 0;
	assert_int_equal(ERR(EID_IPI, 0, 0xe, 0), 0);
	assert_int_equal(host_kicked_harts, 0);
}

static void test_rfence(void **state)
{
	(void)state;
	/* Targets stopped: the request is left for their next start, no wait. */
	assert_int_equal(ERR(EID_RFENCE, 0, 6, 0), 0);
	assert_int_equal(tvm.vcpus[1].requests, VCPU_REQ_FENCE_I);
	assert_int_equal(tvm.vcpus[2].requests, VCPU_REQ_FENCE_I);
	assert_int_equal(tvm.vcpus[3].requests, 0);
	assert_int_equal(ERR(EID_RFENCE, 1, 1, 3, 0x1000, 0x2000), 0);
	assert_int_equal(tvm.vcpus[3].requests, VCPU_REQ_FLUSH_VVMA);
	assert_int_equal(ERR(EID_RFENCE, 2, 0, ~0UL, 0, ~0UL, 7), 0);
	assert_int_equal(tvm.vcpus[1].requests, VCPU_REQ_FENCE_I | VCPU_REQ_FLUSH_VVMA);
	assert_int_equal(V0->requests, 0); /* its own: done at once */
	/* A size of ~0 means everything: it may "wrap". */
	assert_int_equal(ERR(EID_RFENCE, 1, 1, 0, 0x1000, ~0UL), 0);
}

/*
 * A target on its hart owes the fence, and the asker's hart has an interrupt
 * of its own waiting: the asker gives up its wait, its ecall stays to run
 * again (pc on it, a0 as it was), and the fence stays asked.
 */
static void test_rfence_wait_yields_to_the_hart(void **state)
{
	struct vcpu *target = &tvm.vcpus[1];

	(void)state;
	target->state = VCPU_RUNNING;
	target->on_hart = true;
	host_irq_is_waiting = true;
	(void)ecall(V0, EID_RFENCE, 0, ARGS(~0UL, ~0UL), PC); /* every vCPU */
	assert_int_equal(vcpu_arch_reg(&V0->arch, 10), ~0UL); /* a0 untouched */
	assert_int_equal(target->requests, VCPU_REQ_FENCE_I);
	/* Run again once the target has left its hart (it fences before it runs): done. */
	target->on_hart = false;
	host_irq_is_waiting = false;
	assert_int_equal(ERR(EID_RFENCE, 0, 2, 0), 0);
}

/* Any function of any extension, with all-zero or all-one arguments. */
static void test_errors_in_range(void **state)
{
	const unsigned long eids[] = {0x00,	0x01,	  0x02,	    0x03,	0x05,	    0x08,
				      0x0f,	EID_BASE, EID_TIME, EID_IPI,	EID_RFENCE, EID_HSM,
				      EID_SRST, EID_DBCN, 0x11,	    0x0a000000, ~0UL};

	(void)state;
	for (size_t i = 0; i < ARRAY_SIZE(eids); i++) {
		for (unsigned long k = 0; k < 20; k++) { /* fids 0-9, arguments 0 or ~0 */
			unsigned long a = k % 2 ? ~0UL : 0;

			setup(NULL);
			CALL(eids[i], k / 2, a, a, a, a, a, a);
		}
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup(test_refusals_change_nothing, setup),
	    cmocka_unit_test_setup(test_base, setup),
	    cmocka_unit_test_setup(test_timer_emulated, setup),
	    cmocka_unit_test_setup(test_dbcn, setup),
	    cmocka_unit_test_setup(test_dbcn_bounded, setup),
	    cmocka_unit_test_setup(test_legacy_console, setup),
	    cmocka_unit_test_setup(test_legacy_shutdown, setup),
	    cmocka_unit_test_setup(test_srst_shutdown, setup),
	    cmocka_unit_test_setup(test_srst_reboot, setup),
	    cmocka_unit_test_setup(test_ipi, setup),
	    cmocka_unit_test_setup(test_rfence, setup),
	    cmocka_unit_test_setup(test_rfence_wait_yields_to_the_hart, setup),
	    cmocka_unit_test_setup(test_errors_in_range, setup),
	};

	return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
