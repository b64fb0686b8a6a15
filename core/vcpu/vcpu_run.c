/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Running a vCPU: load it, enter the guest and hand each exit the fast lane
 * left to the dispatcher (vcpu_exit.c), until the vCPU or its guest stops,
 * blocks or must give up the hart; then save it.
 */
#include "sbi/sbi.h"
#include "sched/sched_hart.h"
#include "sched/tick.h"
#include "vcpu/vcpu_timer.h"
#include "vm/guests.h"

/*
 * A vCPU alone on its hart waits in the hart itself, so its timer and
 * interrupts reach it with no exit; but while its hart takes Erg's tick (for
 * good on the console's hart, for the first TICK_REPORT ticks elsewhere),
 * each tick would then be an exit, where a trapped WFI lets Erg take them
 * idle. Asked at each slice: the first one after the report lets it wait.
 */
static bool vcpu_wfi_in_place(const struct vcpu *v)
{
	return sched_hart_alone(v) && !tick_needed_here();
}

static void vcpu_reset_at(struct vcpu *v, uint64_t addr, uint64_t opaque, bool keep_irqs)
{
	struct vcpu_arch_boot boot = {
	    .entry = addr,
	    .a0 = v->id,
	    .a1 = opaque,
	    .space = vm_arch_space(&v->vm->arch),
	    .offer = guests_offer,
	    .keep_irqs = keep_irqs,
	};

	vcpu_arch_reset(&v->arch, &boot);
	if (!keep_irqs) {
		v->timer_deadline = UINT64_MAX;
		/* A fresh start: the guest asks again for a record and a lock if it wants them. */
		v->steal_record = 0;
		v->fwft_locked = false;
	}
	v->restarted = true;
	vcpu_arch_load(&v->arch);
}

void vcpu_restart(struct vcpu *v, uint64_t addr, uint64_t opaque)
{
	vcpu_reset_at(v, addr, opaque, false);
}

void vcpu_resume_at(struct vcpu *v, uint64_t addr, uint64_t opaque)
{
	vcpu_reset_at(v, addr, opaque, true);
}

/* A vCPU that is due to start begins afresh; one that ran before picks up its state. */
static void vcpu_slice_load(struct vcpu *v)
{
	if (__atomic_load_n(&v->state, __ATOMIC_ACQUIRE) != VCPU_START_PENDING) {
		vcpu_arch_load(&v->arch);
		vcpu_timer_check(v);
		sbi_sta_report(v);
		return;
	}
	/* Its code may have just been loaded, and its RAM taken out and mapped again, elsewhere. */
	vcpu_arch_fence_i();
	vcpu_arch_gstage_flush();
	/* Interrupts and fences asked of a stopped vCPU do not outlive its stop. */
	__atomic_store_n(&v->requests, 0, __ATOMIC_RELEASE);
	vcpu_restart(v, v->start_addr, v->start_opaque);
	__atomic_store_n(&v->state, VCPU_RUNNING, __ATOMIC_RELEASE);
}

void vcpu_run_slice(struct vcpu *v)
{
	struct vcpu_exit exit;

	/* Before its requests are read: an asker that saw it off its hart did not kick. */
	__atomic_store_n(&v->on_hart, true, __ATOMIC_SEQ_CST);
	__atomic_thread_fence(__ATOMIC_SEQ_CST);
	vcpu_slice_load(v);
	vcpu_arch_trap_wfi(&v->arch, !vcpu_wfi_in_place(v));
	tick_rearm(); /* for this slice, and for the timer the load may just have raised */
	while (vcpu_should_run(v) && !v->blocked) {
		vcpu_process_requests(v);
		if (vcpu_suspend_ready(v) && vcpu_arch_run(&v->arch, &exit))
			vcpu_exit_dispatch(v, &exit, VCPU_LANE_SLOW);
		if (v->blocked || sched_should_yield(v))
			break;
	}
	vcpu_arch_save(&v->arch);
	__atomic_store_n(&v->on_hart, false, __ATOMIC_RELEASE);
}
