/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Unit tests for the exit dispatcher (core/vcpu/vcpu_exit.c). The fast lane
 * serves SBI calls to fast extensions and device accesses, and declines,
 * touching nothing, HSM and SRST calls, first touches of RAM, faults outside
 * the guest's memory, virtual instructions, unhandled exits and accesses
 * whose register is not at hand. The slow lane serves every kind; the
 * faults and exits Erg cannot serve crash the guest, counted. WFI blocks
 * unless an interrupt the guest enabled is pending. vcpu_fast_exit resumes
 * the guest unless it stopped, its vCPU blocked or must give up the hart.
 * Exits come from vCPU 0 of the guest "sbit" (exit_fixture.h).
 */
#include "arch/gstage.h"
#include "exit_fixture.h"
#include "sbi_fixture.h"
#include "sched/tick.h"
#include "vm/vm_ram.h"

#define DEMAND_GPA	  0x90000000UL /* a second region, made ready on first touch */
#define DEMAND_SIZE	  (64UL << 10)
#define INSN_CSRR_HSTATUS 0x60002573UL /* csrr a0, hstatus */
#define INSN_RDCYCLE	  0xc0002573UL /* csrr a0, cycle */
#define NO_DEVICE_OR_RAM  0x1000UL
#define HSM_HART_START	  0
#define SRST_SYSTEM_RESET 0
#define BASE_PROBE_EXT	  3
#define LEGACY_SHUTDOWN	  0x08

static bool fast(struct vcpu_exit e)
{
	return vcpu_exit_dispatch(V0, &e, VCPU_LANE_FAST);
}

static void slow(struct vcpu_exit e)
{
	assert_true(vcpu_exit_dispatch(V0, &e, VCPU_LANE_SLOW));
}

static enum vcpu_fast fast_exit(struct vcpu_exit e)
{
	return vcpu_fast_exit(&V0->arch, &e);
}

static const struct vcpu_exit sbi_call = {
    .kind = VCPU_EXIT_SBI_CALL, .cause = CAUSE_ECALL_VS, .pc = PC};

/* The guest's second region, RAM made ready on first touch, behind a real G-stage table. */
static void add_demand_region(void)
{
	assert_int_equal(vm_arch_init(&tvm.arch, 7, CONFIG_GPA_LIMIT), 0);
	assert_int_equal(vm_ram_reserve(&tvm.regions[1], DEMAND_GPA, DEMAND_SIZE, 0), 0);
	tvm.region_count = 2;
}

static bool mapped(uint64_t gpa)
{
	paddr_t hpa;
	unsigned perms;

	return gstage_translate(&tvm.arch.gstage, gpa, &hpa, &perms);
}

static void expect_no_exits(void)
{
	static const uint64_t none[VCPU_EXIT_KINDS];

	assert_memory_equal(V0->exits, none, sizeof(none));
}

static void test_fast_lane_serves_time_and_base(void **state)
{
	(void)state;
	ecall_load(V0, EID_TIME, 0, ARGS(5000, UNTOUCHED));
	assert_true(fast(sbi_call));
	assert_int_equal(vcpu_arch_reg(&V0->arch, REG_A0), 0);
	assert_int_equal(vcpu_arch_reg(&V0->arch, REG_A1), 0);
	assert_int_equal(vcpu_timer_deadline(V0), 5000);
	assert_int_equal(V0->arch.regs.sepc, PC + 4);
	ecall_load(V0, EID_BASE, BASE_PROBE_EXT, ARGS(EID_HSM, UNTOUCHED));
	assert_true(fast(sbi_call));
	assert_int_equal(vcpu_arch_reg(&V0->arch, REG_A0), 0);
	assert_int_equal(vcpu_arch_reg(&V0->arch, REG_A1), 1);
	assert_int_equal(V0->arch.regs.sepc, PC + 4);
	assert_int_equal(V0->exits[VCPU_EXIT_SBI_CALL], 2);
}

