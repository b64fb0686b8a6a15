/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Completing a guest's access to an emulated device from its exit record
 * (the back end decoded the load or store): let the device model do it,
 * write a loaded value to its register (sign- or zero-extended), and step
 * the guest past it. An access no device can complete is the guest's crash.
 * The device lane does the same from the exit path itself, with no exit
 * record: the commonest device accesses pay only for the device's work.
 */
#include <stdio.h>

#include "console/console.h"
#include "vcpu/vcpu_fast.h"
#include "vcpu/vcpu_mmio.h"

/* value's low width bytes, sign- or zero-extended: shifted up and back, as every width is. */
static uint64_t vcpu_mmio_extend(uint64_t value, unsigned width, bool sign)
{
	unsigned shift = 64 - width * 8;

	if (sign)
		return (uint64_t)((int64_t)(value << shift) >> shift);
	return value << shift >> shift;
}

static __attribute__((noinline, cold)) void
vcpu_mmio_refuse(struct vcpu *v, const struct vcpu_exit *exit, const char *what)
{
	char why[CONSOLE_LINE_MAX];

	snprintf(why, sizeof(why), "vCPU %u: %s at guest-physical 0x%llx (pc 0x%llx, insn 0x%x)",
		 v->id, what, (unsigned long long)exit->gpa, (unsigned long long)exit->pc,
		 exit->mem.insn);
	vm_crash(v->vm, why);
}

/*
 * The access at gpa in r, which holds all of it: a store passes its register
 * cut to width, a load fills its register; the pc steps past it.
 */
static inline void vcpu_mmio_complete(struct vcpu *v, const struct mmio_region *r, uint64_t gpa,
				      const struct vcpu_mem_insn *acc, uint64_t stored)
{
	uint64_t value = acc->write ? vcpu_mmio_extend(stored, acc->width, false) : 0;

	(void)mmio_region_access(&v->vm->mmio, r, gpa, acc->width, acc->write, &value);
	if (!acc->write)
		vcpu_arch_set_reg(&v->arch, acc->reg,
				  vcpu_mmio_extend(value, acc->width, acc->sign_extend));
	vcpu_arch_skip_insn(&v->arch, acc->len);
}

void vcpu_mmio_emulate(struct vcpu *v, const struct vcpu_exit *exit, const struct mmio_region *r)
{
	const struct vcpu_exit_mem *m = &exit->mem;
	const struct vcpu_mem_insn acc = {
	    .width = (uint8_t)m->width,
	    .reg = (uint8_t)m->reg,
	    .len = (uint8_t)m->len,
	    .write = exit->access == VCPU_ACCESS_WRITE,
	    .sign_extend = m->sign_extend,
	};

	switch (m->decode) {
	case VCPU_DECODE_RETRY:
		return;
	case VCPU_DECODE_UNSUPPORTED:
		vcpu_mmio_refuse(v, exit, "device access by an unsupported instruction");
		return;
	case VCPU_DECODE_OK:
		break;
	}
	if (!mmio_region_holds(r, exit->gpa, m->width)) {
		vcpu_mmio_refuse(v, exit, "access across the end of a device");
		return;
	}
	vcpu_mmio_complete(v, r, exit->gpa, &acc, m->value);
}

enum vcpu_fast vcpu_fast_access(struct vcpu_arch *a, uint64_t gpa, const struct vcpu_mem_insn *acc)
{
	struct vcpu *v = (struct vcpu *)a; /* arch is its first member */
	const struct mmio_region *r = mmio_map_find(&v->vm->mmio, gpa, acc->width);

	if (!r)
		return VCPU_FAST_DECLINE;
	v->exits[VCPU_EXIT_GUEST_FAULT]++;
	vcpu_mmio_complete(v, r, gpa, acc, acc->write ? vcpu_arch_reg(a, acc->reg) : 0);
	return vcpu_fast_next(v);
}
