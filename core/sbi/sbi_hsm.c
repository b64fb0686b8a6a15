/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * SBI HSM extension for a guest's own vCPUs: start a stopped vCPU at an
 * address in the guest's RAM, stop the calling vCPU, report status, and
 * suspend the caller (core/vcpu/vcpu_suspend.c) until an interrupt is pending for
 * it. Hart ids are full XLEN values, suspend types 32-bit ones: the upper
 * half of a0 is ignored for them, as the SBI specification says.
 */
#include "ports/arch_hooks.h"
#include "sbi/sbi.h"
#include "sched/sched_hart.h"

enum { SBI_HSM_START, SBI_HSM_STOP, SBI_HSM_STATUS, SBI_HSM_SUSPEND };
enum {
	SBI_HSM_STARTED,
	SBI_HSM_STOPPED,
	SBI_HSM_START_PENDING,
	SBI_HSM_STOP_PENDING,
	SBI_HSM_SUSPENDED,
	SBI_HSM_SUSPEND_PENDING,
	SBI_HSM_RESUME_PENDING,
};

/* Suspend types: the two defaults, then the reserved and platform-specific ranges. */
#define SBI_HSM_SUSPEND_RETENTIVE	   0x00000000U
#define SBI_HSM_SUSPEND_NON_RETENTIVE	   0x80000000U
#define SBI_HSM_SUSPEND_PLATFORM_RETENTIVE 0x10000000U /* up to 0x7fffffff */
#define SBI_HSM_SUSPEND_PLATFORM_NON_RET   0x90000000U /* up to 0xffffffff */

static struct sbi_result sbi_hsm_start(struct vcpu *v, const struct sbi_call *call)
{
	struct vcpu *target;

	if (call->args[0] >= v->vm->vcpu_count)
		return (struct sbi_result){SBI_ERR_INVALID_PARAM, 0};
	if (!vm_gpa_to_hpa(v->vm, call->args[1], SBI_ENTRY_BYTES))
		return (struct sbi_result){SBI_ERR_INVALID_ADDRESS, 0};
	target = &v->vm->vcpus[call->args[0]];
	/* One lock per guest orders concurrent starts of the same vCPU. */
	spin_lock(&v->vm->hsm_lock);
	if (__atomic_load_n(&target->state, __ATOMIC_ACQUIRE) != VCPU_STOPPED) {
		spin_unlock(&v->vm->hsm_lock);
		return (struct sbi_result){SBI_ERR_ALREADY_AVAILABLE, 0};
	}
	target->start_addr = call->args[1];
	target->start_opaque = call->args[2];
	__atomic_store_n(&target->state, VCPU_START_PENDING, __ATOMIC_RELEASE);
	spin_unlock(&v->vm->hsm_lock);
	sched_wake(target);
	return (struct sbi_result){SBI_SUCCESS, 0};
}

/* A suspended vCPU that is no longer blocked has been woken and is on its way back. */
static unsigned long sbi_hsm_state_of(const struct vcpu *t)
{
	switch (__atomic_load_n(&t->state, __ATOMIC_ACQUIRE)) {
	case VCPU_STOPPED:
		return SBI_HSM_STOPPED;
	case VCPU_START_PENDING:
		return SBI_HSM_START_PENDING;
	case VCPU_SUSPENDED:
		return __atomic_load_n(&t->blocked, __ATOMIC_ACQUIRE) ? SBI_HSM_SUSPENDED
								      : SBI_HSM_RESUME_PENDING;
	default:
		return SBI_HSM_STARTED;
	}
}

static struct sbi_result sbi_hsm_status(struct vcpu *v, unsigned long id)
{
	if (id >= v->vm->vcpu_count)
		return (struct sbi_result){SBI_ERR_INVALID_PARAM, 0};
	return (struct sbi_result){SBI_SUCCESS, sbi_hsm_state_of(&v->vm->vcpus[id])};
}

/*
 * The error for a suspend type other than the two defaults: reserved types
 * are invalid, platform-specific ones are not offered by Erg.
 */
static long sbi_hsm_suspend_type_error(uint32_t type)
{
	if (type < SBI_HSM_SUSPEND_PLATFORM_RETENTIVE ||
	    (type > SBI_HSM_SUSPEND_NON_RETENTIVE && type < SBI_HSM_SUSPEND_PLATFORM_NON_RET))
		return SBI_ERR_INVALID_PARAM;
	return SBI_ERR_NOT_SUPPORTED;
}

static struct sbi_result sbi_hsm_suspend(struct vcpu *v, const struct sbi_call *call)
{
	uint32_t type = (uint32_t)call->args[0];
	unsigned long addr = call->args[1];

	if (type != SBI_HSM_SUSPEND_RETENTIVE && type != SBI_HSM_SUSPEND_NON_RETENTIVE)
		return (struct sbi_result){sbi_hsm_suspend_type_error(type), 0};
	/* resume_addr matters only to a non-retentive suspend. */
	if (type == SBI_HSM_SUSPEND_NON_RETENTIVE && !vm_gpa_in_ram(v->vm, addr, SBI_ENTRY_BYTES))
		return (struct sbi_result){SBI_ERR_INVALID_ADDRESS, 0};
	vcpu_suspend(v, type == SBI_HSM_SUSPEND_RETENTIVE, addr, call->args[2]);
	return (struct sbi_result){SBI_SUCCESS, 0};
}

static struct sbi_result sbi_hsm_handler(struct vcpu *v, const struct sbi_call *call)
{
	switch (call->fid) {
	case SBI_HSM_START:
		return sbi_hsm_start(v, call);
	case SBI_HSM_STOP:
		__atomic_store_n(&v->state, VCPU_STOPPED, __ATOMIC_RELEASE);
		return (struct sbi_result){SBI_SUCCESS, 0};
	case SBI_HSM_STATUS:
		return sbi_hsm_status(v, call->args[0]);
	case SBI_HSM_SUSPEND:
		return sbi_hsm_suspend(v, call);
	default:
		return (struct sbi_result){SBI_ERR_NOT_SUPPORTED, 0};
	}
}

/* Slow path only: a stop or a non-retentive suspend may restart the caller, every register
 * rewritten. */
const struct sbi_extension sbi_ext_hsm = {
    .name = "hsm",
    .eid_first = SBI_EXT_HSM,
    .eid_last = SBI_EXT_HSM,
    .handler = sbi_hsm_handler,
};
