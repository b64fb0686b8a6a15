/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * SBI STA, steal-time accounting: a vCPU names 64 bytes of its guest's RAM,
 * and each time it is put on a hart Erg writes there how long it was
 * runnable but kept off one (sched_account_dispatch), in nanoseconds since
 * it asked. The sequence number is odd while the record is being written,
 * as the specification asks, so that a reader on another vCPU retries.
 * A vCPU started afresh (HSM start, a guest reboot) reports nothing until it
 * asks again.
 */
#include "sbi/sbi.h"

#include <string.h>

#define SBI_STA_SET_SHMEM   0
#define SBI_STA_RECORD_SIZE 64
#define SBI_STA_NS_PER_S    1000000000ULL

/* The record's layout (SBI specification, STA shared memory). */
struct sbi_sta_record {
	uint32_t sequence;
	uint32_t flags;
	uint64_t steal;
	uint8_t preempted;
	uint8_t pad[47];
};

_Static_assert(sizeof(struct sbi_sta_record) == SBI_STA_RECORD_SIZE, "64 bytes");

/* ticks of a timebase_hz clock in nanoseconds, without overflow for any 64-bit count. */
static uint64_t sbi_sta_ns(uint64_t ticks, uint64_t timebase_hz)
{
	return ticks / timebase_hz * SBI_STA_NS_PER_S +
	       ticks % timebase_hz * SBI_STA_NS_PER_S / timebase_hz;
}

static struct sbi_result sbi_sta_set_shmem(struct vcpu *v, const struct sbi_call *call)
{
	unsigned long lo = call->args[0], hi = call->args[1];
	paddr_t record;

	if (call->args[2])
		return (struct sbi_result){SBI_ERR_INVALID_PARAM, 0};
	if (lo == ~0UL && hi == ~0UL) {
		v->steal_record = 0;
		return (struct sbi_result){SBI_SUCCESS, 0};
	}
	if (lo % SBI_STA_RECORD_SIZE)
		return (struct sbi_result){SBI_ERR_INVALID_PARAM, 0};
	record = hi ? 0 : vm_gpa_to_hpa(v->vm, lo, SBI_STA_RECORD_SIZE);
	if (!record)
		return (struct sbi_result){SBI_ERR_INVALID_ADDRESS, 0};
	memset((void *)(uintptr_t)record, 0, SBI_STA_RECORD_SIZE);
	v->steal_base = v->sched.steal;
	v->steal_record = lo;
	return (struct sbi_result){SBI_SUCCESS, 0};
}

static struct sbi_result sbi_sta_handler(struct vcpu *v, const struct sbi_call *call)
{
	if (call->fid != SBI_STA_SET_SHMEM)
		return (struct sbi_result){SBI_ERR_NOT_SUPPORTED, 0};
	return sbi_sta_set_shmem(v, call);
}

const struct sbi_extension sbi_ext_sta = {
    .name = "sta",
    .eid_first = SBI_EXT_STA,
    .eid_last = SBI_EXT_STA,
    .handler = sbi_sta_handler,
};

void sbi_sta_report(struct vcpu *v)
{
	volatile struct sbi_sta_record *r;
	uint32_t sequence;

	if (!v->steal_record)
		return;
	/* Looked up each time: a reboot of the guest may have taken its RAM's chunks back. */
	r = (volatile struct sbi_sta_record *)(uintptr_t)vm_gpa_to_hpa(v->vm, v->steal_record,
								       SBI_STA_RECORD_SIZE);
	if (!r)
		return;
	/* Odd, then even, whatever the guest may have written there. */
	sequence = r->sequence | 1;
	r->sequence = sequence;
	__atomic_thread_fence(__ATOMIC_RELEASE);
	r->flags = 0;
	r->steal = sbi_sta_ns(v->sched.steal - v->steal_base, v->vm->platform->timebase_hz);
	r->preempted = 0;
	__atomic_thread_fence(__ATOMIC_RELEASE);
	r->sequence = sequence + 1;
}
