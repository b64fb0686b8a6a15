/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Unit tests for core/boot/boot_memory.c, which carves the machine's free memory
 * out of a parsed DTB: RAM minus reserved memory, minus whatever firmware sits
 * below Erg's image in the image's own RAM bank, minus the image, minus the
 * DTB. Free memory must come out page aligned, inside RAM and clear of every
 * one of those, each removal must be logged as an "[erg] reserved" line, and
 * a map that would overflow must be reported.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include <libfdt.h>

#include "boot/boot_memory.h"
#include "host_arch.h"

static struct platform plat;
static void *dtb;

static int teardown(void **state)
{
	(void)state;
	free(dtb);
	dtb = NULL;
	return 0;
}

static const struct platform *parse_ok(const char *name)
{
	dtb = host_load_test_dtb(name);
	if (platform_parse(dtb, &plat))
		fail_msg("%s: %s", name, plat.error);
	return &plat;
}

static void set_image(paddr_t start, paddr_t end)
{
	host_image_start = start;
	host_image_end = end;
}

/* Every free range is page aligned, inside RAM and clear of [base, base+size). */
static void check_free(const struct mem_map *free, const struct platform *p, paddr_t base,
		       uint64_t size)
{
	for (size_t i = 0; i < free->count; i++) {
		const struct mem_range *r = &free->range[i];

		assert_int_equal(r->base % PAGE_SIZE, 0);
		assert_int_equal(r->size % PAGE_SIZE, 0);
		assert_true(r->size > 0);
		assert_true(mem_map_contains(&p->ram, r->base, r->size));
		if (mem_range_overlaps(r->base, r->size, base, size))
			fail_msg("free 0x%llx+0x%llx overlaps taken 0x%llx+0x%llx",
				 (unsigned long long)r->base, (unsigned long long)r->size,
				 (unsigned long long)base, (unsigned long long)size);
	}
}

static void check_clear_of_all(const struct mem_map *free, const struct platform *p,
			       paddr_t dtb_base, uint64_t dtb_size)
{
	for (size_t i = 0; i < p->reserved_count; i++)
		check_free(free, p, p->reserved[i].range.base, p->reserved[i].range.size);
	check_free(free, p, host_image_start, host_image_end - host_image_start);
	check_free(free, p, dtb_base, dtb_size);
}

static void test_carve_reserved_tree(void **state)
{
	const struct platform *p = parse_ok("reserved.dtb");
	const paddr_t at = 0x8e000123; /* deliberately not page aligned */
	const uint64_t size = fdt_totalsize(dtb);
	const paddr_t dtb_next = ALIGN_UP(at + size, PAGE_SIZE);
	struct mem_map free;
	char want[1024];

	(void)state;
	set_image(0x80200000, 0x80400000);
	host_console_reset();
	assert_int_equal(boot_memory_carve(p, at, size, &free), 0);
	check_clear_of_all(&free, p, at, size);
	check_free(&free, p, 0x80000000, 0x200000); /* firmware below the image */
	assert_int_equal(free.count, 4);
	assert_int_equal(free.range[0].base, 0x80400000);
	assert_int_equal(free.range[0].size, 0x87000000 - 0x80400000);
	assert_int_equal(free.range[1].base, 0x87001000);
	assert_int_equal(free.range[1].size, 0x8e000000 - 0x87001000);
	assert_int_equal(free.range[2].base, dtb_next);
	assert_int_equal(free.range[2].size, 0x8f000000 - dtb_next);
	assert_int_equal(free.range[3].base, 0x8f800000);
	assert_int_equal(free.range[3].size, 0x800000);

	snprintf(want, sizeof(want),
		 "[erg] reserved 0x80000000-0x8001ffff memreserve\n"
		 "[erg] reserved 0x87000000-0x87000fff memreserve\n"
		 "[erg] reserved 0x80000000-0x8003ffff mmode_resv0@80000000\n"
		 "[erg] reserved 0x8f000000-0x8f7fffff fb@8f000000\n"
		 "[erg] reserved 0x80000000-0x801fffff firmware below Erg\n"
		 "[erg] reserved 0x80200000-0x803fffff Erg image\n"
		 "[erg] reserved 0x8e000123-0x%08llx firmware DTB\n",
		 (unsigned long long)(at + size - 1));
	assert_string_equal(host_console_text, want);
}

