/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The device tree a guest boots with, written with libfdt's sequential
 * writer: its memory, one cpu node per vCPU with the ISA Erg really offers
 * (what every hart has, through isa_guest_string's whitelist), the timebase, /chosen, and the
 * emulated PLIC and UART at their QEMU virt places under /soc.
 */
#include <libfdt.h>
#include <stdio.h>

#include "vm/guest_layout.h"
#include "vm/guests.h"
#include "vm/vm.h"

/* Phandles of the per-vCPU interrupt controllers: vCPU i gets 1 + i; the PLIC one after. */
#define VM_DTB_INTC_PHANDLE(i) (1u + (i))
#define VM_DTB_PLIC_PHANDLE    (VM_DTB_INTC_PHANDLE(CONFIG_MAX_VCPUS))
#define VM_DTB_IRQ_S_EXT       9       /* supervisor external interrupt, at each hart's intc */
#define VM_DTB_UART_CLOCK      3686400 /* what 16550 drivers divide; the model ignores it */
#define VM_DTB_UART_PATH       "/soc/serial@10000000"

static int vm_dtb_reg(void *fdt, uint64_t base, uint64_t size)
{
	fdt64_t reg[2] = {cpu_to_fdt64(base), cpu_to_fdt64(size)};

	return fdt_property(fdt, "reg", reg, sizeof(reg));
}

static int vm_dtb_memory(void *fdt, const struct vm *vm)
{
	int err = 0;

	for (size_t i = 0; i < vm->region_count; i++) {
		const struct vm_region *r = &vm->regions[i];
		char name[32];

		snprintf(name, sizeof(name), "memory@%llx", (unsigned long long)r->gpa);
		err |= fdt_begin_node(fdt, name);
		err |= fdt_property_string(fdt, "device_type", "memory");
		err |= vm_dtb_reg(fdt, r->gpa, r->size);
		err |= fdt_end_node(fdt);
	}
	return err;
}

static int vm_dtb_cpu(void *fdt, unsigned id, const char *isa)
{
	char name[32];
	int err = 0;

	snprintf(name, sizeof(name), "cpu@%u", id);
	err |= fdt_begin_node(fdt, name);
	err |= fdt_property_string(fdt, "device_type", "cpu");
	err |= fdt_property_u32(fdt, "reg", id);
	err |= fdt_property_string(fdt, "status", "okay");
	err |= fdt_property_string(fdt, "compatible", "riscv");
	err |= fdt_property_string(fdt, "riscv,isa", isa);
	err |= fdt_property_string(fdt, "mmu-type", "riscv,sv39");
	err |= fdt_begin_node(fdt, "interrupt-controller");
	err |= fdt_property_u32(fdt, "#interrupt-cells", 1);
	err |= fdt_property(fdt, "interrupt-controller", "", 0);
	err |= fdt_property_string(fdt, "compatible", "riscv,cpu-intc");
	err |= fdt_property_u32(fdt, "phandle", VM_DTB_INTC_PHANDLE(id));
	err |= fdt_end_node(fdt);
	err |= fdt_end_node(fdt);
	return err;
}

/* Extensions every hart has: a vCPU may run on any hart its guest allows. */
static struct isa_info vm_dtb_common_isa(const struct platform *p)
{
	struct isa_info common = p->harts[0].isa;

	for (size_t i = 1; i < p->hart_count; i++) {
		common.single &= p->harts[i].isa.single;
		common.multi &= p->harts[i].isa.multi;
	}
	return common;
}

static int vm_dtb_cpus(void *fdt, const struct vm *vm, const struct platform *p)
{
	struct isa_info common = vm_dtb_common_isa(p);
	char isa[256];
	int err = 0;

	if (!isa_guest_string(&common, &guests_offer, isa, sizeof(isa)))
		return -1;
	err |= fdt_begin_node(fdt, "cpus");
	err |= fdt_property_u32(fdt, "#address-cells", 1);
	err |= fdt_property_u32(fdt, "#size-cells", 0);
	err |= fdt_property_u32(fdt, "timebase-frequency", (uint32_t)p->timebase_hz);
	for (unsigned i = 0; i < vm->vcpu_count; i++)
		err |= vm_dtb_cpu(fdt, i, isa);
	err |= fdt_end_node(fdt);
	return err;
}

/* One S-mode context per vCPU, context i on vCPU i. */
static int vm_dtb_plic(void *fdt, const struct vm *vm)
{
	fdt32_t contexts[2 * CONFIG_MAX_VCPUS];
	int err = 0;

	for (unsigned i = 0; i < vm->vcpu_count; i++) {
		contexts[2 * i] = cpu_to_fdt32(VM_DTB_INTC_PHANDLE(i));
		contexts[2 * i + 1] = cpu_to_fdt32(VM_DTB_IRQ_S_EXT);
	}
	err |= fdt_begin_node(fdt, "plic@c000000");
	err |= fdt_property(fdt, "compatible", "sifive,plic-1.0.0\0riscv,plic0",
			    sizeof("sifive,plic-1.0.0\0riscv,plic0"));
	err |= vm_dtb_reg(fdt, GUEST_PLIC_BASE, GUEST_PLIC_SIZE);
	err |= fdt_property_u32(fdt, "#address-cells", 0);
	err |= fdt_property_u32(fdt, "#interrupt-cells", 1);
	err |= fdt_property(fdt, "interrupt-controller", "", 0);
	err |= fdt_property_u32(fdt, "riscv,ndev", GUEST_PLIC_SOURCES - 1);
	err |= fdt_property(fdt, "interrupts-extended", contexts,
			    (int)(vm->vcpu_count * 2 * sizeof(fdt32_t)));
	err |= fdt_property_u32(fdt, "phandle", VM_DTB_PLIC_PHANDLE);
	return err | fdt_end_node(fdt);
}

static int vm_dtb_uart(void *fdt)
{
	int err = fdt_begin_node(fdt, "serial@10000000");

	err |= fdt_property_string(fdt, "compatible", "ns16550a");
	err |= vm_dtb_reg(fdt, GUEST_UART_BASE, GUEST_UART_SIZE);
	err |= fdt_property_u32(fdt, "clock-frequency", VM_DTB_UART_CLOCK);
	err |= fdt_property_u32(fdt, "interrupt-parent", VM_DTB_PLIC_PHANDLE);
	err |= fdt_property_u32(fdt, "interrupts", GUEST_UART_IRQ);
	return err | fdt_end_node(fdt);
}

/* virtio-mmio slot i, the way QEMU's virt machine describes its own. */
static int vm_dtb_virtio(void *fdt, unsigned slot)
{
	char name[32];
	int err;

	snprintf(name, sizeof(name), "virtio_mmio@%llx",
		 (unsigned long long)GUEST_VIRTIO_ADDR(slot));
	err = fdt_begin_node(fdt, name);
	err |= fdt_property_string(fdt, "compatible", "virtio,mmio");
	err |= vm_dtb_reg(fdt, GUEST_VIRTIO_ADDR(slot), GUEST_VIRTIO_SLOT);
	err |= fdt_property_u32(fdt, "interrupt-parent", VM_DTB_PLIC_PHANDLE);
	err |= fdt_property_u32(fdt, "interrupts", GUEST_VIRTIO_IRQ + slot);
	return err | fdt_end_node(fdt);
}

static int vm_dtb_soc(void *fdt, const struct vm *vm)
{
	int err = 0;

	if (!vm->config->plic && !vm->config->uart)
		return 0;
	err |= fdt_begin_node(fdt, "soc");
	err |= fdt_property_u32(fdt, "#address-cells", 2);
	err |= fdt_property_u32(fdt, "#size-cells", 2);
	err |= fdt_property_string(fdt, "compatible", "simple-bus");
	err |= fdt_property(fdt, "ranges", "", 0);
	if (vm->config->plic)
		err |= vm_dtb_plic(fdt, vm);
	if (vm->config->uart)
		err |= vm_dtb_uart(fdt);
	for (unsigned i = 0; i < vm->config->virtio_count; i++)
		err |= vm_dtb_virtio(fdt, i);
	return err | fdt_end_node(fdt);
}

static int vm_dtb_chosen(void *fdt, const struct vm *vm)
{
	int err = fdt_begin_node(fdt, "chosen");

	if (vm->config->bootargs)
		err |= fdt_property_string(fdt, "bootargs", vm->config->bootargs);
	if (vm->config->uart)
		err |= fdt_property_string(fdt, "stdout-path", VM_DTB_UART_PATH);
	if (vm->config->initrd.data) {
		err |= fdt_property_u64(fdt, "linux,initrd-start", vm->config->initrd.gpa);
		err |= fdt_property_u64(fdt, "linux,initrd-end",
					vm->config->initrd.gpa + vm->config->initrd.size);
	}
	return err | fdt_end_node(fdt);
}

int vm_dtb_build(const struct vm *vm, const struct platform *p, void *buf, size_t size)
{
	int err = fdt_create(buf, (int)size);

	err |= fdt_finish_reservemap(buf);
	err |= fdt_begin_node(buf, "");
	err |= fdt_property_u32(buf, "#address-cells", 2);
	err |= fdt_property_u32(buf, "#size-cells", 2);
	err |= fdt_property_string(buf, "compatible", "erg,guest");
	err |= fdt_property_string(buf, "model", vm->config->name);
	err |= vm_dtb_chosen(buf, vm);
	err |= vm_dtb_memory(buf, vm);
	err |= vm_dtb_cpus(buf, vm, p);
	err |= vm_dtb_soc(buf, vm);
	err |= fdt_end_node(buf);
	err |= fdt_finish(buf);
	return err ? -1 : 0;
}