/* HSM and SRST may restart the vCPU: the fast lane leaves them whole to the slow path. */
static void test_fast_lane_declines_hsm_and_srst(void **state)
{
	static const struct {
		unsigned long eid, fid, args[6];
	} calls[] = {{EID_HSM, HSM_HART_START, {2, RAM_GPA, 7}},
		     {EID_SRST, SRST_SYSTEM_RESET, {0}}};
	struct vcpu_arch_regs before;

	(void)state;
	for (size_t i = 0; i < sizeof(calls) / sizeof(calls[0]); i++) {
		ecall_load(V0, calls[i].eid, calls[i].fid, calls[i].args);
		before = V0->arch.regs;
		assert_false(fast(sbi_call));
		assert_memory_equal(&V0->arch.regs, &before, sizeof(before));
	}
	expect_no_exits();
	assert_int_equal(tvm.vcpus[2].state, VCPU_STOPPED);
	assert_int_equal(tvm.state, VM_RUNNING);
	assert_string_equal(host_console_text, "");
}

static void test_fast_lane_serves_device_access(void **state)
{
	(void)state;
	probe.reads_as = 0x1234;
	assert_true(fast(load_exit(PROBE_GPA + 8, 4, false, REG_A5, 4)));
	assert_int_equal(probe.accesses, 1);
	assert_int_equal(probe.offset, 8);
	assert_int_equal(vcpu_arch_reg(&V0->arch, REG_A5), 0x1234);
	assert_int_equal(V0->arch.regs.sepc, PC + 4);
	assert_int_equal(V0->exits[VCPU_EXIT_GUEST_FAULT], 1);
}

/* The rare exits go slow: nothing mapped, crashed, reflected or counted in the fast lane. */
static void test_fast_lane_declines_the_rest(void **state)
{
	struct vcpu_exit virt = exit_of(VCPU_EXIT_VIRTUAL_INSN, CAUSE_VIRTUAL_INSN);
	struct vcpu_exit fetch = load_exit(PROBE_GPA, 4, false, REG_A5, 4);

	(void)state;
	add_demand_region();
	virt.value = INSN_CSRR_HSTATUS;
	fetch.access = VCPU_ACCESS_FETCH;
	assert_false(fast(load_exit(DEMAND_GPA, 8, false, REG_A5, 4)));
	assert_false(mapped(DEMAND_GPA));
	assert_false(fast(load_exit(NO_DEVICE_OR_RAM, 4, false, REG_A5, 4)));
	assert_false(fast(fetch));
	assert_false(fast(virt));
	assert_int_equal(V0->arch.csrs.vscause, 0);
	assert_false(fast(exit_of(VCPU_EXIT_OTHER, CAUSE_BREAKPOINT)));
	assert_int_equal(tvm.state, VM_RUNNING);
	assert_string_equal(host_console_text, "");
	assert_int_equal(probe.accesses, 0);
	assert_int_equal(V0->arch.regs.sepc, PC);
	expect_no_exits();
}

/* A store from a register the fast lane left in the hart: slow, where its value is at hand. */
static void test_fast_lane_declines_unsaved_register(void **state)
{
	struct vcpu_exit store = store_exit(PROBE_GPA, 8, REG_S1, 0);

	(void)state;
	store.mem.reg_unsaved = true;
	assert_false(fast(store));
	assert_int_equal(probe.accesses, 0);
	assert_int_equal(V0->arch.regs.sepc, PC);
	expect_no_exits();
}

