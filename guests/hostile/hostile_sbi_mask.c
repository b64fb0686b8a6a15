/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Hart masks and fence ranges under attack (vCPU 1 is stopped meanwhile).
 * The SBI spec: a hart_mask_base or a hartid in hart_mask that is not valid
 * gives SBI_ERR_INVALID_PARAM, a base of -1 means every hart, and a fence
 * range that is not valid gives SBI_ERR_INVALID_ADDRESS; a size of 2^XLEN-1
 * means the whole address space. Erg refuses a mask whole, so a refused IPI
 * must not reach even the vCPUs it named correctly.
 */
#include "guest_time.h"
#include "hostile.h"

#define BIT63	    (1UL << 63)
#define VCPU(n)	    (1UL << (n))
#define NO_VCPU	    VCPU(HOSTILE_VCPUS) /* the first id past its vCPUs */
#define BASE_WRAPS  (~0UL - 1)		/* base + 2 wraps to 0 */
#define FENCE_START 0x1000UL

/* The IPI call's answer, and the software interrupts it raised at vCPU 0. */
static void hostile_ipi(struct hostile_result *r, unsigned long mask, unsigned long base, long want,
			unsigned long want_irqs)
{
	unsigned long before = hostile_irqs[0].soft;
	struct sbiret got = sbi_ecall(SBI_EXT_IPI, SBI_IPI_SEND_IPI, mask, base, 0);
	unsigned long raised;

	hostile_wait(&hostile_irqs[0].soft, before + want_irqs, HOSTILE_QUIET_US);
	time_delay_us(HOSTILE_QUIET_US);
	raised = hostile_irqs[0].soft - before;
	if (got.error != want)
		hostile_escaped(r, "got %s, want %s", hostile_sbi_error_name(got.error),
				hostile_sbi_error_name(want));
	else if (raised != want_irqs)
		hostile_escaped(r, "%s but %lu IPIs arrived, want %lu",
				hostile_sbi_error_name(got.error), raised, want_irqs);
	else if (want == SBI_SUCCESS)
		hostile_contained(r, "SBI_SUCCESS, %lu IPI at vCPU 0 as named", raised);
	else
		hostile_contained(r, "refused with %s, no IPI", hostile_sbi_error_name(want));
}

static void hostile_ipi_beyond(struct hostile_result *r)
{
	hostile_ipi(r, NO_VCPU, 0, SBI_ERR_INVALID_PARAM, 0);
}

static void hostile_ipi_bit63(struct hostile_result *r)
{
	hostile_ipi(r, BIT63, 0, SBI_ERR_INVALID_PARAM, 0);
}

static void hostile_ipi_base_huge(struct hostile_result *r)
{
	hostile_ipi(r, VCPU(0), BIT63, SBI_ERR_INVALID_PARAM, 0);
}

static void hostile_ipi_base_wraps(struct hostile_result *r)
{
	hostile_ipi(r, VCPU(2), BASE_WRAPS, SBI_ERR_INVALID_PARAM, 0);
}

static void hostile_ipi_half_valid(struct hostile_result *r)
{
	hostile_ipi(r, VCPU(0) | NO_VCPU, 0, SBI_ERR_INVALID_PARAM, 0);
}

static void hostile_ipi_empty_mask(struct hostile_result *r)
{
	hostile_ipi(r, 0, BIT63, SBI_SUCCESS, 0);
}

static void hostile_ipi_all(struct hostile_result *r)
{
	hostile_ipi(r, 0, SBI_HART_MASK_ALL, SBI_SUCCESS, 1);
}

static void hostile_fence_i_beyond(struct hostile_result *r)
{
	hostile_expect_refusal(r, sbi_ecall(SBI_EXT_RFENCE, SBI_RFENCE_FENCE_I, NO_VCPU, 0, 0),
			       SBI_ERR_INVALID_PARAM);
}

static void hostile_sfence_wraps(struct hostile_result *r)
{
	const unsigned long args[6] = {VCPU(0), 0, ~0UL - 0xfff, 0x2000};

	hostile_expect_refusal(r, sbi_ecall6(SBI_EXT_RFENCE, SBI_RFENCE_SFENCE_VMA, args),
			       SBI_ERR_INVALID_ADDRESS);
}

static void hostile_expect_done(struct hostile_result *r, struct sbiret got, const char *what)
{
	if (got.error == SBI_SUCCESS)
		hostile_contained(r, "SBI_SUCCESS: %s", what);
	else
		hostile_escaped(r, "got %s, want SBI_SUCCESS", hostile_sbi_error_name(got.error));
}

static void hostile_sfence_everything(struct hostile_result *r)
{
	const unsigned long args[6] = {VCPU(0), 0, FENCE_START, SBI_FENCE_SIZE_ALL};

	hostile_expect_done(r, sbi_ecall6(SBI_EXT_RFENCE, SBI_RFENCE_SFENCE_VMA, args),
			    "size 2^64-1 is the whole space");
}

static void hostile_sfence_asid_huge(struct hostile_result *r)
{
	const unsigned long args[6] = {VCPU(0), 0, 0, SBI_FENCE_SIZE_ALL, ~0UL};

	hostile_expect_done(r, sbi_ecall6(SBI_EXT_RFENCE, SBI_RFENCE_SFENCE_VMA_ASID, args),
			    "Erg flushes every ASID");
}

static const struct hostile_attack hostile_sbi_mask_attacks[] = {
    {"IPI to vCPU 2 of 2", hostile_ipi_beyond},
    {"IPI with hart_mask bit 63", hostile_ipi_bit63},
    {"IPI with hart_mask_base 2^63", hostile_ipi_base_huge},
    {"IPI with hart_mask_base 2^64-2 and bit 2 (wraps to vCPU 0)", hostile_ipi_base_wraps},
    {"IPI naming vCPU 0 and vCPU 2 together", hostile_ipi_half_valid},
    {"IPI with an empty mask and hart_mask_base 2^63", hostile_ipi_empty_mask},
    {"IPI to hart_mask_base -1 (every vCPU)", hostile_ipi_all},
    {"remote fence.i to vCPU 2 of 2", hostile_fence_i_beyond},
    {"remote sfence.vma over a range wrapping 2^64", hostile_sfence_wraps},
    {"remote sfence.vma of size 2^64-1 from 0x1000", hostile_sfence_everything},
    {"remote sfence.vma.asid with ASID 2^64-1", hostile_sfence_asid_huge},
};

const struct hostile_group hostile_sbi_mask_group = {
    hostile_sbi_mask_attacks,
    sizeof(hostile_sbi_mask_attacks) / sizeof(hostile_sbi_mask_attacks[0]),
};
