/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Unit tests for completing device accesses from the exit record
 * (core/vcpu/vcpu_mmio.c): a load of 1, 2, 4 or 8 bytes writes its register
 * cut to its width and sign- or zero-extended, a store passes its register's
 * value cut to its width, the pc steps by the instruction's length, x0
 * stays zero, an access the device does not define reads zero; an exit to
 * retry leaves everything as it was, and an access no device can complete
 * crashes the guest, naming the guest-physical address. Accesses reach the
 * probe device of exit_fixture.h from vCPU 0 of the guest "sbit".
 */
#include "exit_fixture.h"
#include "vcpu/vcpu_mmio.h"

#define NEGATIVE 0xf8e7d6c5b4a39281ULL /* each width's top bit set */
#define POSITIVE 0x0102030405060708ULL /* each width's top bit clear */
#define GARBAGE	 0xdeadbeefdeadbeefULL /* a register's value before a load */

/* Complete e in the device holding its first byte, as the dispatcher finds it. */
static void emulate(struct vcpu_exit e)
{
	const struct mmio_region *r = mmio_map_find(&tvm.mmio, e.gpa, 1);

	assert_non_null(r);
	vcpu_mmio_emulate(V0, &e, r);
}

static uint64_t reg(unsigned n)
{
	return vcpu_arch_reg(&V0->arch, n);
}

static void test_loads_cut_and_extend_by_width(void **state)
{
	static const struct {
		uint64_t reads_as;
		unsigned width;
		bool sign;
		uint64_t want;
	} cases[] = {
	    {NEGATIVE, 1, false, 0x81},	      {NEGATIVE, 1, true, 0xffffffffffffff81ULL},
	    {NEGATIVE, 2, false, 0x9281},     {NEGATIVE, 2, true, 0xffffffffffff9281ULL},
	    {NEGATIVE, 4, false, 0xb4a39281}, {NEGATIVE, 4, true, 0xffffffffb4a39281ULL},
	    {NEGATIVE, 8, false, NEGATIVE},   {NEGATIVE, 8, true, NEGATIVE},
	    {POSITIVE, 1, true, 0x08},	      {POSITIVE, 2, true, 0x0708},
	    {POSITIVE, 4, true, 0x05060708},  {POSITIVE, 8, true, POSITIVE},
	};

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		V0->arch.regs.sepc = PC;
		vcpu_arch_set_reg(&V0->arch, REG_A5, GARBAGE);
		probe.reads_as = cases[i].reads_as;
		emulate(load_exit(PROBE_GPA + 0x10, cases[i].width, cases[i].sign, REG_A5, 4));
		assert_int_equal(reg(REG_A5), cases[i].want);
		assert_int_equal(probe.offset, 0x10);
		assert_int_equal(probe.width, cases[i].width);
		assert_false(probe.write);
		assert_int_equal(V0->arch.regs.sepc, PC + 4);
	}
	assert_int_equal(probe.accesses, sizeof(cases) / sizeof(cases[0]));
	assert_int_equal(tvm.state, VM_RUNNING);
}

static void test_stores_pass_the_value_cut_to_width(void **state)
{
	static const struct {
		unsigned width;
		uint64_t want;
	} cases[] = {{1, 0x81}, {2, 0x9281}, {4, 0xb4a39281}, {8, NEGATIVE}};

	(void)state;
	vcpu_arch_set_reg(&V0->arch, REG_A4, NEGATIVE);
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		V0->arch.regs.sepc = PC;
		emulate(store_exit(PROBE_GPA + 8, cases[i].width, REG_A4, NEGATIVE));
		assert_true(probe.write);
		assert_int_equal(probe.offset, 8);
		assert_int_equal(probe.width, cases[i].width);
		assert_int_equal(probe.value, cases[i].want);
		assert_int_equal(reg(REG_A4), NEGATIVE);
		assert_int_equal(V0->arch.regs.sepc, PC + 4);
	}
}

/* Compressed loads and stores are 2 bytes long. */
static void test_pc_steps_by_the_insn_length(void **state)
{
	struct vcpu_exit store = store_exit(PROBE_GPA, 4, REG_A4, 7);

	(void)state;
	emulate(load_exit(PROBE_GPA, 4, true, REG_A5, 2));
	assert_int_equal(V0->arch.regs.sepc, PC + 2);
	store.mem.len = 2;
	emulate(store);
	assert_int_equal(V0->arch.regs.sepc, PC + 4);
	assert_int_equal(probe.value, 7);
	emulate(load_exit(PROBE_GPA, 8, false, REG_A5, 4));
	assert_int_equal(V0->arch.regs.sepc, PC + 8);
}

