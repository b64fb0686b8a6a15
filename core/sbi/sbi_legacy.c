/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The legacy SBI v0.1 calls old kernels still make: set_timer, console
 * putchar/getchar and shutdown. Each returns one value in a0.
 */
#include "sbi/sbi.h"
#include "vcpu/vcpu_timer.h"
#include "vm/vm_console.h"

enum {
	SBI_LEGACY_SET_TIMER = 0x00,
	SBI_LEGACY_PUTCHAR = 0x01,
	SBI_LEGACY_GETCHAR = 0x02,
	SBI_LEGACY_SHUTDOWN = 0x08,
};

static struct sbi_result sbi_legacy_handler(struct vcpu *v, const struct sbi_call *call)
{
	switch (call->eid) {
	case SBI_LEGACY_SET_TIMER:
		vcpu_timer_set(v, call->args[0]);
		return (struct sbi_result){SBI_SUCCESS, 0};
	case SBI_LEGACY_PUTCHAR:
		vm_console_putc(v->vm, (char)call->args[0]);
		return (struct sbi_result){SBI_SUCCESS, 0};
	case SBI_LEGACY_GETCHAR:
		return (struct sbi_result){vm_console_getc(v->vm), 0};
	case SBI_LEGACY_SHUTDOWN:
		vm_stop(v->vm, "shut down (legacy SBI)");
		return (struct sbi_result){SBI_SUCCESS, 0};
	default:
		return (struct sbi_result){SBI_ERR_NOT_SUPPORTED, 0};
	}
}

/*
 * Each legacy call is an extension of its own (EIDs 0x00-0x0f, SBI spec):
 * probing one Erg lacks (clear_ipi, send_ipi, the remote fences, the
 * reserved ids) must answer 0, as calling it answers NOT_SUPPORTED.
 */
bool sbi_legacy_offers(unsigned long eid)
{
	return eid == SBI_LEGACY_SET_TIMER || eid == SBI_LEGACY_PUTCHAR ||
	       eid == SBI_LEGACY_GETCHAR || eid == SBI_LEGACY_SHUTDOWN;
}

const struct sbi_extension sbi_ext_legacy = {
    .name = "legacy",
    .eid_first = 0,
    .eid_last = SBI_EXT_LEGACY_LAST,
    .legacy = true,
    .fast = true,
    .handler = sbi_legacy_handler,
};
