/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Passthrough routing. One table maps each physical source to the guest that
 * owns it; the config checker already made sure no two guests share one.
 * A source is delivered only while its guest runs: a stop or a reboot masks
 * it on the real PLIC (a level interrupt would otherwise be claimed and
 * completed for ever with nobody to serve it) and completes a claim its
 * guest will never complete (else the source would stay dead in the
 * guest's next life); the guest's next life unmasks it.
 */
#include "dev/passthrough.h"

#include "console/console.h"
#include "lib/hart.h"
#include "ports/host_irq.h"
#include "vm/guest_layout.h"

static struct vm *passthrough_owner[GUEST_PLIC_SOURCES];
/* Claimed on the real PLIC and handed to the guest, which has not completed it yet. */
static unsigned passthrough_in_guest[GUEST_PLIC_SOURCES]; /* words: RV64 has no byte atomics */

/* Complete source on the real PLIC if its guest holds it; once, whoever asks first. */
static void passthrough_release(struct vm *vm, unsigned source)
{
	if (__atomic_exchange_n(&passthrough_in_guest[source], 0u, __ATOMIC_ACQ_REL))
		host_irq_complete(vm->vcpus[0].hart, source);
}

void passthrough_complete(void *arg, unsigned source)
{
	if (source < GUEST_PLIC_SOURCES)
		passthrough_release(arg, source);
}

/* A window may be any device, but never host RAM (another's memory, or Erg's). */
static int passthrough_map(struct vm *vm, const struct config_passthrough *pt,
			   const struct platform *p)
{
	for (size_t i = 0; i < p->ram.count; i++)
		if (mem_range_overlaps(p->ram.range[i].base, p->ram.range[i].size, pt->base,
				       pt->size))
			return -1;
	return vm_arch_map_device(&vm->arch, pt->base, pt->base, pt->size);
}

static int passthrough_route(struct vm *vm, const struct config_passthrough *pt)
{
	for (size_t i = 0; i < pt->irq_count; i++) {
		unsigned irq = pt->irqs[i];

		if (host_irq_route(irq, vm->vcpus[0].hart))
			return -1;
		passthrough_owner[irq] = vm;
	}
	return 0;
}

int passthrough_attach(struct vm *vm, const struct platform *p)
{
	for (size_t k = 0; k < vm->config->passthrough_count; k++) {
		const struct config_passthrough *pt = &vm->config->passthrough[k];

		if (passthrough_map(vm, pt, p)) {
			console_log("guest %s: passthrough window 0x%llx is host RAM or unmappable",
				    vm->config->name, (unsigned long long)pt->base);
			return -1;
		}
		if (passthrough_route(vm, pt)) {
			console_log("guest %s: cannot route the interrupts of window 0x%llx",
				    vm->config->name, (unsigned long long)pt->base);
			return -1;
		}
	}
	return 0;
}

/* Call fn for each of vm's passthrough sources. */
static void passthrough_each_irq(struct vm *vm, void (*fn)(struct vm *vm, unsigned irq))
{
	for (size_t k = 0; k < vm->config->passthrough_count; k++) {
		const struct config_passthrough *pt = &vm->config->passthrough[k];

		for (size_t i = 0; i < pt->irq_count; i++)
			fn(vm, pt->irqs[i]);
	}
}

static void passthrough_suspend_irq(struct vm *vm, unsigned irq)
{
	host_irq_unroute(irq, vm->vcpus[0].hart);
	passthrough_release(vm, irq);
}

/* One handed over while the guest was going down is not the new life's. */
static void passthrough_resume_irq(struct vm *vm, unsigned irq)
{
	passthrough_release(vm, irq);
	(void)host_irq_route(irq, vm->vcpus[0].hart); /* routed once already */
}

void passthrough_suspend(struct vm *vm)
{
	passthrough_each_irq(vm, passthrough_suspend_irq);
}

void passthrough_resume(struct vm *vm)
{
	passthrough_each_irq(vm, passthrough_resume_irq);
}

bool passthrough_forward(unsigned irq)
{
	struct vm *vm = irq < GUEST_PLIC_SOURCES ? passthrough_owner[irq] : NULL;

	if (!vm)
		return false;
	if (__atomic_load_n(&vm->state, __ATOMIC_ACQUIRE) != VM_RUNNING) {
		/* Raced with a stop or reboot: keep it masked until the guest runs again. */
		host_irq_unroute(irq, vm->vcpus[0].hart);
		return false;
	}
	__atomic_store_n(&passthrough_in_guest[irq], 1u, __ATOMIC_RELEASE);
	vplic_trigger(&vm->plic, irq);
	return true;
}