static void test_load_into_x0_stays_zero(void **state)
{
	(void)state;
	emulate(load_exit(PROBE_GPA, 8, false, 0, 4));
	assert_int_equal(probe.accesses, 1);
	assert_int_equal(V0->arch.regs.gpr[0], 0);
	assert_int_equal(reg(0), 0);
	assert_int_equal(V0->arch.regs.sepc, PC + 4);
}

/* An access the device does not define reads as zero, a write is dropped: both step on. */
static void test_undefined_access_reads_zero(void **state)
{
	(void)state;
	probe.refuse = true;
	vcpu_arch_set_reg(&V0->arch, REG_A5, GARBAGE);
	emulate(load_exit(PROBE_GPA, 4, true, REG_A5, 4));
	assert_int_equal(reg(REG_A5), 0);
	emulate(store_exit(PROBE_GPA, 4, REG_A4, 1));
	assert_int_equal(V0->arch.regs.sepc, PC + 8);
	assert_int_equal(tvm.mmio.ignored, 2);
	assert_int_equal(tvm.state, VM_RUNNING);
}

/* The guest's own tables moved under its pc: it runs the access again, nothing done. */
static void test_retry_leaves_everything(void **state)
{
	struct vcpu_exit load = load_exit(PROBE_GPA, 4, false, REG_A5, 4);
	struct vcpu_exit store = store_exit(PROBE_GPA, 4, REG_A4, 1);

	(void)state;
	vcpu_arch_set_reg(&V0->arch, REG_A5, GARBAGE);
	load.mem.decode = store.mem.decode = VCPU_DECODE_RETRY;
	emulate(load);
	emulate(store);
	assert_int_equal(reg(REG_A5), GARBAGE);
	assert_int_equal(V0->arch.regs.sepc, PC);
	assert_int_equal(probe.accesses, 0);
	assert_int_equal(tvm.state, VM_RUNNING);
	assert_string_equal(host_console_text, "");
}

static void test_unsupported_insn_crashes(void **state)
{
	struct vcpu_exit e = load_exit(PROBE_GPA + 0x20, 0, false, 0, 0);

	(void)state;
	e.mem.decode = VCPU_DECODE_UNSUPPORTED;
	e.mem.insn = 0x0005b02f; /* amoadd.d zero, zero, (a1): no plain load or store */
	emulate(e);
	expect_crashed("vCPU 0: device access by an unsupported instruction at guest-physical "
		       "0x10000020 (pc 0x80000800, insn 0x5b02f)");
	assert_int_equal(probe.accesses, 0);
	assert_int_equal(V0->arch.regs.sepc, PC);
}

/* Its first byte in the device, its last past the end: no device completes it. */
static void test_access_across_device_end_crashes(void **state)
{
	(void)state;
	vcpu_arch_set_reg(&V0->arch, REG_A5, GARBAGE);
	emulate(load_exit(PROBE_GPA + PROBE_SIZE - 2, 4, false, REG_A5, 4));
	expect_crashed("vCPU 0: access across the end of a device at guest-physical 0x100000fe "
		       "(pc 0x80000800, insn 0x0)");
	assert_int_equal(reg(REG_A5), GARBAGE);
	assert_int_equal(probe.accesses, 0);
	assert_int_equal(V0->arch.regs.sepc, PC);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup(test_loads_cut_and_extend_by_width, exit_setup),
	    cmocka_unit_test_setup(test_stores_pass_the_value_cut_to_width, exit_setup),
	    cmocka_unit_test_setup(test_pc_steps_by_the_insn_length, exit_setup),
	    cmocka_unit_test_setup(test_load_into_x0_stays_zero, exit_setup),
	    cmocka_unit_test_setup(test_undefined_access_reads_zero, exit_setup),
	    cmocka_unit_test_setup(test_retry_leaves_everything, exit_setup),
	    cmocka_unit_test_setup(test_unsupported_insn_crashes, exit_setup),
	    cmocka_unit_test_setup(test_access_across_device_end_crashes, exit_setup),
	};

	return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
