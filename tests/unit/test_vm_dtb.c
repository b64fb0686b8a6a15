/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Unit tests for a guest's device tree (core/vm/vm_dtb.c), read back with
 * libfdt from the guest's RAM, where vm_load put it for vCPU 0's a1: the
 * root and /chosen (bootargs, the console, the initrd), one memory node per
 * RAM region, one cpu node per vCPU with the ISA every hart offers a guest
 * and the timebase, and under /soc the PLIC (one S-mode context per vCPU),
 * the UART and the virtio-mmio slots with their reg and interrupts. The
 * guests "full" and "bare" of config-dtb.dtb are built as at boot on the
 * virt-smp4-2G machine (guests_fixture.h).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>
#include <libfdt.h>

#include "guests_fixture.h"
#include "vm/guest_layout.h"

#define DTB_ROOM       0x10000
#define GUEST_ISA      "rv64imafdc_zicsr_zifencei_zihintpause_zba_zbb_zbc_zbs"
#define PLIC_PHANDLE   (1 + CONFIG_MAX_VCPUS)
#define IRQ_S_EXTERNAL 9
#define QEMU_TIMEBASE  10000000
#define UART_CLOCK     3686400
#define VIRTIO_DEVICES 3

static struct vm *full, *bare;
static char built[DTB_ROOM];

static int group_setup(void **state)
{
	(void)state;
	if (guests_fixture_boot("config-dtb.dtb", false) != 2)
		return -1;
	full = guests_find("full");
	bare = guests_find("bare");
	return full && bare ? 0 : -1;
}

/* The device tree vm boots with: in its RAM, where vCPU 0's a1 points. */
static const void *booted_dtb(struct vm *vm)
{
	const void *fdt = (const void *)(uintptr_t)vm_gpa_to_hpa(vm, vm->dtb_gpa, DTB_ROOM);

	assert_non_null(fdt);
	assert_int_equal(vm->vcpus[0].start_opaque, vm->dtb_gpa);
	assert_int_equal(fdt_check_header(fdt), 0);
	return fdt;
}

static int node(const void *fdt, const char *path)
{
	int off = fdt_path_offset(fdt, path);

	if (off < 0)
		fail_msg("no node %s", path);
	return off;
}

static uint32_t u32_prop(const void *fdt, int off, const char *name)
{
	int len;
	const fdt32_t *p = fdt_getprop(fdt, off, name, &len);

	if (!p || len != 4)
		fail_msg("%s: no one-cell %s", fdt_get_name(fdt, off, NULL), name);
	return fdt32_to_cpu(*p);
}

static void expect_prop_string(const void *fdt, int off, const char *name, const char *want)
{
	const char *got = fdt_getprop(fdt, off, name, NULL);

	assert_non_null(got);
	assert_string_equal(got, want);
}

/* Two-cell value i of property name (cells are only 4-byte aligned). */
static uint64_t u64_prop(const void *fdt, int off, const char *name, int i)
{
	int len;
	const fdt64_t *p = fdt_getprop(fdt, off, name, &len);

	if (!p || len < 8 * (i + 1))
		fail_msg("%s: no %s", fdt_get_name(fdt, off, NULL), name);
	return fdt64_ld(p + i);
}

/* A reg of two address and two size cells. */
static void expect_reg(const void *fdt, int off, uint64_t base, uint64_t size)
{
	int len;

	assert_non_null(fdt_getprop(fdt, off, "reg", &len));
	assert_int_equal(len, 16);
	assert_int_equal(u64_prop(fdt, off, "reg", 0), base);
	assert_int_equal(u64_prop(fdt, off, "reg", 1), size);
}

/* How many nodes have device_type type. */
static int count_of_type(const void *fdt, const char *type)
{
	int n = 0, off = -1;

	while ((off = fdt_node_offset_by_prop_value(fdt, off, "device_type", type,
						    (int)strlen(type) + 1)) >= 0)
		n++;
	return n;
}

static void test_root_and_chosen(void **state)
{
	const void *fdt = booted_dtb(full);
	int chosen = node(fdt, "/chosen");
	const char *stdout_path;

	(void)state;
	assert_int_equal(u32_prop(fdt, 0, "#address-cells"), 2);
	assert_int_equal(u32_prop(fdt, 0, "#size-cells"), 2);
	expect_prop_string(fdt, 0, "compatible", "erg,guest");
	expect_prop_string(fdt, 0, "model", "full");
	expect_prop_string(fdt, chosen, "bootargs", "console=ttyS0 quiet");
	stdout_path = fdt_getprop(fdt, chosen, "stdout-path", NULL);
	assert_non_null(stdout_path);
	assert_int_equal(node(fdt, stdout_path), node(fdt, "/soc/serial@10000000"));
	assert_int_equal(u64_prop(fdt, chosen, "linux,initrd-start", 0), 0x80100000);
	assert_int_equal(u64_prop(fdt, chosen, "linux,initrd-end", 0), 0x80100006);
}

