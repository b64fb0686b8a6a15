/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The one exit dispatcher: each exit kind has one entry, its handler and
 * whether it may run in the fast lane. Both lanes go through
 * vcpu_exit_dispatch; a fast-lane handler may still decline a case that
 * needs the slow path (a first touch of RAM, an HSM call). Exits Erg cannot
 * serve are the guest's crash (vm_crash: its on-crash policy decides).
 */
#include <stddef.h>
#include <stdio.h>

#include "console/console.h"
#include "dev/irq_external.h"
#include "ports/arch_hooks.h"
#include "sbi/sbi.h"
#include "sched/sched_hart.h"
#include "sched/tick.h"
#include "vcpu/vcpu_fast.h"
#include "vcpu/vcpu_mmio.h"
#include "vcpu/vcpu_timer.h"

const char *const vcpu_exit_names[VCPU_EXIT_KINDS] = {
    [VCPU_EXIT_SBI_CALL] = "sbi",	[VCPU_EXIT_GUEST_FAULT] = "fault",
    [VCPU_EXIT_VIRTUAL_INSN] = "vinsn", [VCPU_EXIT_WFI] = "wfi",
    [VCPU_EXIT_IRQ_TIMER] = "timer",	[VCPU_EXIT_IRQ_SOFT] = "ipi",
    [VCPU_EXIT_IRQ_EXT] = "external",	[VCPU_EXIT_OTHER] = "other",
};

static const char *const vcpu_access_names[] = {"load", "store", "fetch"};

/* A handler: true when served; false only in the fast lane, for the slow path to serve. */
typedef bool (*vcpu_exit_handler)(struct vcpu *v, const struct vcpu_exit *exit,
				  enum vcpu_lane lane);

struct vcpu_exit_entry {
	vcpu_exit_handler slow;
	vcpu_exit_handler fast; /* the same, when it may run in the fast lane; else NULL */
};

/*
 * A load or store in a device window is emulated. A first touch of RAM makes
 * its chunk ready and the access is retried. An address the guest's own
 * page tables led to is the guest's business: it takes an access fault.
 * Anything else outside the guest's RAM is a crash, fetches from a device window included: no
 * device holds code, and retrying such a fetch would trap again for ever (a trap vector pointing
 * there would otherwise loop unseen). Only device accesses whose register the fast lane saved are
 * served there: the rest are rare.
 */
/* Kept out of line: its message buffer would otherwise weigh on every device access. */
static __attribute__((noinline, cold)) void vcpu_exit_fault_crash(struct vcpu *v,
								  const struct vcpu_exit *exit)
{
	char why[CONSOLE_LINE_MAX];

	snprintf(why, sizeof(why),
		 "vCPU %u: %s guest-page fault at guest-physical 0x%llx outside its memory "
		 "(pc 0x%llx)",
		 v->id, vcpu_access_names[exit->access], (unsigned long long)exit->gpa,
		 (unsigned long long)exit->pc);
	vm_crash(v->vm, why);
}

static bool vcpu_exit_fault(struct vcpu *v, const struct vcpu_exit *exit, enum vcpu_lane lane)
{
	const struct mmio_region *device = NULL;

	if (exit->access != VCPU_ACCESS_FETCH && !exit->guest_table)
		device = mmio_map_find(&v->vm->mmio, exit->gpa, 1);
	if (lane == VCPU_LANE_FAST && (!device || exit->mem.reg_unsaved))
		return false;
	if (device) {
		vcpu_mmio_emulate(v, exit, device);
		return true;
	}
	switch (vm_ram_fault(v->vm, exit->gpa)) {
	case 1:
		return true;
	case -1:
		vm_crash(v->vm, "no memory left to map its RAM into its G-stage table");
		return true;
	}
	if (exit->guest_mapped)
		vcpu_arch_reflect_access_fault(&v->arch, exit);
	else
		vcpu_exit_fault_crash(v, exit);
	return true;
}

static bool vcpu_exit_unhandled(struct vcpu *v, const struct vcpu_exit *exit, enum vcpu_lane lane)
{
	char why[CONSOLE_LINE_MAX];

	(void)lane;
	snprintf(why, sizeof(why), "vCPU %u: unhandled %s exit, cause %llu at pc 0x%llx", v->id,
		 vcpu_exit_names[exit->kind], (unsigned long long)exit->cause,
		 (unsigned long long)exit->pc);
	vm_crash(v->vm, why);
	return true;
}

/*
 * Instructions the guest may not run (hypervisor CSRs, ...) fault in the
 * guest, as on hardware; those the arch virtualizes (its own counters) are
 * answered instead.
 */
