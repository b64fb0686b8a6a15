/*
 * Running a vCPU: enter the guest, and act on each exit by its kind through
 * one table, until the vCPU or its guest stops. Exits Erg cannot serve are
 * the guest's crash (vm_crash: its on-crash policy decides).
 */
#include <stddef.h>
#include <stdio.h>

#include "console/console.h"
#include "dev/irq_external.h"
#include "ports/arch_hooks.h"
#include "sbi/sbi.h"
#include "sched/sched_hart.h"
#include "sched/tick.h"
#include "vcpu/vcpu_mmio.h"
#include "vcpu/vcpu_timer.h"
#include "vm/guests.h"

const char *const vcpu_exit_names[VCPU_EXIT_KINDS] = {
    [VCPU_EXIT_SBI_CALL] = "sbi",	[VCPU_EXIT_GUEST_FAULT] = "fault",
    [VCPU_EXIT_VIRTUAL_INSN] = "vinsn", [VCPU_EXIT_WFI] = "wfi",
    [VCPU_EXIT_IRQ_TIMER] = "timer",	[VCPU_EXIT_IRQ_SOFT] = "ipi",
    [VCPU_EXIT_IRQ_EXT] = "external",	[VCPU_EXIT_OTHER] = "other",
};

static const char *const vcpu_access_names[] = {"load", "store", "fetch"};

static bool vcpu_should_run(const struct vcpu *v)
{
	return vcpu_state_started(__atomic_load_n(&v->state, __ATOMIC_ACQUIRE)) &&
	       __atomic_load_n(&v->vm->state, __ATOMIC_ACQUIRE) == VM_RUNNING;
}

typedef void (*vcpu_exit_handler)(struct vcpu *v, const struct vcpu_exit *exit);

static void vcpu_exit_sbi(struct vcpu *v, const struct vcpu_exit *exit)
{
	(void)exit;
	sbi_handle(v);
}

/*
 * A load or store in a device window is emulated. A first touch of RAM makes
 * its chunk ready and the access is retried. Anything else outside the
 * guest's RAM is a crash, fetches from a device window included: no device
 * holds code, and retrying such a fetch would trap again for ever (a trap
 * vector pointing there would otherwise loop unseen).
 */
static const struct mmio_region *vcpu_fault_device(const struct vcpu *v,
						   const struct vcpu_exit *exit)
{
	return exit->access == VCPU_ACCESS_FETCH ? NULL : mmio_map_find(&v->vm->mmio, exit->gpa, 1);
}

static void vcpu_exit_fault(struct vcpu *v, const struct vcpu_exit *exit)
{
	const struct mmio_region *device = vcpu_fault_device(v, exit);
	char why[CONSOLE_LINE_MAX];

	if (device) {
		vcpu_mmio_emulate(v, exit, device);
		return;
	}
	switch (vm_ram_fault(v->vm, exit->gpa)) {
	case 1:
		return;
	case -1:
		vm_crash(v->vm, "no memory left to map its RAM into its G-stage table");
		return;
	}
	snprintf(why, sizeof(why),
		 "vCPU %u: %s guest-page fault at guest-physical 0x%llx outside its memory "
		 "(pc 0x%llx)",
		 v->id, vcpu_access_names[exit->access], (unsigned long long)exit->gpa,
		 (unsigned long long)exit->pc);
	vm_crash(v->vm, why);
}

static void vcpu_exit_unhandled(struct vcpu *v, const struct vcpu_exit *exit)
{
	char why[CONSOLE_LINE_MAX];

	snprintf(why, sizeof(why), "vCPU %u: unhandled %s exit, cause %llu at pc 0x%llx", v->id,
		 vcpu_exit_names[exit->kind], (unsigned long long)exit->cause,
		 (unsigned long long)exit->pc);
	vm_crash(v->vm, why);
}

/*
 * Instructions the guest may not run (hypervisor CSRs, ...) fault in the
 * guest, as on hardware; those the arch virtualizes (its own counters) are
 * answered instead.
 */
static void vcpu_exit_virtual_insn(struct vcpu *v, const struct vcpu_exit *exit)
{
	if (!vcpu_arch_emulate_insn(&v->arch, (uint32_t)exit->value))
		vcpu_arch_reflect_illegal(&v->arch, exit->value);
}

/*
 * WFI: unless an interrupt it enabled is already pending, the vCPU blocks
 * and gives up the hart until its timer, a request from another vCPU or a
 * device wakes it (sched_wake).
 */
