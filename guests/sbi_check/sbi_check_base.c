/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * BASE cases (versions, identity, probing, unknown functions), unknown
 * extensions, and the legacy v0.1 calls that can be made without ending the
 * run (shutdown is not one of them; set_timer is with the timer cases).
 */
#include "sbi_check.h"

#define CHECK_SPEC_VERSION  0x02000000L /* 2.0 */
#define CHECK_IMPL_ID	    0x4552
#define CHECK_UNKNOWN_EXT   0x12345678UL
#define CHECK_UNUSED_EXT    0x11UL /* between legacy (0x00-0x0f) and BASE */
#define CHECK_UNKNOWN_FID   99
#define CHECK_LEGACY_UNUSED 0x0fUL /* in the legacy range, no call */

static long check_base_call(unsigned long fid, unsigned long arg)
{
	return check_value(sbi_ecall(SBI_EXT_BASE, fid, arg, 0, 0));
}

static void check_probe(const char *name, unsigned long eid, long want)
{
	check_eq(name, check_base_call(SBI_BASE_PROBE_EXTENSION, eid), want);
}

void check_base(void)
{
	check_erg("base.spec_version", check_base_call(SBI_BASE_GET_SPEC_VERSION, 0),
		  CHECK_SPEC_VERSION);
	check_erg("base.impl_id", check_base_call(SBI_BASE_GET_IMPL_ID, 0), CHECK_IMPL_ID);
	check_erg("base.impl_version", check_base_call(SBI_BASE_GET_IMPL_VERSION, 0), 1);
	check_erg("base.mvendorid", check_base_call(SBI_BASE_GET_MVENDORID, 0), 0);
	check_erg("base.marchid", check_base_call(SBI_BASE_GET_MARCHID, 0), 0);
	check_erg("base.mimpid", check_base_call(SBI_BASE_GET_MIMPID, 0), 0);
	check_eq("base.unknown_fid", check_base_call(CHECK_UNKNOWN_FID, 0), SBI_ERR_NOT_SUPPORTED);

	check_probe("probe.base", SBI_EXT_BASE, 1);
	check_probe("probe.legacy_set_timer", SBI_EXT_LEGACY_SET_TIMER, 1);
	check_probe("probe.legacy_putchar", SBI_EXT_LEGACY_PUTCHAR, 1);
	check_probe("probe.legacy_getchar", SBI_EXT_LEGACY_GETCHAR, 1);
	check_probe("probe.legacy_shutdown", SBI_EXT_LEGACY_SHUTDOWN, 1);
	check_probe("probe.time", SBI_EXT_TIME, 1);
	check_probe("probe.ipi", SBI_EXT_IPI, 1);
	check_probe("probe.rfence", SBI_EXT_RFENCE, 1);
	check_probe("probe.hsm", SBI_EXT_HSM, 1);
	check_probe("probe.srst", SBI_EXT_SRST, 1);
	check_erg("probe.dbcn", check_base_call(SBI_BASE_PROBE_EXTENSION, SBI_EXT_DBCN), 1);
	check_erg("probe.susp", check_base_call(SBI_BASE_PROBE_EXTENSION, SBI_EXT_SUSP), 1);
	check_erg("probe.sta", check_base_call(SBI_BASE_PROBE_EXTENSION, SBI_EXT_STA), 1);
	check_erg("probe.fwft", check_base_call(SBI_BASE_PROBE_EXTENSION, SBI_EXT_FWFT), 1);
	check_probe("probe.unknown", CHECK_UNKNOWN_EXT, 0);

	check_eq("ext.unknown", sbi_ecall(CHECK_UNKNOWN_EXT, 0, 0, 0, 0).error,
		 SBI_ERR_NOT_SUPPORTED);
	check_eq("ext.unused_0x11", sbi_ecall(CHECK_UNUSED_EXT, 0, 0, 0, 0).error,
		 SBI_ERR_NOT_SUPPORTED);
}

void check_legacy(void)
{
	static const char line[] = "sbi_check: legacy putchar prints this line\n";
	long worst = 0;

	/* Legacy calls answer in a0 only: .error is the whole result. */
	for (const char *p = line; *p; p++) {
		long ret = sbi_ecall(SBI_EXT_LEGACY_PUTCHAR, 0, (unsigned char)*p, 0, 0).error;

		if (ret != 0)
			worst = ret;
	}
	check_eq("legacy.putchar", worst, 0);
	check_eq("legacy.getchar_no_input", sbi_ecall(SBI_EXT_LEGACY_GETCHAR, 0, 0, 0, 0).error,
		 -1);
	check_eq("legacy.unused_0x0f", sbi_ecall(CHECK_LEGACY_UNUSED, 0, 0, 0, 0).error,
		 SBI_ERR_NOT_SUPPORTED);
}
