/*
 * Guest general registers as saved in struct vcpu_arch, by number, with the
 * ISA's rule that x0 reads zero and ignores writes. Plain C over the saved
 * frame, so the host unit tests use this same file.
 */
#include "vcpu_arch_hooks.h"

unsigned long vcpu_arch_reg(const struct vcpu_arch *a, unsigned reg)
{
	return reg && reg < 32 ? a->regs.gpr[reg] : 0;
}

void vcpu_arch_set_reg(struct vcpu_arch *a, unsigned reg, unsigned long value)
{
	if (reg && reg < 32)
		a->regs.gpr[reg] = value;
}

void vcpu_arch_skip_insn(struct vcpu_arch *a, unsigned bytes)
{
	a->regs.sepc += bytes;
}