static bool vcpu_exit_virtual_insn(struct vcpu *v, const struct vcpu_exit *exit,
				   enum vcpu_lane lane)
{
	(void)lane;
	if (!vcpu_arch_emulate_insn(&v->arch, (uint32_t)exit->value))
		vcpu_arch_reflect_illegal(&v->arch, exit->value);
	return true;
}

/*
 * WFI: unless an interrupt it enabled is already pending, the vCPU blocks
 * and gives up the hart until its timer, a request from another vCPU or a
 * device wakes it (sched_wake).
 */
static bool vcpu_exit_wfi(struct vcpu *v, const struct vcpu_exit *exit, enum vcpu_lane lane)
{
	(void)exit;
	(void)lane;
	vcpu_arch_skip_insn(&v->arch, 4);
	if (!vcpu_arch_irq_pending(&v->arch))
		sched_block(v);
	return true;
}

/* The guest's own deadline first: once raised, the hart's timer need not serve it again. */
static bool vcpu_exit_timer(struct vcpu *v, const struct vcpu_exit *exit, enum vcpu_lane lane)
{
	(void)exit;
	(void)lane;
	vcpu_timer_check(v);
	tick_handle();
	return true;
}

/* A kick: look again (requests, a new slice end for the timer). */
static bool vcpu_exit_soft(struct vcpu *v, const struct vcpu_exit *exit, enum vcpu_lane lane)
{
	(void)v;
	(void)exit;
	(void)lane;
	arch_ipi_clear();
	tick_rearm();
	return true;
}

static bool vcpu_exit_external(struct vcpu *v, const struct vcpu_exit *exit, enum vcpu_lane lane)
{
	(void)v;
	(void)exit;
	(void)lane;
	irq_external_dispatch();
	return true;
}

/* Virtual instructions go slow: emulating one may read or write any register. */
static const struct vcpu_exit_entry vcpu_exit_table[VCPU_EXIT_KINDS] = {
    [VCPU_EXIT_SBI_CALL] = {sbi_handle, sbi_handle},
    [VCPU_EXIT_GUEST_FAULT] = {vcpu_exit_fault, vcpu_exit_fault},
    [VCPU_EXIT_VIRTUAL_INSN] = {vcpu_exit_virtual_insn, NULL},
    [VCPU_EXIT_WFI] = {vcpu_exit_wfi, vcpu_exit_wfi},
    [VCPU_EXIT_IRQ_TIMER] = {vcpu_exit_timer, vcpu_exit_timer},
    [VCPU_EXIT_IRQ_SOFT] = {vcpu_exit_soft, vcpu_exit_soft},
    [VCPU_EXIT_IRQ_EXT] = {vcpu_exit_external, vcpu_exit_external},
    [VCPU_EXIT_OTHER] = {vcpu_exit_unhandled, NULL},
};

/*
 * Counted before the handler runs, in either lane: a handler may stop or
 * crash the guest, and the summary it prints must count the exit that did.
 * A fast-lane handler that declines takes its count back; the slow path
 * counts the exit when it serves it.
 */
static inline bool vcpu_exit_serve(struct vcpu *v, const struct vcpu_exit *exit,
				   enum vcpu_lane lane)
{
	const struct vcpu_exit_entry *entry = &vcpu_exit_table[exit->kind];
	vcpu_exit_handler handler = lane == VCPU_LANE_FAST ? entry->fast : entry->slow;

	if (!handler)
		return false;
	v->exits[exit->kind]++;
	if (handler(v, exit, lane))
		return true;
	v->exits[exit->kind]--;
	return false;
}

bool vcpu_exit_dispatch(struct vcpu *v, const struct vcpu_exit *exit, enum vcpu_lane lane)
{
	return vcpu_exit_serve(v, exit, lane);
}

_Static_assert(offsetof(struct vcpu, arch) == 0,
	       "the fast lane and the device lane find the vCPU from its arch state");

/* The same dispatch for a constant exit: the table's entry is known at build time. */
enum vcpu_fast vcpu_fast_sbi(struct vcpu_arch *a)
{
	static const struct vcpu_exit sbi_call = {.kind = VCPU_EXIT_SBI_CALL};

	return vcpu_fast_exit(a, &sbi_call);
}

enum vcpu_fast vcpu_fast_exit(struct vcpu_arch *a, const struct vcpu_exit *exit)
{
	struct vcpu *v = (struct vcpu *)a; /* arch is its first member */

	/* The same dispatch, inline: this is every fast exit's path. */
	if (!vcpu_exit_serve(v, exit, VCPU_LANE_FAST))
		return VCPU_FAST_DECLINE;
	return vcpu_fast_next(v);
}
