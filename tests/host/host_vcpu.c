/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Host stand-ins for the vCPU hooks (core/ports/virt_backend.h) and the kick
 * hooks: they record what core/ asked for, so SBI dispatch and guest set-up
 * run on the build machine. Guest registers live in the real struct; a run
 * takes the exits a test queued (host_arch.h).
 */
#include "host_arch.h"
#include "host_fail.h"
#include "ports/arch_hooks.h"
#include "ports/virt_backend.h"

uint64_t host_kicked_harts;
unsigned host_ipi_clears;

void arch_hart_kick(uint64_t hartid)
{
	host_kicked_harts |= 1ULL << hartid;
}

void arch_ipi_clear(void)
{
	host_ipi_clears++;
}

/* The host stands in for the H back end, which serves no trap itself. */
unsigned vcpu_arch_trap_kinds(void)
{
	return 0;
}

const char *vcpu_arch_trap_name(unsigned kind)
{
	(void)kind;
	return "";
}

uint64_t vcpu_arch_traps(const struct vcpu_arch *a, unsigned kind)
{
	(void)a;
	(void)kind;
	return 0;
}

/* The host stands in for the H back end, which may give guests Sstc. */
const char *vcpu_arch_select(void)
{
	return "host stand-in";
}

struct isa_offer vcpu_arch_guest_offer(void)
{
	return (struct isa_offer){.sstc = true};
}

/* No state beside the vCPU: the stand-in offers no V. */
int vcpu_arch_create(struct vcpu_arch *a, const struct isa_offer *offer)
{
	(void)a;
	(void)offer;
	return 0;
}

void vcpu_arch_hart_init(void)
{
}

/* A resume keeps the pending interrupts and the timer compare, as on the hart. */
void vcpu_arch_reset(struct vcpu_arch *a, const struct vcpu_arch_boot *boot)
{
	unsigned long hvip = boot->keep_irqs ? a->csrs.hvip : 0;
	uint64_t vstimecmp = boot->keep_irqs ? a->csrs.vstimecmp : UINT64_MAX;

	*a = (struct vcpu_arch){0};
	a->regs.sepc = boot->entry;
	a->regs.gpr[10] = boot->a0;
	a->regs.gpr[11] = boot->a1;
	a->csrs.hvip = hvip;
	a->csrs.vstimecmp = vstimecmp;
}

/* As the H back end keeps it: hstatus.VTW, bit 21, for the next entry. */
void vcpu_arch_trap_wfi(struct vcpu_arch *a, bool trap)
{
	if (trap)
		a->regs.hstatus |= HOST_HSTATUS_VTW;
	else
		a->regs.hstatus &= ~HOST_HSTATUS_VTW;
}

void vcpu_arch_load(struct vcpu_arch *a)
{
	(void)a;
}

void vcpu_arch_save(struct vcpu_arch *a)
{
	(void)a;
}

static struct vcpu_exit host_exits[HOST_EXITS_MAX];
static unsigned host_exits_queued;
unsigned host_exits_taken;

void host_exits_reset(void)
{
	host_exits_queued = host_exits_taken = 0;
}

void host_exit_queue(const struct vcpu_exit *exit)
{
	if (host_exits_queued == HOST_EXITS_MAX)
		host_fail("host_exit_queue: more than %u exits", HOST_EXITS_MAX);
	host_exits[host_exits_queued++] = *exit;
}

/* The guest's next exit, at its pc: the next one queued, else OTHER. */
static void host_exit_next(const struct vcpu_arch *a, struct vcpu_exit *exit)
{
	if (host_exits_taken < host_exits_queued)
		*exit = host_exits[host_exits_taken++];
	else
		*exit = (struct vcpu_exit){.kind = VCPU_EXIT_OTHER};
	exit->pc = a->regs.sepc;
}

/* As the back end: the fast lane first, then the exit it declined, every register at hand. */
bool vcpu_arch_run(struct vcpu_arch *a, struct vcpu_exit *exit)
{
	enum vcpu_fast fast;

	do {
		host_exit_next(a, exit);
		fast = vcpu_fast_exit(a, exit);
	} while (fast == VCPU_FAST_RESUME);
	if (fast == VCPU_FAST_LEAVE)
		return false;
	if (exit->mem.reg_unsaved) {
		exit->mem.reg_unsaved = false;
		if (exit->access == VCPU_ACCESS_WRITE)
			exit->mem.value = vcpu_arch_reg(a, exit->mem.reg);
	}
	return true;
}

void vcpu_arch_set_timer(struct vcpu_arch *a, uint64_t deadline)
{
	a->csrs.vstimecmp = deadline;
}

/* The timer's bit alone, as the back end sets it: an IPI or device interrupt stays pending. */
void vcpu_arch_timer_pending(struct vcpu_arch *a, bool pending)
{
	a->csrs.hvip = pending ? a->csrs.hvip | 1 : a->csrs.hvip & ~1UL;
}

void vcpu_arch_gstage_flush(void)
{
}

void vcpu_arch_soft_irq(struct vcpu_arch *a)
{
	a->csrs.hvip |= 2;
}

void vcpu_arch_fence_i(void)
{
}

void vcpu_arch_flush_vvma(void)
{
}

uint32_t host_emulated_insn;

bool vcpu_arch_emulate_insn(struct vcpu_arch *a, uint32_t insn)
{
	if (!insn || insn != host_emulated_insn)
		return false;
	vcpu_arch_skip_insn(a, 4);
	return true;
}

void vcpu_arch_reflect_illegal(struct vcpu_arch *a, unsigned long insn)
{
	a->csrs.vscause = 2;
	a->csrs.vstval = insn;
}

/* The access fault codes: fetch 1, load 5, store 7. */
void vcpu_arch_reflect_access_fault(struct vcpu_arch *a, const struct vcpu_exit *exit)
{
	static const unsigned long causes[] = {5, 7, 1};

	a->csrs.vscause = causes[exit->access];
	a->csrs.vstval = exit->value;
}

void vcpu_arch_external_irq(struct vcpu_arch *a, bool pending)
{
	a->csrs.hvip = pending ? a->csrs.hvip | 0x400 : a->csrs.hvip & ~0x400UL;
}

/* Tests mask hvip bits here, as a guest's sie would (the timer is bit 0 in these stand-ins). */
unsigned long host_masked_irqs;

bool vcpu_arch_irq_pending(const struct vcpu_arch *a)
{
	return (a->csrs.hvip & ~host_masked_irqs) != 0;
}
