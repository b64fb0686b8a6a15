/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * SBI dispatch under attack: extension and function ids nobody offers, ids
 * that would hit a real call if Erg cut them to 32 bits, probes that must
 * say "absent", and legacy ids Erg does not implement. The SBI spec: an
 * unknown EID or FID returns SBI_ERR_NOT_SUPPORTED; probe returns 0 for an
 * EID that is not available; legacy calls answer in a0 only and preserve
 * every other register.
 */
#include "hostile.h"

#define EID_UNKNOWN	    0x12345678UL
#define EID_BASE_HIGH_BITS  0xffffffff00000010UL /* BASE, were only the low 32 bits read */
#define FID_PROBE_HIGH_BITS 0x100000003UL	 /* probe, were only the low 32 bits read */
#define EID_LEGACY_CLEAR    0x03UL
#define EID_LEGACY_SEND_IPI 0x04UL
#define EID_LEGACY_RESERVED 0x09UL
#define FID_UNKNOWN	    99
#define FID_HFENCE_FIRST    3 /* RFENCE's hypervisor fences: 3..6 */
#define FID_HFENCE_LAST	    6
#define A1_MARKER	    0x5a5a5a5a5a5a5a5aUL

static void hostile_unknown_eid(struct hostile_result *r)
{
	hostile_expect_refusal(r, sbi_ecall(EID_UNKNOWN, 0, 0, 0, 0), SBI_ERR_NOT_SUPPORTED);
}

static void hostile_eid_high_bits(struct hostile_result *r)
{
	hostile_expect_refusal(r, sbi_ecall(EID_BASE_HIGH_BITS, SBI_BASE_GET_SPEC_VERSION, 0, 0, 0),
			       SBI_ERR_NOT_SUPPORTED);
}

static void hostile_base_unknown_fid(struct hostile_result *r)
{
	hostile_expect_refusal(r, sbi_ecall(SBI_EXT_BASE, FID_UNKNOWN, 0, 0, 0),
			       SBI_ERR_NOT_SUPPORTED);
}

static void hostile_fid_high_bits(struct hostile_result *r)
{
	hostile_expect_refusal(r, sbi_ecall(SBI_EXT_BASE, FID_PROBE_HIGH_BITS, SBI_EXT_BASE, 0, 0),
			       SBI_ERR_NOT_SUPPORTED);
}

static void hostile_expect_absent(struct hostile_result *r, unsigned long eid)
{
	struct sbiret got = sbi_ecall(SBI_EXT_BASE, SBI_BASE_PROBE_EXTENSION, eid, 0, 0);

	if (got.error == SBI_SUCCESS && got.value == 0)
		hostile_contained(r, "probe says absent");
	else
		hostile_escaped(r, "probe gave error %ld value %ld, want 0 0", got.error,
				got.value);
}

static void hostile_probe_unknown(struct hostile_result *r)
{
	hostile_expect_absent(r, EID_UNKNOWN);
}

static void hostile_probe_legacy_missing(struct hostile_result *r)
{
	hostile_expect_absent(r, EID_LEGACY_SEND_IPI);
}

static void hostile_probe_legacy_reserved(struct hostile_result *r)
{
	hostile_expect_absent(r, EID_LEGACY_RESERVED);
}

static void hostile_probe_all_ones(struct hostile_result *r)
{
	hostile_expect_absent(r, ~0UL);
}

static void hostile_time_unknown_fid(struct hostile_result *r)
{
	hostile_expect_refusal(r, sbi_ecall(SBI_EXT_TIME, 1, 0, 0, 0), SBI_ERR_NOT_SUPPORTED);
}

static void hostile_ipi_unknown_fid(struct hostile_result *r)
{
	hostile_expect_refusal(r, sbi_ecall(SBI_EXT_IPI, 1, 1, 0, 0), SBI_ERR_NOT_SUPPORTED);
}