static void vcpu_exit_wfi(struct vcpu *v, const struct vcpu_exit *exit)
{
	(void)exit;
	vcpu_arch_skip_insn(&v->arch, 4);
	if (!vcpu_arch_irq_pending(&v->arch))
		sched_block(v);
}

/* The guest's own deadline first: once raised, the hart's timer need not serve it again. */
static void vcpu_exit_timer(struct vcpu *v, const struct vcpu_exit *exit)
{
	(void)exit;
	vcpu_timer_check(v);
	tick_handle();
}

/* A kick: look again (requests, a new slice end for the timer). */
static void vcpu_exit_soft(struct vcpu *v, const struct vcpu_exit *exit)
{
	(void)v;
	(void)exit;
	arch_ipi_clear();
	tick_rearm();
}

static void vcpu_exit_external(struct vcpu *v, const struct vcpu_exit *exit)
{
	(void)v;
	(void)exit;
	irq_external_dispatch();
}

static const vcpu_exit_handler vcpu_exit_handlers[VCPU_EXIT_KINDS] = {
    [VCPU_EXIT_SBI_CALL] = vcpu_exit_sbi,
    [VCPU_EXIT_GUEST_FAULT] = vcpu_exit_fault,
    [VCPU_EXIT_VIRTUAL_INSN] = vcpu_exit_virtual_insn,
    [VCPU_EXIT_WFI] = vcpu_exit_wfi,
    [VCPU_EXIT_IRQ_TIMER] = vcpu_exit_timer,
    [VCPU_EXIT_IRQ_SOFT] = vcpu_exit_soft,
    [VCPU_EXIT_IRQ_EXT] = vcpu_exit_external,
    [VCPU_EXIT_OTHER] = vcpu_exit_unhandled,
};

/*
 * The fast lane (arch/riscv/vcpu_entry.S): serve an exit in the exit path,
 * with only the registers a call may clobber saved. Exits whose handling
 * could read or rewrite other registers are declined before anything is
 * done; so are first touches of RAM and crashes, which are rare.
 */
static bool vcpu_fast_serve(struct vcpu *v, const struct vcpu_exit *exit)
{
	const struct mmio_region *device;

	switch (exit->kind) {
	case VCPU_EXIT_SBI_CALL:
		return sbi_handle_fast(v);
	case VCPU_EXIT_GUEST_FAULT:
		device = vcpu_fault_device(v, exit);
		if (!device || !vcpu_mmio_fast_eligible(v))
			return false;
		vcpu_mmio_emulate(v, exit, device);
		return true;
	case VCPU_EXIT_WFI:
	case VCPU_EXIT_IRQ_TIMER:
	case VCPU_EXIT_IRQ_SOFT:
	case VCPU_EXIT_IRQ_EXT:
		vcpu_exit_handlers[exit->kind](v, exit);
		return true;
	default:
		return false;
	}
}

_Static_assert(offsetof(struct vcpu, arch) == 0,
	       "the fast lane finds the vCPU from its arch state");

enum vcpu_fast vcpu_fast_exit(struct vcpu_arch *a, const struct vcpu_exit *exit)
{
	struct vcpu *v = (struct vcpu *)a; /* arch is its first member */

	if (!vcpu_fast_serve(v, exit))
		return VCPU_FAST_DECLINE;
	v->exits[exit->kind]++;
	if (!vcpu_should_run(v) || v->blocked || sched_should_yield(v))
		return VCPU_FAST_LEAVE;
	vcpu_process_requests(v);
	return VCPU_FAST_RESUME;
}

static void vcpu_reset_at(struct vcpu *v, uint64_t addr, uint64_t opaque, bool keep_irqs)
{
	struct vcpu_arch_boot boot = {
	    .entry = addr,
	    .a0 = v->id,
	    .a1 = opaque,
	    .space = vm_arch_space(&v->vm->arch),
	    .sstc = guests_sstc(),
	    .keep_irqs = keep_irqs,
	};

	vcpu_arch_reset(&v->arch, &boot);
	if (!keep_irqs)
		v->timer_deadline = UINT64_MAX;
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
	tick_rearm(); /* for this slice, and for the timer the load may just have raised */
	while (vcpu_should_run(v) && !v->blocked) {
		vcpu_process_requests(v);
		if (vcpu_suspend_ready(v) && vcpu_arch_run(&v->arch, &exit)) {
			v->exits[exit.kind]++;
			vcpu_exit_handlers[exit.kind](v, &exit);
		}
		if (v->blocked || sched_should_yield(v))
			break;
	}
	vcpu_arch_save(&v->arch);
	__atomic_store_n(&v->on_hart, false, __ATOMIC_RELEASE);
}
