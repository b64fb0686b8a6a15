/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Unit tests for core/platform*.c, the firmware DTB parser. First the trees
 * QEMU 7.2 virt itself produces (1 to 8 harts, RAM below and across 4 GiB,
 * without Sstc, without H): harts, RAM, timebase, ISA flags, the console
 * UART, the PLIC and the eight virtio-mmio slots. Then hand-written trees in
 * tests/unit/dts: reserved memory from /memreserve/ and /reserved-memory,
 * several memory nodes, one-cell addresses, which /cpus children count as
 * harts, stdout-path options and aliases, a DesignWare UART, more harts than
 * ERG_MAX_HARTS, and broken trees whose error must name the node at fault.
 * Last, a real board's tree, the VisionFive 2's from Debian's kernel package,
 * and the boot summary Erg would print on it.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <libfdt.h>

#include "boot/boot.h"
#include "host_arch.h"
#include "platform/platform.h"

struct qemu_case {
	const char *dtb;
	size_t harts;
	uint64_t ram;
	bool h, sstc;
};

static const struct qemu_case qemu_cases[] = {
    {"virt-smp1-512M.dtb", 1, MIB(512), true, true},
    {"virt-smp4-2G.dtb", 4, MIB(2048), true, true},
    {"virt-smp8-1000M.dtb", 8, MIB(1000), true, true},
    {"virt-smp2-5G.dtb", 2, MIB(5120), true, true},
    {"virt-smp4-2G-nosstc.dtb", 4, MIB(2048), true, false},
    {"virt-smp1-128M-noh.dtb", 1, MIB(128), false, true},
};

/* The platform and the DTB its strings point into, freed after each test. */
static struct platform plat;
static void *dtb;

static int teardown(void **state)
{
	(void)state;
	free(dtb);
	dtb = NULL;
	return 0;
}

static int parse(const char *name)
{
	dtb = host_load_test_dtb(name);
	return platform_parse(dtb, &plat);
}

static const struct platform *parse_ok(const char *name)
{
	if (parse(name))
		fail_msg("%s: platform_parse failed: %s", name, plat.error);
	return &plat;
}

static void expect_error(const char *name, const char *node, const char *why)
{
	assert_int_equal(parse(name), -1);
	if (strncmp(plat.error, node, strlen(node)) || !strstr(plat.error, why))
		fail_msg("%s: error \"%s\", wanted \"%s: ...%s...\"", name, plat.error, node, why);
}

static void check_qemu_uart_plic(const struct platform *p, size_t harts)
{
	assert_true(p->uart.present);
	assert_string_equal(p->uart.compatible, "ns16550a");
	assert_int_equal(p->uart.base, 0x10000000);
	assert_int_equal(p->uart.size, 0x100);
	assert_int_equal(p->uart.reg_shift, 0);
	assert_int_equal(p->uart.reg_io_width, 1);
	assert_int_equal(p->uart.irq, 10);
	assert_int_equal(p->uart.clock_hz, 3686400);
	assert_true(p->plic.present);
	assert_int_equal(p->plic.base, 0x0c000000);
	assert_int_equal(p->plic.size, 0x600000);
	assert_int_equal(p->plic.sources, 96);
	assert_int_equal(p->plic.contexts, 2 * harts);
	/* QEMU gives each hart an M-mode context, then its S-mode one. */
	for (size_t h = 0; h < harts; h++)
		assert_int_equal(p->plic.s_context[h], 2 * h + 1);
	for (size_t h = harts; h < ERG_MAX_HARTS; h++)
		assert_int_equal(p->plic.s_context[h], -1);
}

/* QEMU lists the slots from 0x10008000 down; each one's irq is its index. */
static void check_qemu_virtio(const struct platform *p)
{
	unsigned seen = 0;

	assert_int_equal(p->virtio_count, 8);
	for (size_t i = 0; i < p->virtio_count; i++) {
		const struct platform_virtio *v = &p->virtio[i];
		unsigned slot = (unsigned)((v->base - 0x10000000) / 0x1000);

		assert_int_equal(v->base % 0x1000, 0);
		assert_in_range(slot, 1, 8);
		assert_int_equal(v->size, 0x1000);
		assert_int_equal(v->irq, slot);
		seen |= 1u << slot;
	}
	assert_int_equal(seen, 0x1fe);
}