static void hostile_rfence_hfences(struct hostile_result *r)
{
	const unsigned long args[6] = {~0UL, ~0UL, 0, ~0UL, 0, 0}; /* everyone, everything */

	for (unsigned long fid = FID_HFENCE_FIRST; fid <= FID_HFENCE_LAST; fid++) {
		struct sbiret got = sbi_ecall6(SBI_EXT_RFENCE, fid, args);

		if (got.error != SBI_ERR_NOT_SUPPORTED) {
			hostile_escaped(r, "function %lu gave error %ld", fid, got.error);
			return;
		}
	}
	hostile_contained(r, "functions 3-6 refused with SBI_ERR_NOT_SUPPORTED");
}

static void hostile_rfence_unknown_fid(struct hostile_result *r)
{
	hostile_expect_refusal(r, sbi_ecall(SBI_EXT_RFENCE, 7, 1, 0, 0), SBI_ERR_NOT_SUPPORTED);
}

static void hostile_hsm_unknown_fid(struct hostile_result *r)
{
	hostile_expect_refusal(r, sbi_ecall(SBI_EXT_HSM, 4, 1, 0, 0), SBI_ERR_NOT_SUPPORTED);
}

static void hostile_srst_unknown_fid(struct hostile_result *r)
{
	/* Arguments that would shut the guest down, were the function id ignored. */
	hostile_expect_refusal(r, sbi_ecall(SBI_EXT_SRST, 1, SBI_SRST_SHUTDOWN, 0, 0),
			       SBI_ERR_NOT_SUPPORTED);
}

static void hostile_dbcn_unknown_fid(struct hostile_result *r)
{
	hostile_expect_refusal(r, sbi_ecall(SBI_EXT_DBCN, 3, 1, 0, 0), SBI_ERR_NOT_SUPPORTED);
}

/* A legacy call Erg lacks: -2 in a0, a1 as it was. */
static void hostile_expect_legacy_refusal(struct hostile_result *r, unsigned long eid,
					  unsigned long a0)
{
	struct sbiret got = sbi_ecall(eid, 0, a0, A1_MARKER, 0);

	if (got.error == SBI_ERR_NOT_SUPPORTED && (unsigned long)got.value == A1_MARKER)
		hostile_contained(r, "a0 = SBI_ERR_NOT_SUPPORTED, a1 preserved");
	else
		hostile_escaped(r, "a0 %ld a1 0x%lx", got.error, (unsigned long)got.value);
}

static void hostile_legacy_clear_ipi(struct hostile_result *r)
{
	hostile_expect_legacy_refusal(r, EID_LEGACY_CLEAR, 0);
}

static void hostile_legacy_send_ipi_foreign(struct hostile_result *r)
{
	hostile_expect_legacy_refusal(r, EID_LEGACY_SEND_IPI, hostile_env.foreign);
}

static const struct hostile_attack hostile_sbi_base_attacks[] = {
    {"unknown extension 0x12345678", hostile_unknown_eid},
    {"BASE's id with bits 63-32 set (0xffffffff00000010)", hostile_eid_high_bits},
    {"BASE function 99", hostile_base_unknown_fid},
    {"BASE function 0x100000003 (probe, cut to 32 bits)", hostile_fid_high_bits},
    {"probe of unknown extension 0x12345678", hostile_probe_unknown},
    {"probe of legacy send_ipi 0x04, not offered", hostile_probe_legacy_missing},
    {"probe of reserved legacy id 0x09", hostile_probe_legacy_reserved},
    {"probe of extension id 2^64-1", hostile_probe_all_ones},
    {"TIME function 1", hostile_time_unknown_fid},
    {"IPI function 1", hostile_ipi_unknown_fid},
    {"RFENCE hypervisor fences to everyone", hostile_rfence_hfences},
    {"RFENCE function 7", hostile_rfence_unknown_fid},
    {"HSM function 4", hostile_hsm_unknown_fid},
    {"SRST function 1 with shutdown arguments", hostile_srst_unknown_fid},
    {"DBCN function 3", hostile_dbcn_unknown_fid},
    {"legacy clear_ipi 0x03, not offered", hostile_legacy_clear_ipi},
    {"legacy send_ipi 0x04 with a mask pointer outside RAM", hostile_legacy_send_ipi_foreign},
};

const struct hostile_group hostile_sbi_base_group = {
    hostile_sbi_base_attacks,
    sizeof(hostile_sbi_base_attacks) / sizeof(hostile_sbi_base_attacks[0]),
};
