/*
 * SBI HSM extension for a guest's own vCPUs: start a stopped vCPU at an
 * address in the guest's RAM, stop the calling vCPU, report status, and
 * suspend (retentive suspend returns at once, as after a spurious wake-up;
 * non-retentive resumes at the given address).
 */
#include "arch_hooks.h"
#include "sbi.h"
#include "sched_hart.h"

enum { SBI_HSM_START, SBI_HSM_STOP, SBI_HSM_STATUS, SBI_HSM_SUSPEND };
enum { SBI_HSM_STARTED, SBI_HSM_STOPPED, SBI_HSM_START_PENDING };

#define SBI_HSM_SUSPEND_RETENTIVE     0x00000000UL
#define SBI_HSM_SUSPEND_NON_RETENTIVE 0x80000000UL

static struct sbi_result sbi_hsm_start(struct vcpu *v, const struct sbi_call *call)
{
	struct vcpu *target;

	if (call->args[0] >= v->vm->vcpu_count)
		return (struct sbi_result){SBI_ERR_INVALID_PARAM, 0};
	if (!vm_gpa_to_hpa(v->vm, call->args[1], 4))
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

static struct sbi_result sbi_hsm_status(struct vcpu *v, unsigned long id)
{
	static const unsigned long status[] = {
	    [VCPU_STOPPED] = SBI_HSM_STOPPED,
	    [VCPU_START_PENDING] = SBI_HSM_START_PENDING,
	    [VCPU_RUNNING] = SBI_HSM_STARTED,
	};

	if (id >= v->vm->vcpu_count)
		return (struct sbi_result){SBI_ERR_INVALID_PARAM, 0};
	return (struct sbi_result){SBI_SUCCESS, status[v->vm->vcpus[id].state]};
}

static struct sbi_result sbi_hsm_suspend(struct vcpu *v, const struct sbi_call *call)
{
	unsigned long type = call->args[0];

	if (type == SBI_HSM_SUSPEND_RETENTIVE)
		return (struct sbi_result){SBI_SUCCESS, 0};
	if (type != SBI_HSM_SUSPEND_NON_RETENTIVE)
		return (struct sbi_result){SBI_ERR_INVALID_PARAM, 0};
	if (!vm_gpa_to_hpa(v->vm, call->args[1], 4))
		return (struct sbi_result){SBI_ERR_INVALID_ADDRESS, 0};
	vcpu_restart(v, call->args[1], call->args[2]);
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

const struct sbi_extension sbi_ext_hsm = {"hsm", false, sbi_hsm_handler};