static void test_qemu_dtb(void **state)
{
	const struct qemu_case *c = *state;
	const struct platform *p = parse_ok(c->dtb);

	assert_string_equal(p->model, "riscv-virtio,qemu");
	assert_int_equal(p->hart_count, c->harts);
	assert_int_equal(p->harts_ignored, 0);
	for (size_t i = 0; i < c->harts; i++) {
		assert_int_equal(p->harts[i].id, i);
		assert_ptr_equal(platform_hart(p, i), &p->harts[i]);
		assert_int_equal(p->harts[i].isa.xlen, 64);
		assert_int_equal(isa_has_letter(&p->harts[i].isa, 'h'), c->h);
		assert_int_equal(!!(p->harts[i].isa.multi & ISA_EXT_SSTC), c->sstc);
		assert_true(isa_has_letter(&p->harts[i].isa, 'c'));
	}
	assert_null(platform_hart(p, c->harts));
	assert_int_equal(p->ram.count, 1);
	assert_int_equal(p->ram.range[0].base, 0x80000000);
	assert_int_equal(p->ram.range[0].size, c->ram);
	assert_int_equal(p->reserved_count, 0);
	assert_int_equal(p->timebase_hz, 10000000);
	check_qemu_uart_plic(p, c->harts);
	check_qemu_virtio(p);
	assert_string_equal(p->error, "");
}

static void test_reserved_memory(void **state)
{
	const struct platform *p = parse_ok("reserved.dtb");

	(void)state;
	assert_string_equal(p->model, "erg-test,reserved");
	assert_string_equal(p->bootargs, "console=ttyS0 erg.selftest=fault");
	/* Both /memreserve/ entries, then the enabled children that have a reg. */
	assert_int_equal(p->reserved_count, 4);
	assert_string_equal(p->reserved[0].name, "memreserve");
	assert_int_equal(p->reserved[0].range.base, 0x80000000);
	assert_int_equal(p->reserved[0].range.size, 0x20000);
	assert_string_equal(p->reserved[1].name, "memreserve");
	assert_int_equal(p->reserved[1].range.base, 0x87000000);
	assert_int_equal(p->reserved[1].range.size, 0x1000);
	assert_string_equal(p->reserved[2].name, "mmode_resv0@80000000");
	assert_int_equal(p->reserved[2].range.base, 0x80000000);
	assert_int_equal(p->reserved[2].range.size, 0x40000);
	assert_string_equal(p->reserved[3].name, "fb@8f000000");
	assert_int_equal(p->reserved[3].range.base, 0x8f000000);
	assert_int_equal(p->reserved[3].range.size, 0x800000);
	/* Reserved memory is reported, not cut out of RAM: that is boot's job. */
	assert_int_equal(p->ram.count, 1);
	assert_int_equal(p->ram.range[0].size, 0x10000000);
}

static void test_memory_banks(void **state)
{
	const struct platform *p = parse_ok("memory-banks.dtb");

	(void)state;
	assert_int_equal(p->ram.count, 3);
	/* 0x80000000 and the touching 1 MiB at 0xa0000000 become one bank. */
	assert_int_equal(p->ram.range[0].base, 0x80000000);
	assert_int_equal(p->ram.range[0].size, 0x20100000);
	assert_int_equal(p->ram.range[1].base, 0x100000000);
	assert_int_equal(p->ram.range[1].size, 0x40000000);
	assert_int_equal(p->ram.range[2].base, 0x200000000);
	assert_int_equal(p->ram.range[2].size, 0x10000000);
	assert_false(mem_map_contains(&p->ram, 0xc0000000, 1)); /* the disabled node */
}

