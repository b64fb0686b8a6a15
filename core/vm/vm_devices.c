/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * A guest's emulated devices: its PLIC, whose per-vCPU outputs become each
 * vCPU's external interrupt, its 16550A UART, whose output joins the
 * guest's console lines and whose interrupt is a PLIC source, and its
 * virtio devices (core/vm/vm_virtio.c).
 */
#include "dev/passthrough.h"
#include "lib/hart.h"
#include "vm/guest_layout.h"
#include "vm/vm.h"
#include "vm/vm_console.h"

/* The PLIC changed what a vCPU's context offers: have its hart look again. */
static void vm_devices_plic_notify(void *arg, unsigned context, bool pending)
{
	struct vm *vm = arg;

	(void)pending; /* the vCPU reads the current level when it acts on the request */
	if (context < vm->vcpu_count)
		vcpu_request_async(&vm->vcpus[context], VCPU_REQ_EXT_IRQ);
}

static void vm_devices_uart_tx(void *arg, char c)
{
	vm_console_putc(arg, c);
}

static void vm_devices_uart_irq(void *arg, bool level)
{
	struct vm *vm = arg;

	vplic_set_level(&vm->plic, GUEST_UART_IRQ, level);
}

/* A guest's completion of a passthrough source completes it on the real PLIC too. */
static void vm_devices_passthrough_hooks(struct vm *vm)
{
	for (size_t k = 0; k < vm->config->passthrough_count; k++) {
		const struct config_passthrough *pt = &vm->config->passthrough[k];

		for (size_t i = 0; i < pt->irq_count; i++)
			vplic_set_complete_hook(&vm->plic, pt->irqs[i], passthrough_complete, vm);
	}
}

int vm_devices_reset(struct vm *vm)
{
	const struct config_guest *config = vm->config;

	vm->mmio.count = 0; /* a reboot starts the devices afresh */
	if (config->plic) {
		vplic_init(&vm->plic, GUEST_PLIC_SOURCES, vm->vcpu_count, vm_devices_plic_notify,
			   vm);
		if (mmio_map_add(&vm->mmio, GUEST_PLIC_BASE, GUEST_PLIC_SIZE, &vplic_mmio_ops,
				 &vm->plic, "plic"))
			return -1;
		vm_devices_passthrough_hooks(vm);
	}
	if (config->uart) {
		vuart_init(&vm->uart, vm_devices_uart_tx, vm, vm_devices_uart_irq, vm);
		if (mmio_map_add(&vm->mmio, GUEST_UART_BASE, GUEST_UART_SIZE, &vuart_mmio_ops,
				 &vm->uart, "uart"))
			return -1;
	}
	return vm_virtio_reset(vm);
}

bool vm_external_irq_pending(const struct vm *vm, unsigned vcpu)
{
	return vm->config->plic && vplic_context_pending(&vm->plic, vcpu);
}
