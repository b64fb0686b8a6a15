/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * SBI BASE extension: versions, implementation id and probing. The machine
 * ids (mvendorid, marchid, mimpid) read as 0, "not implemented" per the spec.
 */
#include "sbi/sbi.h"

enum {
	SBI_BASE_SPEC_VERSION,
	SBI_BASE_IMPL_ID,
	SBI_BASE_IMPL_VERSION,
	SBI_BASE_PROBE_EXT,
	SBI_BASE_MVENDORID,
	SBI_BASE_MARCHID,
	SBI_BASE_MIMPID,
};

/* The SBI spec's probe: 1 for an extension Erg offers, 0 for any other. */
static unsigned long sbi_base_probe(unsigned long eid)
{
	const struct sbi_extension *ext = sbi_find(eid);

	if (ext == &sbi_ext_legacy)
		return sbi_legacy_offers(eid) ? 1 : 0;
	return ext ? 1 : 0;
}

static struct sbi_result sbi_base_handler(struct vcpu *v, const struct sbi_call *call)
{
	(void)v;
	switch (call->fid) {
	case SBI_BASE_SPEC_VERSION:
		return (struct sbi_result){SBI_SUCCESS, SBI_SPEC_VERSION};
	case SBI_BASE_IMPL_ID:
		return (struct sbi_result){SBI_SUCCESS, SBI_IMPL_ID_ERG};
	case SBI_BASE_IMPL_VERSION:
		return (struct sbi_result){SBI_SUCCESS, 1};
	case SBI_BASE_PROBE_EXT:
		return (struct sbi_result){SBI_SUCCESS, sbi_base_probe(call->args[0])};
	case SBI_BASE_MVENDORID:
	case SBI_BASE_MARCHID:
	case SBI_BASE_MIMPID:
		return (struct sbi_result){SBI_SUCCESS, 0};
	default:
		return (struct sbi_result){SBI_ERR_NOT_SUPPORTED, 0};
	}
}

const struct sbi_extension sbi_ext_base = {
    .name = "base",
    .eid_first = SBI_EXT_BASE,
    .eid_last = SBI_EXT_BASE,
    .fast = true,
    .handler = sbi_base_handler,
};
