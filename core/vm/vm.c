/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Guest creation: images named in the boot archive found and placed
 * (vm_images.c), host RAM reserved for each region (vm_ram.c maps it on first
 * touch). Loading, at creation and at each reboot: the RAM the guest used
 * zeroed, the kernel and initrd copied in, the guest's device tree
 * written at the top of its first region, and vCPU 0 set to start at the
 * entry point like a native kernel (a0 = hart id, a1 = DTB).
 */
#include "vm/vm.h"
#include "vm/vm_console.h"
#include "vm/vm_images.h"

#include <string.h>

#include "console/console.h"
#include "ports/arch_hooks.h"
#include "vm/guests.h"
#include "vm/vmid.h"

#define VM_DTB_SPACE 0x10000ULL /* the guest DTB's slot at the top of RAM */

static int vm_alloc_region(struct vm *vm, const struct config_region *cr)
{
	if (vm_ram_reserve(&vm->regions[vm->region_count], cr->gpa, cr->size, cr->hpa))
		return -1;
	vm->region_count++;
	return 0;
}

static int vm_load_image(struct vm *vm, const struct config_image *image)
{
	return image->data ? vm_ram_load(vm, image->gpa, image->data, image->size) : 0;
}

/*
 * The DTB goes at the top of the first region, or just below the initrd when
 * that sits there; 0 when it would touch the kernel.
 */
static uint64_t vm_dtb_place(const struct config_guest *config)
{
	const struct config_region *first = &config->regions[0];
	uint64_t top = first->gpa + first->size;
	uint64_t dtb;

	if (config->initrd.data && config->initrd.gpa < top &&
	    config->initrd.gpa + config->initrd.size > top - VM_DTB_SPACE)
		top = ALIGN_DOWN(config->initrd.gpa, PAGE_SIZE);
	if (top < first->gpa + VM_DTB_SPACE)
		return 0;
	dtb = top - VM_DTB_SPACE;
	if (mem_range_overlaps(dtb, VM_DTB_SPACE, config->kernel.gpa, config->kernel.size))
		return 0;
	return dtb;
}

static void vm_init_vcpus(struct vm *vm)
{
	vm->vcpu_count = vm->config->vcpus;
	for (unsigned i = 0; i < vm->vcpu_count; i++) {
		struct vcpu *v = &vm->vcpus[i];

		v->vm = vm;
		v->id = i;
		v->state = VCPU_STOPPED;
		v->start_addr = vm->config->entry_gpa;
		v->start_opaque = vm->dtb_gpa;
	}
}

static int vm_fail(struct vm *vm, const char *what)
{
	console_log("guest %s: %s; guest not started", vm->config->name, what);
	vm->state = VM_STOPPED;
	return -1;
}

int vm_load(struct vm *vm)
{
	const struct config_guest *config = vm->config;
	paddr_t dtb;

	/* Images the boot archive did not give: nothing to load, now or at a restart. */
	if ((config->kernel.file && !config->kernel.data) ||
	    (config->initrd.file && !config->initrd.data))
		return vm_fail(vm, "its images did not come from the boot archive");
	/* Quiet first: no device may write into RAM being scrubbed, nor print into the new life. */
	vm_virtio_quiesce(vm);
	vm_console_reset(vm);
	vm_ram_scrub(vm);
	if (vm_load_image(vm, &config->kernel) || vm_load_image(vm, &config->initrd))
		return vm_fail(vm, "an image does not fit its memory");
	vm->dtb_gpa = vm_dtb_place(config);
	vm_init_vcpus(vm); /* the DTB lists the vCPUs */
	if (vm_devices_reset(vm))
		return vm_fail(vm, "its devices could not be set up");
	dtb = vm_gpa_to_hpa(vm, vm->dtb_gpa, VM_DTB_SPACE);
	if (!dtb || !vm->dtb_gpa ||
	    vm_dtb_build(vm, vm->platform, (void *)(uintptr_t)dtb, VM_DTB_SPACE))
		return vm_fail(vm, "its device tree does not fit");
	/* Last, once RAM, images, DTB and devices are ready: a hart may start it at once. */
	__atomic_store_n(&vm->vcpus[0].state, VCPU_START_PENDING, __ATOMIC_RELEASE);
	return 0;
}

int vm_create(struct vm *vm, unsigned index, struct config_guest *config, const struct platform *p)
{
	char why[CONSOLE_LINE_MAX];

	memset(vm, 0, sizeof(*vm));
	vm->config = config;
	vm->index = index;
	vm->platform = p;
	if (vm_images_fetch(config, p, why, sizeof(why)))
		return vm_fail(vm, why);
	if (vm_arch_init(&vm->arch, vmid_of(index), CONFIG_GPA_LIMIT))
		return vm_fail(vm, "no memory for its G-stage table");
	for (unsigned i = 0; i < config->vcpus; i++)
		if (vcpu_arch_create(&vm->vcpus[i].arch, &guests_offer))
			return vm_fail(vm, "no memory for its vCPUs' vector registers");
	for (size_t i = 0; i < config->region_count; i++)
		if (vm_alloc_region(vm, &config->regions[i]))
			return vm_fail(vm, config->regions[i].hpa
					       ? "its pinned memory-host range is not free RAM"
					       : "not enough free RAM for its memory");
	if (vm_virtio_create(vm))
		return vm_fail(vm, "its virtio devices could not be set up");
	if (vm_load(vm))
		return -1;
	vm->state = VM_RUNNING;
	vm->booted_at = arch_time_now();
	return 0;
}