static void test_memory_nodes(void **state)
{
	const void *fdt = booted_dtb(full);

	(void)state;
	assert_int_equal(count_of_type(fdt, "memory"), 2);
	expect_reg(fdt, node(fdt, "/memory@80000000"), 0x80000000, 0x200000);
	expect_reg(fdt, node(fdt, "/memory@100000000"), 0x100000000, 0x100000);
}

/* One cpu per vCPU, each with its own interrupt controller, the ISA and the timebase. */
static void test_cpu_nodes(void **state)
{
	const void *fdt = booted_dtb(full);
	int cpus = node(fdt, "/cpus");

	(void)state;
	assert_int_equal(u32_prop(fdt, cpus, "#address-cells"), 1);
	assert_int_equal(u32_prop(fdt, cpus, "#size-cells"), 0);
	assert_int_equal(u32_prop(fdt, cpus, "timebase-frequency"), QEMU_TIMEBASE);
	assert_int_equal(count_of_type(fdt, "cpu"), 3);
	for (unsigned i = 0; i < 3; i++) {
		char path[64];
		int cpu, intc;

		snprintf(path, sizeof(path), "/cpus/cpu@%u", i);
		cpu = node(fdt, path);
		assert_int_equal(u32_prop(fdt, cpu, "reg"), i);
		expect_prop_string(fdt, cpu, "status", "okay");
		expect_prop_string(fdt, cpu, "compatible", "riscv");
		expect_prop_string(fdt, cpu, "riscv,isa", GUEST_ISA);
		expect_prop_string(fdt, cpu, "mmu-type", "riscv,sv39");
		intc = fdt_subnode_offset(fdt, cpu, "interrupt-controller");
		assert_true(intc >= 0);
		expect_prop_string(fdt, intc, "compatible", "riscv,cpu-intc");
		assert_int_equal(u32_prop(fdt, intc, "#interrupt-cells"), 1);
		assert_non_null(fdt_getprop(fdt, intc, "interrupt-controller", NULL));
		assert_int_equal(u32_prop(fdt, intc, "phandle"), 1 + i);
	}
}

/* Build full's tree for machine p into built, and give its cpu@0's ISA string. */
static const char *isa_on(const struct platform *p)
{
	assert_int_equal(vm_dtb_build(full, p, built, sizeof(built)), 0);
	assert_int_equal(fdt_check_header(built), 0);
	return fdt_getprop(built, node(built, "/cpus/cpu@0"), "riscv,isa", NULL);
}

/* Sstc shows only when guests get it; H never does. */
static void test_isa_with_sstc(void **state)
{
	(void)state;
	guests_offer.sstc = true;
	assert_string_equal(isa_on(&plat), GUEST_ISA "_sstc");
	guests_offer.sstc = false;
	assert_string_equal(isa_on(&plat), GUEST_ISA);
}

/* A vCPU may run on any hart: the guest sees what every hart has, and the machine's timebase. */
static void test_isa_common_to_every_hart(void **state)
{
	void *dtb = host_load_test_dtb("harts.dtb");
	struct platform mixed;

	(void)state;
	assert_int_equal(platform_parse(dtb, &mixed), 0);
	guests_offer.sstc = true; /* hart 5 has no Sstc, so nobody gets it */
	assert_string_equal(isa_on(&mixed), "rv64imafdc");
	guests_offer.sstc = false;
	assert_int_equal(u32_prop(built, node(built, "/cpus"), "timebase-frequency"), 4000000);
	free(dtb);
}