static void test_one_cell_addresses(void **state)
{
	const struct platform *p = parse_ok("cells1.dtb");

	(void)state;
	assert_int_equal(p->ram.count, 1);
	assert_int_equal(p->ram.range[0].base, 0x80000000);
	assert_int_equal(p->ram.range[0].size, 0x8000000);
	assert_int_equal(p->reserved_count, 1);
	assert_int_equal(p->reserved[0].range.base, 0x80000000);
	assert_int_equal(p->reserved[0].range.size, 0x80000);
	assert_int_equal(p->timebase_hz, 24000000);
	assert_true(p->uart.present);
	assert_string_equal(p->uart.compatible, "ns16550");
	assert_int_equal(p->uart.base, 0x10000000);
	assert_int_equal(p->uart.size, 0x100);
	assert_int_equal(p->uart.clock_hz, 1843200);
	assert_true(p->plic.present);
	assert_int_equal(p->plic.base, 0xc000000);
	assert_int_equal(p->plic.size, 0x4000000);
	assert_int_equal(p->plic.sources, 53);
	assert_int_equal(p->plic.contexts, 2);
	/* The disabled slot is left out. */
	assert_int_equal(p->virtio_count, 1);
	assert_int_equal(p->virtio[0].base, 0x10001000);
	assert_int_equal(p->virtio[0].irq, 1);
}

/*
 * The VisionFive 2 (JH7110): hart 0, its S7 monitor core, is disabled; the
 * four U74 harts have neither H nor Sstc; RAM from 0x40000000; the console
 * a DesignWare UART with 32-bit registers 4 bytes apart; each U74 has an
 * S-mode context on the PLIC; a 4 MHz timebase.
 */
static void test_visionfive2(void **state)
{
	const struct platform *p = parse_ok("visionfive2.dtb");

	(void)state;
	assert_int_equal(p->hart_count, 4);
	for (size_t i = 0; i < 4; i++) {
		assert_int_equal(p->harts[i].id, i + 1);
		assert_false(isa_has_letter(&p->harts[i].isa, 'h'));
		assert_false(p->harts[i].isa.multi & ISA_EXT_SSTC);
		/* Contexts: hart 0 M, then M and S for each U74. */
		assert_int_equal(p->plic.s_context[i + 1], 2 + 2 * (int)i);
	}
	assert_null(platform_hart(p, 0));
	assert_int_equal(p->plic.s_context[0], -1);
	assert_int_equal(p->timebase_hz, 4000000);
	assert_int_equal(p->ram.count, 1);
	assert_int_equal(p->ram.range[0].base, 0x40000000);
	assert_int_equal(p->ram.range[0].size, MIB(4096));
	assert_true(p->uart.present);
	assert_string_equal(p->uart.compatible, "snps,dw-apb-uart");
	assert_int_equal(p->uart.base, 0x10000000);
	assert_int_equal(p->uart.reg_shift, 2);
	assert_int_equal(p->uart.reg_io_width, 4);
	assert_true(p->plic.present);
	assert_int_equal(p->plic.base, 0x0c000000);
}

/* What Erg says of the board when it boots there, on its first U74. */
static void test_visionfive2_boot_summary(void **state)
{
	static const char *const lines[] = {
	    "[erg] machine: StarFive VisionFive 2 v1.3B\n",
	    "[erg] RAM 0x40000000-0x13fffffff (4096 MiB)\n",
	    "[erg] harts: 4 (ids 1 2 3 4), timebase 4000000 Hz\n",
	    "[erg] extensions: H no, Sstc no (riscv,isa rv64imafdc_zba_zbb)\n",
	    "[erg] UART: snps,dw-apb-uart at 0x10000000, reg-shift 2, reg-io-width 4, irq 32\n",
	};
	const struct platform *p = parse_ok("visionfive2.dtb");

	(void)state;
	host_console_reset();
	boot_summary_print(p, 1);
	for (size_t i = 0; i < sizeof(lines) / sizeof(lines[0]); i++)
		if (!strstr(host_console_text, lines[i]))
			fail_msg("no \"%s\" in the summary:\n%s", lines[i], host_console_text);
}

/* Harts without an MMU have no S-mode for Erg: listed apart, never among the harts it runs. */
static void test_harts_without_mmu_are_left_alone(void **state)
{
	const struct platform *p = parse_ok("harts-monitor.dtb");

	(void)state;
	assert_int_equal(p->hart_count, 2);
	assert_int_equal(p->harts[0].id, 1);
	assert_int_equal(p->harts[1].id, 2);
	assert_int_equal(p->harts_without_mmu, 2);
	assert_int_equal(p->without_mmu[0], 0);
	assert_int_equal(p->without_mmu[1], 3);
	assert_null(platform_hart(p, 0));
	assert_null(platform_hart(p, 3));
	host_console_reset();
	boot_summary_print(p, 1);
	assert_non_null(strstr(host_console_text,
			       "[erg] hart 0 left alone: no MMU, so no S-mode for "
			       "Erg (a monitor core)\n"));
	assert_non_null(strstr(host_console_text, "[erg] hart 3 left alone: no MMU"));
}

