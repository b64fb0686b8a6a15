/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * HSM under attack, with vCPU 1 stopped at the start. The SBI spec:
 * hart_start gives SBI_ERR_INVALID_PARAM for a hartid that cannot be
 * started, SBI_ERR_INVALID_ADDRESS for a start address that is not valid
 * (not executable through the G-stage), SBI_ERR_ALREADY_AVAILABLE for a
 * hart already started; hart_get_status SBI_ERR_INVALID_PARAM for a bad
 * hartid; hart_suspend SBI_ERR_INVALID_PARAM for a reserved type,
 * SBI_ERR_NOT_SUPPORTED for a platform-specific type Erg does not offer, and
 * SBI_ERR_INVALID_ADDRESS for a bad resume address of a non-retentive one.
 * Suspend types are 32-bit: the upper half of a0 changes nothing, so a
 * reserved type stays reserved with it set and a non-retentive one with a
 * bad resume address stays refused (a type that is accepted would really
 * suspend, which these attacks do not want). A refused start must leave
 * vCPU 1 stopped.
 */
#include "guest.h"
#include "hostile.h"

#define SECOND	      1
#define NO_VCPU	      HOSTILE_VCPUS
#define UART_BASE     0x10000000UL
#define NON_RETENTIVE 0x80000000UL
#define HSM_WAIT_US   5000000

void guest_secondary_start(void);

/* A refused hart_start of vCPU 1 at addr: the error, and vCPU 1 still stopped. */
static void hostile_start_at(struct hostile_result *r, unsigned long addr)
{
	struct sbiret got = sbi_ecall(SBI_EXT_HSM, SBI_HSM_HART_START, SECOND, addr, 0);
	long status = sbi_hart_get_status(SECOND);

	if (status != SBI_HSM_STOPPED)
		hostile_escaped(r, "vCPU 1 is in HSM state %ld after the call", status);
	else
		hostile_expect_refusal(r, got, SBI_ERR_INVALID_ADDRESS);
}

static void hostile_start_beyond(struct hostile_result *r)
{
	hostile_expect_refusal(r,
			       sbi_ecall(SBI_EXT_HSM, SBI_HSM_HART_START, NO_VCPU,
					 (unsigned long)guest_secondary_start, 0),
			       SBI_ERR_INVALID_PARAM);
}

static void hostile_start_self(struct hostile_result *r)
{
	hostile_expect_refusal(
	    r,
	    sbi_ecall(SBI_EXT_HSM, SBI_HSM_HART_START, 0, (unsigned long)guest_secondary_start, 0),
	    SBI_ERR_ALREADY_AVAILABLE);
}

static void hostile_start_foreign(struct hostile_result *r)
{
	hostile_start_at(r, hostile_env.foreign);
}

static void hostile_start_device(struct hostile_result *r)
{
	hostile_start_at(r, UART_BASE);
}

static void hostile_start_ram_edge(struct hostile_result *r)
{
	hostile_start_at(r, hostile_env.ram_end - 2);
}

/* Started and still running (its LISTEN role waits): a second start must be refused. */
static void hostile_start_twice(struct hostile_result *r)
{
	unsigned long runs = hostile_second.runs;
	long first = hostile_second_start(HOSTILE_ROLE_LISTEN);
	long second = hostile_second_start(HOSTILE_ROLE_TOUCH);

	hostile_wait(&hostile_second.listening, 1, HSM_WAIT_US);
	if (!hostile_second_release(HSM_WAIT_US))
		hostile_escaped(r, "vCPU 1 did not stop");
	else if (first != SBI_SUCCESS || second != SBI_ERR_ALREADY_AVAILABLE)
		hostile_escaped(r, "first start %s, second %s", hostile_sbi_error_name(first),
				hostile_sbi_error_name(second));
	else if (hostile_second.runs != runs + 1)
		hostile_escaped(r, "vCPU 1 began %lu roles, want 1", hostile_second.runs - runs);
	else
		hostile_contained(r,
				  "second start refused with SBI_ERR_ALREADY_AVAILABLE, one run");
}