static void test_soc_and_plic(void **state)
{
	static const char compatible[] = "sifive,plic-1.0.0\0riscv,plic0";
	const void *fdt = booted_dtb(full);
	int soc = node(fdt, "/soc"), plic = node(fdt, "/soc/plic@c000000"), len;
	const fdt32_t *ctx;

	(void)state;
	assert_int_equal(u32_prop(fdt, soc, "#address-cells"), 2);
	assert_int_equal(u32_prop(fdt, soc, "#size-cells"), 2);
	expect_prop_string(fdt, soc, "compatible", "simple-bus");
	assert_non_null(fdt_getprop(fdt, soc, "ranges", &len));
	assert_int_equal(len, 0);
	assert_memory_equal(fdt_getprop(fdt, plic, "compatible", &len), compatible,
			    sizeof(compatible));
	assert_int_equal(len, sizeof(compatible));
	expect_reg(fdt, plic, GUEST_PLIC_BASE, GUEST_PLIC_SIZE);
	assert_int_equal(u32_prop(fdt, plic, "#address-cells"), 0);
	assert_int_equal(u32_prop(fdt, plic, "#interrupt-cells"), 1);
	assert_non_null(fdt_getprop(fdt, plic, "interrupt-controller", NULL));
	assert_int_equal(u32_prop(fdt, plic, "riscv,ndev"), GUEST_PLIC_SOURCES - 1);
	assert_int_equal(u32_prop(fdt, plic, "phandle"), PLIC_PHANDLE);
	/* Context i: vCPU i's supervisor external interrupt, at its own controller. */
	ctx = fdt_getprop(fdt, plic, "interrupts-extended", &len);
	assert_non_null(ctx);
	assert_int_equal(len, 3 * 2 * 4);
	for (unsigned i = 0; i < 3; i++) {
		int intc = fdt_node_offset_by_phandle(fdt, fdt32_to_cpu(ctx[2 * i]));
		char path[64];

		assert_true(intc >= 0);
		assert_int_equal(fdt_get_path(fdt, intc, path, sizeof(path)), 0);
		assert_int_equal(strncmp(path, "/cpus/cpu@", 10), 0);
		assert_int_equal(path[10], '0' + i);
		assert_int_equal(fdt32_to_cpu(ctx[2 * i + 1]), IRQ_S_EXTERNAL);
	}
}

static void test_uart(void **state)
{
	const void *fdt = booted_dtb(full);
	int uart = node(fdt, "/soc/serial@10000000");

	(void)state;
	expect_prop_string(fdt, uart, "compatible", "ns16550a");
	expect_reg(fdt, uart, GUEST_UART_BASE, GUEST_UART_SIZE);
	assert_int_equal(u32_prop(fdt, uart, "clock-frequency"), UART_CLOCK);
	assert_int_equal(u32_prop(fdt, uart, "interrupt-parent"), PLIC_PHANDLE);
	assert_int_equal(u32_prop(fdt, uart, "interrupts"), GUEST_UART_IRQ);
}

/* One virtio-mmio node per configured device, slot by slot, and no more. */
static void test_virtio_slots(void **state)
{
	const void *fdt = booted_dtb(full);
	int off = -1, n = 0;

	(void)state;
	for (unsigned slot = 0; slot < VIRTIO_DEVICES; slot++) {
		char path[64];
		int dev;

		snprintf(path, sizeof(path), "/soc/virtio_mmio@%llx",
			 (unsigned long long)GUEST_VIRTIO_ADDR(slot));
		dev = node(fdt, path);
		expect_prop_string(fdt, dev, "compatible", "virtio,mmio");
		expect_reg(fdt, dev, GUEST_VIRTIO_ADDR(slot), GUEST_VIRTIO_SLOT);
		assert_int_equal(u32_prop(fdt, dev, "interrupt-parent"), PLIC_PHANDLE);
		assert_int_equal(u32_prop(fdt, dev, "interrupts"), GUEST_VIRTIO_IRQ + slot);
	}
	while ((off = fdt_node_offset_by_compatible(fdt, off, "virtio,mmio")) >= 0)
		n++;
	assert_int_equal(n, VIRTIO_DEVICES);
}

/* A guest without devices, bootargs or initrd: none of them shows. */
static void test_bare_guest(void **state)
{
	const void *fdt = booted_dtb(bare);
	int chosen = node(fdt, "/chosen");

	(void)state;
	expect_prop_string(fdt, 0, "model", "bare");
	assert_true(fdt_path_offset(fdt, "/soc") < 0);
	assert_null(fdt_getprop(fdt, chosen, "bootargs", NULL));
	assert_null(fdt_getprop(fdt, chosen, "stdout-path", NULL));
	assert_null(fdt_getprop(fdt, chosen, "linux,initrd-start", NULL));
	assert_int_equal(count_of_type(fdt, "cpu"), 1);
	assert_int_equal(count_of_type(fdt, "memory"), 1);
	expect_reg(fdt, node(fdt, "/memory@80000000"), 0x80000000, 0x100000);
}

/* Too little room is an error, and nothing is written past it. */
static void test_no_room(void **state)
{
	char *small = malloc(512);

	(void)state;
	assert_non_null(small);
	assert_int_equal(vm_dtb_build(full, &plat, small, 512), -1);
	free(small);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_root_and_chosen),
	    cmocka_unit_test(test_memory_nodes),
	    cmocka_unit_test(test_cpu_nodes),
	    cmocka_unit_test(test_isa_with_sstc),
	    cmocka_unit_test(test_isa_common_to_every_hart),
	    cmocka_unit_test(test_soc_and_plic),
	    cmocka_unit_test(test_uart),
	    cmocka_unit_test(test_virtio_slots),
	    cmocka_unit_test(test_bare_guest),
	    cmocka_unit_test(test_no_room),
	};

	return cmocka_run_group_tests(tests, group_setup, guests_fixture_teardown);
}