/* Every QEMU tree, with the DTB in the last 2 MiB of RAM as QEMU places it. */
static void test_carve_qemu_trees(void **state)
{
	static const char *const names[] = {
	    "virt-smp1-512M.dtb", "virt-smp4-2G.dtb",	     "virt-smp8-1000M.dtb",
	    "virt-smp2-5G.dtb",	  "virt-smp4-2G-nosstc.dtb", "virt-smp1-128M-noh.dtb",
	};

	(void)state;
	for (size_t i = 0; i < ARRAY_SIZE(names); i++) {
		const struct platform *p = parse_ok(names[i]);
		const struct mem_range *ram = &p->ram.range[0];
		const uint64_t size = fdt_totalsize(dtb);
		const paddr_t at = ram->base + ram->size - 0x200000;
		struct mem_map free;

		set_image(0x80200000, 0x80236789);
		host_console_reset();
		assert_int_equal(boot_memory_carve(p, at, size, &free), 0);
		check_clear_of_all(&free, p, at, size);
		check_free(&free, p, ram->base, 0x200000);
		assert_int_equal(free.count, 2);
		assert_int_equal(free.range[0].base, 0x80237000);
		assert_int_equal(mem_map_total(&free),
				 ram->size - 0x237000 - ALIGN_UP(size, PAGE_SIZE));
		assert_non_null(strstr(host_console_text, "firmware below Erg"));
		assert_non_null(strstr(host_console_text, "[erg] reserved 0x80200000-0x80236788 "
							  "Erg image\n"));
		teardown(NULL);
	}
}

/* Firmware is what lies below the image in the image's bank, not in the first bank. */
static void test_firmware_only_in_image_bank(void **state)
{
	const struct platform *p = parse_ok("memory-banks.dtb");
	struct mem_map free;

	(void)state;
	set_image(0x100200000, 0x100400000);
	host_console_reset();
	assert_int_equal(boot_memory_carve(p, 0x200000000, 0x2000, &free), 0);
	assert_int_equal(free.count, 3);
	/* The first bank stays whole. */
	assert_int_equal(free.range[0].base, 0x80000000);
	assert_int_equal(free.range[0].size, 0x20100000);
	assert_int_equal(free.range[1].base, 0x100400000);
	assert_int_equal(free.range[1].size, 0x40000000 - 0x400000);
	assert_int_equal(free.range[2].base, 0x200002000);
	assert_non_null(strstr(host_console_text,
			       "[erg] reserved 0x100000000-0x1001fffff firmware below Erg\n"));
	assert_non_null(
	    strstr(host_console_text, "[erg] reserved 0x200000000-0x200001fff firmware DTB\n"));
}

/* An image outside RAM has no firmware below it, and nothing to log for it. */
static void test_image_outside_ram(void **state)
{
	const struct platform *p = parse_ok("cells1.dtb");
	struct mem_map free;

	(void)state;
	set_image(0x20000000, 0x20100000);
	host_console_reset();
	assert_int_equal(boot_memory_carve(p, 0x87fff000, 0x1000, &free), 0);
	assert_null(strstr(host_console_text, "firmware below Erg"));
	/* RAM 0x80000000+128 MiB, minus the 512 KiB sbi@ node and the last page. */
	assert_int_equal(free.count, 1);
	assert_int_equal(free.range[0].base, 0x80080000);
	assert_int_equal(free.range[0].size, 0x8000000 - 0x80000 - 0x1000);
	assert_string_equal(host_console_text,
			    "[erg] reserved 0x80000000-0x8007ffff sbi@80000000\n"
			    "[erg] reserved 0x20000000-0x200fffff Erg image\n"
			    "[erg] reserved 0x87fff000-0x87ffffff firmware DTB\n");
}

/* A platform whose RAM already fills the map: a split cannot fit. */
/* The boot archive stays reserved: guest reboots reload images from it. */
static void test_boot_archive_reserved(void **state)
{
	const struct platform *p = parse_ok("archive.dtb");
	struct mem_map free;

	(void)state;
	set_image(0x80200000, 0x80400000);
	host_console_reset();
	assert_int_equal(boot_memory_carve(p, 0x9fe00000, 0x1000, &free), 0);
	check_free(&free, p, 0x88200000, 0x2000800);
	assert_non_null(
	    strstr(host_console_text, "[erg] reserved 0x88200000-0x8a2007ff boot archive\n"));
	assert_int_equal(free.range[1].base, 0x8a201000); /* page-aligned after the archive */
}

static void test_overflow_reported(void **state)
{
	struct platform *p = &plat;
	struct mem_map free;

	(void)state;
	memset(p, 0, sizeof(*p));
	for (uint64_t i = 0; i < MEM_MAP_MAX; i++)
		assert_int_equal(mem_map_add(&p->ram, 0x80000000 + i * 0x100000, 0x80000), 0);
	p->reserved_count = 1;
	p->reserved[0] = (struct platform_reserved){{0x80510000, 0x1000}, "hole"};
	set_image(0x40000000, 0x40000000);
	host_console_reset();
	assert_int_equal(boot_memory_carve(p, 0x40000000, 0, &free), -1);
	assert_false(mem_map_contains(&free, 0x80510000, 1));
	assert_string_equal(host_console_text, "[erg] reserved 0x80510000-0x80510fff hole\n");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_teardown(test_carve_reserved_tree, teardown),
	    cmocka_unit_test_teardown(test_carve_qemu_trees, teardown),
	    cmocka_unit_test_teardown(test_firmware_only_in_image_bank, teardown),
	    cmocka_unit_test_teardown(test_image_outside_ram, teardown),
	    cmocka_unit_test_teardown(test_boot_archive_reserved, teardown),
	    cmocka_unit_test(test_overflow_reported),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