static void hostile_status_beyond(struct hostile_result *r)
{
	hostile_expect_refusal(r, sbi_ecall(SBI_EXT_HSM, SBI_HSM_HART_GET_STATUS, NO_VCPU, 0, 0),
			       SBI_ERR_INVALID_PARAM);
}

/* Each type is refused with want (resume address: a valid one, so only the type is wrong). */
static void hostile_suspend_types(struct hostile_result *r, const unsigned long *types,
				  unsigned count, long want)
{
	for (unsigned i = 0; i < count; i++) {
		struct sbiret got = sbi_ecall(SBI_EXT_HSM, SBI_HSM_HART_SUSPEND, types[i],
					      (unsigned long)guest_secondary_start, 0);

		if (got.error != want) {
			hostile_escaped(r, "type 0x%lx gave %s, want %s", types[i],
					hostile_sbi_error_name(got.error),
					hostile_sbi_error_name(want));
			return;
		}
	}
	hostile_contained(r, "%u types refused with %s", count, hostile_sbi_error_name(want));
}

static void hostile_suspend_reserved(struct hostile_result *r)
{
	static const unsigned long types[] = {0x1, 0x0fffffff, 0x80000001, 0x8fffffff};

	hostile_suspend_types(r, types, sizeof(types) / sizeof(types[0]), SBI_ERR_INVALID_PARAM);
}

static void hostile_suspend_platform(struct hostile_result *r)
{
	static const unsigned long types[] = {0x10000000, 0x7fffffff, 0x90000000, 0xffffffff, ~0UL};

	hostile_suspend_types(r, types, sizeof(types) / sizeof(types[0]), SBI_ERR_NOT_SUPPORTED);
}

static void hostile_suspend_high_bits(struct hostile_result *r)
{
	static const unsigned long types[] = {0x100000001, 0xffffffff80000001};

	hostile_suspend_types(r, types, sizeof(types) / sizeof(types[0]), SBI_ERR_INVALID_PARAM);
}

static void hostile_suspend_high_bits_foreign(struct hostile_result *r)
{
	hostile_expect_refusal(
	    r, sbi_ecall(SBI_EXT_HSM, SBI_HSM_HART_SUSPEND, 0x180000000UL, hostile_env.foreign, 0),
	    SBI_ERR_INVALID_ADDRESS);
}

static void hostile_suspend_resume_foreign(struct hostile_result *r)
{
	hostile_expect_refusal(
	    r, sbi_ecall(SBI_EXT_HSM, SBI_HSM_HART_SUSPEND, NON_RETENTIVE, hostile_env.foreign, 0),
	    SBI_ERR_INVALID_ADDRESS);
}

static const struct hostile_attack hostile_sbi_hsm_attacks[] = {
    {"hart_start of vCPU 2 of 2", hostile_start_beyond},
    {"hart_start of itself, running", hostile_start_self},
    {"hart_start of vCPU 1 at another guest's host address", hostile_start_foreign},
    {"hart_start of vCPU 1 in its UART", hostile_start_device},
    {"hart_start of vCPU 1 at the last 2 bytes of RAM", hostile_start_ram_edge},
    {"hart_start of vCPU 1 twice", hostile_start_twice},
    {"hart_get_status of vCPU 2 of 2", hostile_status_beyond},
    {"hart_suspend with reserved types", hostile_suspend_reserved},
    {"hart_suspend with platform-specific types Erg lacks", hostile_suspend_platform},
    {"hart_suspend with type bits 63-32 set", hostile_suspend_high_bits},
    {"non-retentive hart_suspend, type bits 63-32 set, resuming outside RAM",
     hostile_suspend_high_bits_foreign},
    {"non-retentive hart_suspend resuming outside RAM", hostile_suspend_resume_foreign},
};

const struct hostile_group hostile_sbi_hsm_group = {
    hostile_sbi_hsm_attacks,
    sizeof(hostile_sbi_hsm_attacks) / sizeof(hostile_sbi_hsm_attacks[0]),
};
