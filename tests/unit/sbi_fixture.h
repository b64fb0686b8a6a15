/*
 * Shared fixture for the SBI unit tests (test_sbi.c, test_sbi_hsm.c): vCPU 0
 * of the guest "sbit" of guest_fixture.h makes ecalls through the guest
 * registers, as the run loop does; each call's a0/a1 and pc step are read
 * back, and every call must answer an SBI error code. The exit path's tests
 * load the same calls and hand them to the exit dispatcher instead.
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
#define EID_DBCN   0x4442434eUL

/* v about to make the ecall at PC with a0..a5 = args: its registers and pc. */
static inline void ecall_load(struct vcpu *v, unsigned long eid, unsigned long fid,
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

	ecall_load(v, eid, fid, args);
	vcpu_exit_dispatch(v, &(struct vcpu_exit){.kind = VCPU_EXIT_SBI_CALL}, VCPU_LANE_SLOW);
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

#endif