static void test_slow_lane_serves_every_kind(void **state)
{
	struct vcpu_exit virt = exit_of(VCPU_EXIT_VIRTUAL_INSN, CAUSE_VIRTUAL_INSN);
	unsigned clears = host_ipi_clears;
	uint64_t ticks;

	(void)state;
	add_demand_region();
	ecall_load(V0, EID_HSM, HSM_HART_START, ARGS(2, RAM_GPA, 7));
	slow(sbi_call);
	assert_int_equal(tvm.vcpus[2].state, VCPU_START_PENDING);
	assert_int_equal(vcpu_arch_reg(&V0->arch, REG_A0), 0);
	assert_int_equal(V0->arch.regs.sepc, PC + 4);
	/* A first touch of RAM maps its chunk; the access runs again. */
	V0->arch.regs.sepc = PC;
	slow(load_exit(DEMAND_GPA + 8, 8, false, REG_A5, 4));
	assert_true(mapped(DEMAND_GPA));
	assert_int_equal(V0->arch.regs.sepc, PC);
	slow(load_exit(PROBE_GPA, 1, false, REG_A5, 4));
	assert_int_equal(vcpu_arch_reg(&V0->arch, REG_A5), 0x11);
	/* A counter read the back end answers steps on; a hypervisor CSR read is illegal. */
	V0->arch.regs.sepc = PC;
	host_emulated_insn = INSN_RDCYCLE;
	virt.value = INSN_RDCYCLE;
	slow(virt);
	assert_int_equal(V0->arch.regs.sepc, PC + 4);
	assert_int_equal(V0->arch.csrs.vscause, 0);
	virt.value = INSN_CSRR_HSTATUS;
	slow(virt);
	assert_int_equal(V0->arch.csrs.vscause, 2);
	assert_int_equal(V0->arch.csrs.vstval, INSN_CSRR_HSTATUS);
	assert_int_equal(V0->arch.regs.sepc, PC + 4);
	/* Erg's timer: the guest's own deadline (kept by Erg without Sstc), then the tick. */
	tick_start(plat.timebase_hz);
	ticks = tick_count();
	host_time += plat.timebase_hz / TICK_HZ;
	V0->timer_deadline = host_time;
	slow(exit_of(VCPU_EXIT_IRQ_TIMER, 5));
	assert_int_equal(tick_count(), ticks + 1);
	assert_int_equal(V0->arch.csrs.hvip & TIMER_IRQ_PENDING,
			 guests_sstc() ? 0 : TIMER_IRQ_PENDING);
	slow(exit_of(VCPU_EXIT_IRQ_SOFT, 1));
	assert_int_equal(host_ipi_clears, clears + 1);
	slow(exit_of(VCPU_EXIT_IRQ_EXT, 9));
	slow(exit_of(VCPU_EXIT_WFI, CAUSE_VIRTUAL_INSN));
	assert_int_equal(V0->exits[VCPU_EXIT_SBI_CALL], 1);
	assert_int_equal(V0->exits[VCPU_EXIT_GUEST_FAULT], 2);
	assert_int_equal(V0->exits[VCPU_EXIT_VIRTUAL_INSN], 2);
	for (int k = VCPU_EXIT_WFI; k < VCPU_EXIT_OTHER; k++)
		assert_int_equal(V0->exits[k], 1);
	assert_int_equal(tvm.state, VM_RUNNING);
}

/* Faults no device or RAM serves crash the guest; the summary counts the crashing exit. */
static void test_slow_lane_crashes_on_stray_faults(void **state)
{
	struct vcpu_exit faults[3] = {load_exit(NO_DEVICE_OR_RAM, 4, false, REG_A5, 4),
				      store_exit(RAM_END, 8, REG_A4, 1),
				      load_exit(PROBE_GPA, 4, false, REG_A5, 4)};
	static const char *const why[3] = {
	    "vCPU 0: load guest-page fault at guest-physical 0x1000 outside its memory (pc "
	    "0x80000800)",
	    "vCPU 0: store guest-page fault at guest-physical 0x80100000 outside its memory (pc "
	    "0x80000800)",
	    "vCPU 0: fetch guest-page fault at guest-physical 0x10000000 outside its memory (pc "
	    "0x80000800)"};

	faults[2].access = VCPU_ACCESS_FETCH; /* no device holds code */
	for (size_t i = 0; i < 3; i++) {
		exit_setup(state);
		slow(faults[i]);
		expect_crashed(why[i]);
		assert_non_null(strstr(host_console_text, " fault 1 vinsn 0 "));
		assert_int_equal(probe.accesses, 0);
		assert_int_equal(V0->arch.regs.sepc, PC);
	}
}

