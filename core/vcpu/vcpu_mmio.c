/*
 * Completing a guest's access to an emulated device: decode the trapped
 * load or store, let the device model do it, write a loaded value to its
 * register (sign- or zero-extended), and step the guest past it. An access
 * no device can complete is the guest's crash.
 */
#include <stdio.h>

#include "console/console.h"
#include "vcpu/vcpu_mmio.h"

static uint64_t vcpu_mmio_extend(uint64_t value, unsigned width, bool sign)
{
	unsigned bits = width * 8;

	if (bits == 64)
		return value;
	value &= (1ULL << bits) - 1;
	if (sign && (value >> (bits - 1)) & 1)
		value |= ~0ULL << bits;
	return value;
}

static void vcpu_mmio_refuse(struct vcpu *v, const struct vcpu_exit *exit, uint32_t insn,
			     const char *what)
{
	char why[CONSOLE_LINE_MAX];

	snprintf(why, sizeof(why), "vCPU %u: %s at guest-physical 0x%llx (pc 0x%llx, insn 0x%x)",
		 v->id, what, (unsigned long long)exit->gpa, (unsigned long long)exit->pc, insn);
	vm_crash(v->vm, why);
}

/* Decode the access once per exit: the fast lane and the emulation share it. */
static void vcpu_mmio_decode(struct vcpu *v)
{
	struct vcpu_mmio_decoded *d = &v->mmio;

	if (!d->valid)
		d->status = vcpu_arch_decode_mmio(&v->arch, &d->access, &d->insn);
	d->valid = true;
}

bool vcpu_mmio_fast_eligible(struct vcpu *v)
{
	vcpu_mmio_decode(v);
	return v->mmio.status != VCPU_DECODE_OK ||
	       vcpu_arch_reg_saved(&v->arch, v->mmio.access.reg);
}

void vcpu_mmio_emulate(struct vcpu *v, const struct vcpu_exit *exit, const struct mmio_region *r)
{
	struct vcpu_mmio m;
	uint32_t insn;
	uint64_t value = 0;

	vcpu_mmio_decode(v);
	v->mmio.valid = false;
	m = v->mmio.access;
	insn = v->mmio.insn;
	switch (v->mmio.status) {
	case VCPU_DECODE_RETRY:
		return;
	case VCPU_DECODE_UNSUPPORTED:
		vcpu_mmio_refuse(v, exit, insn, "device access by an unsupported instruction");
		return;
	case VCPU_DECODE_OK:
		break;
	}
	if (m.write)
		value = vcpu_mmio_extend(vcpu_arch_reg(&v->arch, m.reg), m.width, false);
	if (mmio_access_in(&v->vm->mmio, r, exit->gpa, m.width, m.write, &value) ==
	    MMIO_NO_DEVICE) {
		vcpu_mmio_refuse(v, exit, insn, "access across the end of a device");
		return;
	}
	if (!m.write)
		vcpu_arch_set_reg(&v->arch, m.reg, vcpu_mmio_extend(value, m.width, m.sign_extend));
	vcpu_arch_skip_insn(&v->arch, m.len);
}