static void test_which_nodes_are_harts(void **state)
{
	const struct platform *p = parse_ok("harts.dtb");

	(void)state;
	/* cpu@1 is disabled, cpu@2 has no device_type, cpu-map is no cpu. */
	assert_int_equal(p->hart_count, 2);
	assert_int_equal(p->harts[0].id, 0);
	assert_int_equal(p->harts[1].id, 5);
	assert_null(platform_hart(p, 1));
	assert_null(platform_hart(p, 2));
	assert_ptr_equal(platform_hart(p, 5), &p->harts[1]);
	assert_true(isa_has_letter(&p->harts[0].isa, 'h'));
	assert_false(isa_has_letter(&p->harts[1].isa, 'h'));
	assert_string_equal(p->harts[1].isa_string, "rv64imafdc");
	/* /cpus has no timebase; the cpu node's serves. */
	assert_int_equal(p->timebase_hz, 4000000);
	/* Nothing to find: absent, not an error. */
	assert_false(p->uart.present);
	assert_false(p->plic.present);
	assert_int_equal(p->virtio_count, 0);
	assert_null(p->bootargs);
}

static void test_stdout_path_options(void **state)
{
	const struct platform *p = parse_ok("stdout-options.dtb");

	(void)state;
	assert_true(p->uart.present);
	assert_int_equal(p->uart.base, 0x10000000);
	assert_int_equal(p->uart.irq, 10);
}

static void test_stdout_alias_dw_uart(void **state)
{
	const struct platform *p = parse_ok("stdout-alias.dtb");

	(void)state;
	assert_true(p->uart.present);
	assert_string_equal(p->uart.compatible, "snps,dw-apb-uart");
	assert_int_equal(p->uart.base, 0x4140000);
	assert_int_equal(p->uart.size, 0x10000);
	assert_int_equal(p->uart.reg_shift, 2);
	assert_int_equal(p->uart.reg_io_width, 4);
	assert_int_equal(p->uart.irq, 44);
	assert_int_equal(p->uart.clock_hz, 100000000);
}

static void test_stdout_unusable_uart(void **state)
{
	const struct platform *p = parse_ok("stdout-unusable.dtb");

	(void)state;
	/* linux,stdout-path finds it; a 16-bit register width rules it out. */
	assert_int_equal(p->uart.base, 0x10000000);
	assert_int_equal(p->uart.reg_io_width, 2);
	assert_false(p->uart.present);
}

static void test_more_harts_than_erg_manages(void **state)
{
	const struct platform *p = parse_ok("harts-many.dtb");

	(void)state;
	assert_int_equal(p->hart_count, ERG_MAX_HARTS);
	assert_int_equal(p->harts_ignored, 20 - ERG_MAX_HARTS);
	for (size_t i = 0; i < ERG_MAX_HARTS; i++)
		assert_int_equal(p->harts[i].id, i);
	assert_null(platform_hart(p, ERG_MAX_HARTS));
}

static void test_broken_trees(void **state)
{
	(void)state;
	expect_error("broken-no-cpus.dtb", "dtb", "no /cpus node");
	teardown(NULL);
	expect_error("broken-no-memory.dtb", "dtb", "no memory node with a reg");
	teardown(NULL);
	expect_error("broken-no-isa.dtb", "/cpus/cpu@1", "riscv,isa");
	teardown(NULL);
	expect_error("broken-bad-isa.dtb", "/cpus/cpu@0", "malformed riscv,isa");
	teardown(NULL);
	expect_error("broken-no-timebase.dtb", "/cpus", "no timebase-frequency");
	teardown(NULL);
	expect_error("broken-no-reg.dtb", "/cpus/cpu", "has no reg");
	teardown(NULL);
	expect_error("broken-no-harts.dtb", "/cpus", "no enabled hart");
}

