/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Shared fixture for the SBI unit tests (test_sbi*.c, test_vm_stop.c, the
 * exit path's tests): vCPUs of the hand-built guest of guest_fixture.h make
 * ecalls through the guest registers and the exit dispatcher, as the run
 * loop does; each call's a0/a1 and pc step are read back, and every call
 * must answer an SBI error code.
 *
 * Header-only, as the other fixtures: every test_*.c is its own binary and
 * includes this once, so its static state belongs to that binary alone.
 */
#ifndef TESTS_UNIT_SBI_FIXTURE_H
#define TESTS_UNIT_SBI_FIXTURE_H

#include "guest_fixture.h"
#include "sbi/sbi.h"

#define EID_BASE   0x10UL
#define EID_TIME   0x54494d45UL
#define EID_IPI	   0x735049UL
#define EID_RFENCE 0x52464e43UL
#define EID_HSM	   0x48534dUL
#define EID_SRST   0x53525354UL
#define EID_SUSP   0x53555350UL
#define EID_STA	   0x535441UL
#define EID_FWFT   0x46574654UL
#define EID_DBCN   0x4442434eUL

/* v's registers as the exit path leaves them for an ecall at PC with a0..a5 = args. */
static inline void ecall_load(struct vcpu *v, unsigned long eid, unsigned long fid,
			      const unsigned long *args)
{
	for (unsigned i = 0; i < 6; i++)
		vcpu_arch_set_reg(&v->arch, 10 + i, args[i]);
	vcpu_arch_set_reg(&v->arch, 16, fid);
	vcpu_arch_set_reg(&v->arch, 17, eid);
	v->arch.regs.sepc = PC;
}

/* The SBI exit of the ecall loaded in v, dispatched in lane as the exit path does; false if
 * declined. */
static inline bool sbi_exit(struct vcpu *v, enum vcpu_lane lane)
{
	return vcpu_exit_dispatch(v, &(struct vcpu_exit){.kind = VCPU_EXIT_SBI_CALL, .pc = PC},
				  lane);
}

/* The ecall from v at PC with a0..a5 = args, to return at pc_after; gives a0 and a1. */
static inline struct sbi_result ecall(struct vcpu *v, unsigned long eid, unsigned long fid,
				      const unsigned long *args, unsigned long pc_after)
{
	struct sbi_result r;

	ecall_load(v, eid, fid, args);
	sbi_exit(v, VCPU_LANE_SLOW);
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

#define A1		    vcpu_arch_reg(&V0->arch, 11)
#define ARGS(...)	    ((const unsigned long[6]){__VA_ARGS__})
#define CALL(eid, fid, ...) ecall(V0, eid, fid, ARGS(__VA_ARGS__), PC + 4)
#define ERR(eid, fid, ...)  (CALL(eid, fid, __VA_ARGS__).error)
#define NOT_SUPP	    SBI_ERR_NOT_SUPPORTED
#define BAD_PARAM	    SBI_ERR_INVALID_PARAM
#define BAD_ADDR	    SBI_ERR_INVALID_ADDRESS

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
