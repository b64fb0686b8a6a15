/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * A guest's virtio devices: each config slot becomes a transport in front
 * of its device model, with the guest's RAM as the place its queues and
 * buffers may lie, and its PLIC source for interrupts. Created once; a
 * guest reboot resets them the way a driver writing status 0 would, so a
 * frame arriving from another guest meanwhile finds the device not live.
 *
 * Work a notify leaves (virtio_mmio_pop_batch: the batch was spent) is
 * handed to a vCPU of the guest as VCPU_REQ_VIRTIO: its run loop serves one
 * more batch before it next enters the guest, so the guest runs, and its
 * hart schedules, between batches; a vCPU with a request pending does not
 * sleep in WFI, so the work gets done even if the driver never notifies
 * again. The guest pays for its own devices with its own time.
 */
#include <string.h>

#include "console/console.h"
#include "lib/csprng.h"
#include "lib/hart.h"
#include "ports/arch_hooks.h"
#include "sched/sched_hart.h"
#include "virtio/virtio_rng.h"
#include "vm/guest_layout.h"
#include "vm/vm.h"
#include "vm/vm_console.h"

#define VIRTIO_MMIO_STATUS 0x70

static void *vm_virtio_map(void *ctx, uint64_t gpa, uint64_t len)
{
	return (void *)(uintptr_t)vm_gpa_to_hpa(ctx, gpa, len);
}

static void vm_virtio_irq(void *arg, bool level)
{
	struct vm_virtio *v = arg;

	vplic_set_level(&v->vm->plic, GUEST_VIRTIO_IRQ + v->slot, level);
}

/* The vCPU to serve deferred work: the one running here if it is the guest's, else a running one.
 */
static struct vcpu *vm_virtio_server(struct vm *vm)
{
	struct vcpu *self = sched_current();

	if (self && self->vm == vm)
		return self;
	for (unsigned i = 0; i < vm->vcpu_count; i++)
		if (__atomic_load_n(&vm->vcpus[i].state, __ATOMIC_ACQUIRE) == VCPU_RUNNING)
			return &vm->vcpus[i];
	return NULL; /* none runs: the guest is stopping, and its devices are reset anyway */
}

/*
 * A server on this hart is kicked too: a guest alone on its hart may poll
 * its used ring without ever exiting, and then only an interrupt brings it
 * back to its run loop, one batch per exit, the scheduler deciding at each.
 */
static void vm_virtio_defer(void *arg)
{
	struct vm_virtio *v = arg;
	struct vcpu *server = vm_virtio_server(v->vm);

	if (!server)
		return;
	vcpu_request_async(server, VCPU_REQ_VIRTIO);
	if (server->hart == hart_self())
		arch_hart_kick(server->hart);
}

void vm_virtio_resume(struct vm *vm)
{
	for (unsigned i = 0; i < vm->config->virtio_count; i++)
		virtio_mmio_resume(&vm->virtio[i].transport);
}

static void vm_virtio_console_tx(void *arg, char c)
{
	vm_console_putc(arg, c);
}

static int vm_virtio_console_getc(void *arg)
{
	return vm_console_getc(arg);
}

static void vm_virtio_console_rx_ready(void *arg)
{
	vm_virtio_console_drain(arg);
}

bool vm_virtio_console_drain(struct vm *vm)
{
	if (!vm->console || !virtio_console_live(vm->console))
		return false;
	while (vm->input_head != vm->input_tail &&
	       virtio_console_receive(vm->console, vm_virtio_console_getc, vm))
		;
	return true;
}

/* A MAC for a net device the config gave none: locally administered, per guest and slot. */
static void vm_virtio_mac(const struct vm *vm, const struct config_virtio *c, unsigned slot,
			  uint8_t *mac)
{
	static const uint8_t none[CONFIG_MAC_LEN];
	const uint8_t derived[CONFIG_MAC_LEN] = {0x52,	       0x54, 0x00, 0x45, (uint8_t)vm->index,
						 (uint8_t)slot};

	memcpy(mac, memcmp(c->mac, none, CONFIG_MAC_LEN) ? c->mac : derived, CONFIG_MAC_LEN);
}

/* The device model behind slot i: its ops, and the features it offers. -1 (logged). */
static int vm_virtio_device(struct vm *vm, unsigned i, const struct virtio_device_ops **ops,
			    void **dev, uint64_t *features)
{
	const struct config_virtio *c = &vm->config->virtio[i];
	struct vm_virtio *v = &vm->virtio[i];
	uint8_t mac[CONFIG_MAC_LEN];

	switch (c->kind) {
	case CONFIG_VIRTIO_BLK:
		*ops = &virtio_blk_ops;
		*dev = &v->dev.blk;
		return virtio_blk_setup(&v->dev.blk, c, vm->config->name, i, features);
	case CONFIG_VIRTIO_NET:
		*ops = &virtio_net_ops;
		*dev = &v->dev.net;
		vm_virtio_mac(vm, c, i, mac);
		if (virtio_net_setup(&v->dev.net, &v->transport, mac, vm->config->name, features) ==
		    0)
			return 0;
		console_log("guest %s: virtio-net: the switch has no free port", vm->config->name);
		return -1;
	case CONFIG_VIRTIO_CONSOLE:
		*ops = &virtio_console_ops;
		*dev = &v->dev.console;
		*features = virtio_console_setup(&v->dev.console, vm_virtio_console_tx,
						 vm_virtio_console_rx_ready, vm);
		vm->console = &v->transport;
		return 0;
	case CONFIG_VIRTIO_RNG:
		*ops = &virtio_rng_ops;
		*dev = NULL;
		*features = virtio_rng_features();
		csprng_seed_once(vm->platform);
		return 0;
	}
	return -1;
}

int vm_virtio_create(struct vm *vm)
{
	const struct virtq_mem mem = {vm_virtio_map, vm};

	for (unsigned i = 0; i < vm->config->virtio_count; i++) {
		struct vm_virtio *v = &vm->virtio[i];
		const struct virtio_device_ops *ops;
		uint64_t features;
		void *dev;

		v->vm = vm;
		v->slot = i;
		if (vm_virtio_device(vm, i, &ops, &dev, &features))
			return -1;
		virtio_mmio_init(&v->transport, ops, dev, features, vm->config->name, &mem,
				 vm_virtio_irq, v);
		virtio_mmio_set_defer(&v->transport, vm_virtio_defer, v);
	}
	return 0;
}

void vm_virtio_quiesce(struct vm *vm)
{
	for (unsigned i = 0; i < vm->config->virtio_count; i++)
		virtio_mmio_ops.write(&vm->virtio[i].transport, VIRTIO_MMIO_STATUS, 4, 0);
}

int vm_virtio_reset(struct vm *vm)
{
	vm_virtio_quiesce(vm);
	for (unsigned i = 0; i < vm->config->virtio_count; i++) {
		struct virtio_mmio *t = &vm->virtio[i].transport;

		if (mmio_map_add(&vm->mmio, GUEST_VIRTIO_ADDR(i), GUEST_VIRTIO_SLOT,
				 &virtio_mmio_ops, t, t->ops->name))
			return -1;
	}
	return 0;
}