/* The boot loader's initrd, start in two cells and end in one; none in QEMU's own trees. */
static void test_boot_archive(void **state)
{
	const struct platform *p = parse_ok("archive.dtb");

	(void)state;
	assert_int_equal(p->archive.base, 0x88200000);
	assert_int_equal(p->archive.size, 0x2000800);
	assert_false(p->archive_ignored);
	teardown(state);
	p = parse_ok("virt-smp4-2G.dtb");
	assert_int_equal(p->archive.size, 0);
	assert_false(p->archive_ignored);
}

/* A pair whose end lies before its start, or outside RAM, is no archive. */
static void test_boot_archive_ignored(void **state)
{
	static const struct {
		uint64_t start, end;
	} bad[] = {{0x88000000, 0x87000000}, {0x88000000, 0x88000000}, {0x9ff00000, 0xa0000001}};
	void *tree = host_load_test_dtb("archive.dtb");
	void *copy = malloc(fdt_totalsize(tree) + 64);

	(void)state;
	for (size_t i = 0; i < ARRAY_SIZE(bad); i++) {
		int chosen;

		assert_int_equal(fdt_open_into(tree, copy, (int)fdt_totalsize(tree) + 64), 0);
		chosen = fdt_path_offset(copy, "/chosen");
		fdt_setprop_u64(copy, chosen, "linux,initrd-start", bad[i].start);
		fdt_setprop_u64(copy, chosen, "linux,initrd-end", bad[i].end);
		assert_int_equal(platform_parse(copy, &plat), 0);
		assert_int_equal(plat.archive.size, 0);
		assert_true(plat.archive_ignored);
	}
	free(copy);
	free(tree);
}

static void test_not_a_dtb(void **state)
{
	uint32_t junk[64];
	uint32_t x = 0x12345678;

	(void)state;
	for (size_t i = 0; i < ARRAY_SIZE(junk); i++) {
		x ^= x << 13;
		x ^= x >> 17;
		x ^= x << 5;
		junk[i] = x;
	}
	assert_int_equal(platform_parse(junk, &plat), -1);
	assert_string_equal(plat.error, "dtb: not a valid flattened device tree");
	assert_int_equal(plat.hart_count, 0);
	assert_int_equal(plat.ram.count, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    {"qemu virt-smp1-512M", test_qemu_dtb, NULL, teardown, (void *)&qemu_cases[0]},
	    {"qemu virt-smp4-2G", test_qemu_dtb, NULL, teardown, (void *)&qemu_cases[1]},
	    {"qemu virt-smp8-1000M", test_qemu_dtb, NULL, teardown, (void *)&qemu_cases[2]},
	    {"qemu virt-smp2-5G", test_qemu_dtb, NULL, teardown, (void *)&qemu_cases[3]},
	    {"qemu virt-smp4-2G-nosstc", test_qemu_dtb, NULL, teardown, (void *)&qemu_cases[4]},
	    {"qemu virt-smp1-128M-noh", test_qemu_dtb, NULL, teardown, (void *)&qemu_cases[5]},
	    cmocka_unit_test_teardown(test_reserved_memory, teardown),
	    cmocka_unit_test_teardown(test_memory_banks, teardown),
	    cmocka_unit_test_teardown(test_one_cell_addresses, teardown),
	    cmocka_unit_test_teardown(test_which_nodes_are_harts, teardown),
	    cmocka_unit_test_teardown(test_harts_without_mmu_are_left_alone, teardown),
	    cmocka_unit_test_teardown(test_visionfive2, teardown),
	    cmocka_unit_test_teardown(test_visionfive2_boot_summary, teardown),
	    cmocka_unit_test_teardown(test_stdout_path_options, teardown),
	    cmocka_unit_test_teardown(test_stdout_alias_dw_uart, teardown),
	    cmocka_unit_test_teardown(test_stdout_unusable_uart, teardown),
	    cmocka_unit_test_teardown(test_more_harts_than_erg_manages, teardown),
	    cmocka_unit_test_teardown(test_broken_trees, teardown),
	    cmocka_unit_test_teardown(test_boot_archive, teardown),
	    cmocka_unit_test(test_boot_archive_ignored),
	    cmocka_unit_test(test_not_a_dtb),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
