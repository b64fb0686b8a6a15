/*
 * Passthrough routing. One table maps each physical source to the guest that
 * owns it; the config checker already made sure no two guests share one.
 */
#include "passthrough.h"

#include "console.h"
#include "guest_layout.h"
#include "hart.h"
#include "host_irq.h"

static struct vm *passthrough_owner[GUEST_PLIC_SOURCES];

void passthrough_complete(void *arg, unsigned source)
{
	struct vm *vm = arg;

	host_irq_complete(vm->vcpus[0].hart, source);
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

bool passthrough_forward(unsigned irq)
{
	struct vm *vm = irq < GUEST_PLIC_SOURCES ? passthrough_owner[irq] : NULL;

	if (!vm || vm->state != VM_RUNNING)
		return false;
	vplic_trigger(&vm->plic, irq);
	return true;
}