/*
 * An address the guest's own page tables led to (no H) is the guest's fault
 * outside its RAM and devices: it takes an access fault and runs on. A
 * page-table read in a device window reaches no device.
 */
static void test_guest_mapped_faults_are_reflected_not_crashes(void **state)
{
	struct vcpu_exit faults[3] = {load_exit(NO_DEVICE_OR_RAM, 4, false, REG_A5, 4),
				      store_exit(RAM_END, 8, REG_A4, 1),
				      load_exit(PROBE_GPA, 8, false, REG_A5, 4)};
	static const unsigned long causes[3] = {5, 7, 5};

	faults[2].guest_table = true;
	for (size_t i = 0; i < 3; i++) {
		exit_setup(state);
		faults[i].guest_mapped = true;
		faults[i].value = 0x4000 + i;
		slow(faults[i]);
		assert_int_equal(tvm.state, VM_RUNNING);
		assert_int_equal(V0->arch.csrs.vscause, causes[i]);
		assert_int_equal(V0->arch.csrs.vstval, 0x4000 + i);
		assert_int_equal(probe.accesses, 0);
		assert_int_equal(V0->arch.regs.sepc, PC);
	}
}

static void test_slow_lane_crashes_on_unhandled_exit(void **state)
{
	(void)state;
	slow(exit_of(VCPU_EXIT_OTHER, CAUSE_BREAKPOINT));
	expect_crashed("vCPU 0: unhandled other exit, cause 3 at pc 0x80000800");
	assert_non_null(strstr(host_console_text, " external 0 other 1\n"));
}

/* WFI steps past itself and blocks unless an interrupt the guest enabled is pending. */
static void test_wfi_blocks_unless_an_enabled_irq_is_pending(void **state)
{
	static const struct {
		unsigned long hvip, masked;
		unsigned requests;
		bool blocks;
	} cases[] = {
	    {0, 0, 0, true},
	    {EXT_IRQ_PENDING, 0, 0, false},
	    {TIMER_IRQ_PENDING, 0, 0, false},
	    {TIMER_IRQ_PENDING, TIMER_IRQ_PENDING, 0, true}, /* pending, but disabled */
	    {0, 0, VCPU_REQ_SOFT_IRQ, false},		     /* asked for meanwhile */
	};
	const struct vcpu_exit wfi = exit_of(VCPU_EXIT_WFI, CAUSE_VIRTUAL_INSN);

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		V0->blocked = false;
		V0->arch.regs.sepc = PC;
		V0->arch.csrs.hvip = cases[i].hvip;
		host_masked_irqs = cases[i].masked;
		V0->requests = cases[i].requests;
		slow(wfi);
		assert_int_equal(V0->blocked, cases[i].blocks);
		assert_int_equal(V0->arch.regs.sepc, PC + 4);
	}
	assert_int_equal(V0->exits[VCPU_EXIT_WFI], sizeof(cases) / sizeof(cases[0]));
}

static void test_fast_exit_resumes_and_serves_requests(void **state)
{
	(void)state;
	ecall_load(V0, EID_TIME, 0, ARGS(5000));
	assert_int_equal(fast_exit(sbi_call), VCPU_FAST_RESUME);
	assert_int_equal(V0->arch.regs.sepc, PC + 4);
	/* An IPI asked meanwhile is raised before the guest goes back in. */
	V0->requests = VCPU_REQ_SOFT_IRQ;
	ecall_load(V0, EID_TIME, 0, ARGS(6000));
	assert_int_equal(fast_exit(sbi_call), VCPU_FAST_RESUME);
	assert_int_equal(V0->arch.csrs.hvip & SOFT_IRQ_PENDING, SOFT_IRQ_PENDING);
	assert_int_equal(V0->requests, 0);
	ecall_load(V0, EID_HSM, HSM_HART_START, ARGS(2, RAM_GPA));
	assert_int_equal(fast_exit(sbi_call), VCPU_FAST_DECLINE);
	assert_int_equal(V0->arch.regs.sepc, PC);
	assert_int_equal(V0->exits[VCPU_EXIT_SBI_CALL], 2);
}

