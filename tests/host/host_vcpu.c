/*
 * Host stand-ins for the vCPU hooks (core/ports/virt_backend.h) and the kick
 * hooks: they record what core/ asked for, so SBI dispatch and guest set-up
 * run on the build machine. Guest registers live in the real struct.
 */
#include "host_arch.h"
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

void vcpu_arch_load(struct vcpu_arch *a)
{
	(void)a;
}

void vcpu_arch_save(struct vcpu_arch *a)
{
	(void)a;
}

/* No guest runs on the host: every run reports an exit of kind OTHER. */
bool vcpu_arch_run(struct vcpu_arch *a, struct vcpu_exit *exit)
{
	*exit = (struct vcpu_exit){.kind = VCPU_EXIT_OTHER, .pc = a->regs.sepc};
	return true;
}

void vcpu_arch_set_timer(struct vcpu_arch *a, uint64_t deadline)
{
	a->csrs.vstimecmp = deadline;
}

void vcpu_arch_timer_pending(struct vcpu_arch *a, bool pending)
{
	a->csrs.hvip = pending;
}

void vcpu_arch_gstage_flush(void)
{
}

void vcpu_arch_soft_irq(struct vcpu_arch *a)
{
	a->csrs.hvip |= 2;
}

/* The host has no interrupts to take: a test's hook plays them (host_arch.h). */
void (*host_take_irqs)(void);

void vcpu_arch_take_irqs(struct vcpu_arch *a)
{
	(void)a;
	host_irq_is_waiting = false;
	if (host_take_irqs)
		host_take_irqs();
}

void vcpu_arch_fence_i(void)
{
}

void vcpu_arch_flush_vvma(void)
{
}

bool vcpu_arch_emulate_insn(struct vcpu_arch *a, uint32_t insn)
{
	(void)a;
	(void)insn;
	return false;
}

void vcpu_arch_reflect_illegal(struct vcpu_arch *a, unsigned long insn)
{
	a->csrs.vscause = 2;
	a->csrs.vstval = insn;
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