static void test_fast_exit_leaves_when_blocked_or_stopped(void **state)
{
	struct vcpu_exit unsupported = load_exit(PROBE_GPA, 4, false, REG_A5, 4);

	assert_int_equal(fast_exit(exit_of(VCPU_EXIT_WFI, 0)), VCPU_FAST_LEAVE);
	assert_true(V0->blocked);
	/* Shut down by a legacy call, the fast lane's own. */
	exit_alone_setup(state);
	ecall_load(V0, LEGACY_SHUTDOWN, 0, ARGS(0));
	assert_int_equal(fast_exit(sbi_call), VCPU_FAST_LEAVE);
	expect_crashed("shut down (legacy SBI)");
	assert_non_null(strstr(host_console_text, " exits: sbi 1 fault 0 "));
	/* Crashed by a device access the back end could not decode. */
	exit_alone_setup(state);
	unsupported.mem.decode = VCPU_DECODE_UNSUPPORTED;
	assert_int_equal(fast_exit(unsupported), VCPU_FAST_LEAVE);
	expect_crashed("vCPU 0: device access by an unsupported instruction at guest-physical "
		       "0x10000000 (pc 0x80000800, insn 0x0)");
	assert_non_null(strstr(host_console_text, " exits: sbi 0 fault 1 "));
	/* Its vCPU stopped by another (HSM stop, a reboot under way). */
	exit_alone_setup(state);
	V0->state = VCPU_STOPPED;
	ecall_load(V0, EID_TIME, 0, ARGS(5000));
	assert_int_equal(fast_exit(sbi_call), VCPU_FAST_LEAVE);
	assert_int_equal(V0->arch.regs.sepc, PC + 4);
}

/* A vCPU of higher priority woken on its hart takes it: the served exit leaves. */
static void test_fast_exit_leaves_to_yield(void **state)
{
	struct vcpu *v1 = &tvm.vcpus[1];

	(void)state;
	v1->hart = HART0;
	v1->sched.priority = V0->sched.priority + 1;
	v1->state = VCPU_RUNNING;
	sched_wake(v1);
	ecall_load(V0, EID_TIME, 0, ARGS(5000));
	assert_int_equal(fast_exit(sbi_call), VCPU_FAST_LEAVE);
	assert_int_equal(V0->arch.regs.sepc, PC + 4);
	/* Empty the hart's queue again: stopped, vCPU 1 is passed over. */
	v1->state = VCPU_STOPPED;
	host_hart_until_idle(HART0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup(test_fast_lane_serves_time_and_base, exit_setup),
	    cmocka_unit_test_setup(test_fast_lane_declines_hsm_and_srst, exit_setup),
	    cmocka_unit_test_setup(test_fast_lane_serves_device_access, exit_setup),
	    cmocka_unit_test_setup(test_fast_lane_declines_the_rest, exit_setup),
	    cmocka_unit_test_setup(test_fast_lane_declines_unsaved_register, exit_setup),
	    cmocka_unit_test_setup(test_slow_lane_serves_every_kind, exit_setup),
	    cmocka_unit_test_setup(test_slow_lane_crashes_on_stray_faults, exit_setup),
	    cmocka_unit_test_setup(test_guest_mapped_faults_are_reflected_not_crashes, exit_setup),
	    cmocka_unit_test_setup(test_slow_lane_crashes_on_unhandled_exit, exit_setup),
	    cmocka_unit_test_setup(test_wfi_blocks_unless_an_enabled_irq_is_pending, exit_setup),
	    cmocka_unit_test_setup(test_fast_exit_resumes_and_serves_requests, exit_alone_setup),
	    cmocka_unit_test_setup(test_fast_exit_leaves_when_blocked_or_stopped, exit_alone_setup),
	    cmocka_unit_test_setup(test_fast_exit_leaves_to_yield, exit_alone_setup),
	};

	return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
