/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Unit tests for the partition-config parser (core/config*.c): a two-guest
 * config parsed into exact struct values with defaults applied, the empty
 * config, scheduling properties and window tables, and error paths made by editing that config in
 * memory with libfdt so each test changes one thing. The full rule-by-rule corpus is
 * tests/configs/, run through the build's checker.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>

#include <cmocka.h>
#include <libfdt.h>
#include <stdlib.h>
#include <string.h>

#include "config/config.h"
#include "host_arch.h"

#define EDIT_ROOM 0x10000

static struct config cfg;
static char err[160];

/* config-two.dtb, copied into a buffer with room for edits. */
static void *two_guests(void)
{
	void *dtb = host_load_test_dtb("config-two.dtb");
	void *fdt = malloc(EDIT_ROOM);

	assert_non_null(fdt);
	assert_int_equal(fdt_open_into(dtb, fdt, EDIT_ROOM), 0);
	free(dtb);
	return fdt;
}

static int node(const void *fdt, const char *path)
{
	int offset = fdt_path_offset(fdt, path);

	assert_true(offset >= 0);
	return offset;
}

/* Set a property of 64-bit numbers, each written as two cells. */
static void set_u64s(void *fdt, const char *path, const char *name, const uint64_t *v, size_t n)
{
	fdt64_t cells[8];

	assert_true(n <= ARRAY_SIZE(cells));
	for (size_t i = 0; i < n; i++)
		cells[i] = cpu_to_fdt64(v[i]);
	assert_int_equal(fdt_setprop(fdt, node(fdt, path), name, cells, (int)(n * 8)), 0);
}

/*
 * Add /schedule/<name> (and /schedule if missing): owners is a string list
 * of len bytes ("a\0b"), lengths has one length per owner.
 */
#define OWNERS(list) list, (int)sizeof(list)

static void add_table(void *fdt, const char *name, uint32_t frame, const char *owners, int len,
		      const uint32_t *lengths, size_t n, bool background)
{
	fdt32_t cells[CONFIG_MAX_WINDOWS];
	int schedule = fdt_subnode_offset(fdt, 0, "schedule");
	int table;

	if (schedule < 0)
		schedule = fdt_add_subnode(fdt, 0, "schedule");
	assert_true(schedule >= 0);
	table = fdt_add_subnode(fdt, schedule, name);
	assert_true(table >= 0);
	assert_true(n <= ARRAY_SIZE(cells));
	for (size_t i = 0; i < n; i++)
		cells[i] = cpu_to_fdt32(lengths[i]);
	assert_int_equal(fdt_setprop_u32(fdt, table, "frame-us", frame), 0);
	assert_int_equal(fdt_setprop(fdt, table, "windows", owners, len), 0);
	assert_int_equal(fdt_setprop(fdt, table, "window-us", cells, (int)(n * 4)), 0);
	if (background)
		assert_int_equal(fdt_setprop_empty(fdt, table, "background"), 0);
}

/* Parse fdt, expect failure with exactly msg, and free fdt. */
static void expect_error(void *fdt, const char *msg)
{
	assert_int_equal(config_parse(fdt, &cfg, err, sizeof(err)), -1);
	assert_string_equal(err, msg);
	free(fdt);
}

static void test_two_guests_exact(void **state)
{
	void *fdt = two_guests();
	const struct config_guest *g = &cfg.guests[0];

	(void)state;
	assert_int_equal(config_parse(fdt, &cfg, err, sizeof(err)), 0);
	assert_string_equal(err, "");
	assert_int_equal(cfg.machine_memory, 0x80000000);
	assert_int_equal(cfg.guest_count, 2);
	assert_string_equal(g->name, "linux");
	assert_int_equal(g->node, node(fdt, "/guests/linux"));
	assert_int_equal(g->vcpus, 2);
	assert_int_equal(g->hart_mask, 0xa);
	assert_int_equal(g->region_count, 2);
	assert_int_equal(g->regions[0].gpa, 0x80000000);
	assert_int_equal(g->regions[0].size, 0x8000000);
	assert_int_equal(g->regions[0].hpa, 0x90000000);
	assert_int_equal(g->regions[1].gpa, 0x100000000);
	assert_int_equal(g->regions[1].size, 0x1000000);
	assert_int_equal(g->regions[1].hpa, 0x98000000);
	assert_int_equal(g->kernel.size, 8);
	assert_memory_equal(g->kernel.data, "\x13\0\0\0\x6f\0\0\0", 8);
	assert_int_equal(g->kernel.gpa, 0x80200000);
	assert_int_equal(g->entry_gpa, 0x80200000);
	assert_int_equal(g->initrd.size, 5);
	assert_memory_equal(g->initrd.data, "07070", 5);
	/* End of the first region minus 5 bytes, aligned down to a page. */
	assert_int_equal(g->initrd.gpa, 0x87fff000);
	assert_string_equal(g->bootargs, "console=ttyS0 earlycon");
	assert_int_equal(config_guest_memory(g), 0x9000000);
	free(fdt);
}

static void test_defaults(void **state)
{
	void *fdt = two_guests();
	const struct config_guest *g = &cfg.guests[1];

	(void)state;
	assert_int_equal(config_parse(fdt, &cfg, err, sizeof(err)), 0);
	assert_string_equal(g->name, "rtos");
	assert_int_equal(g->vcpus, 1);
	assert_int_equal(g->hart_mask, (1ULL << ERG_MAX_HARTS) - 1);
	assert_int_equal(g->region_count, 1);
	assert_int_equal(g->regions[0].hpa, 0);
	assert_int_equal(g->kernel.gpa, 0x40000000);
	assert_int_equal(g->entry_gpa, 0x40000000);
	assert_null(g->initrd.data);
	assert_null(g->bootargs);
	assert_int_equal(g->priority, 0);
	assert_int_equal(g->slice_us, CONFIG_SLICE_US_DEFAULT);
	assert_int_equal(cfg.guests[0].slice_us, 10000);
	assert_int_equal(cfg.table_count, 0);
	free(fdt);
}

static void test_priority_and_slice(void **state)
{
	void *fdt = two_guests();

	(void)state;
	fdt_setprop_u32(fdt, node(fdt, "/guests/linux"), "priority", 7);
	fdt_setprop_u32(fdt, node(fdt, "/guests/linux"), "slice-us", 100);
	fdt_setprop_u32(fdt, node(fdt, "/guests/rtos"), "slice-us", 1000000);
	assert_int_equal(config_parse(fdt, &cfg, err, sizeof(err)), 0);
	assert_int_equal(cfg.guests[0].priority, 7);
	assert_int_equal(cfg.guests[0].slice_us, 100);
	assert_int_equal(cfg.guests[1].priority, 0);
	assert_int_equal(cfg.guests[1].slice_us, 1000000);
	free(fdt);
}

static void test_priority_over_limit(void **state)
{
	void *fdt = two_guests();

	(void)state;
	fdt_setprop_u32(fdt, node(fdt, "/guests/rtos"), "priority", 8);
	expect_error(fdt, "/guests/rtos/priority: 8 is outside 0 to 7");
}

static void test_slice_too_short(void **state)
{
	void *fdt = two_guests();

	(void)state;
	fdt_setprop_u32(fdt, node(fdt, "/guests/rtos"), "slice-us", 0);
	expect_error(fdt, "/guests/rtos/slice-us: 0 is outside 100 to 1000000");
}

/* linux may run on harts 1 and 3, rtos anywhere. */
static void test_window_tables(void **state)
{
	const uint32_t three[] = {2000, 5000, 3000}, one[] = {1000};
	void *fdt = two_guests();
	const struct config_table *t = &cfg.tables[0];

	(void)state;
	/* libfdt adds a node before its siblings: the tree lists hart@3 first. */
	add_table(fdt, "hart@1", 1000, OWNERS("linux"), one, 1, false);
	add_table(fdt, "hart@3", 10000, OWNERS("rtos\0linux\0idle"), three, 3, true);
	assert_int_equal(config_parse(fdt, &cfg, err, sizeof(err)), 0);
	assert_int_equal(cfg.table_count, 2);
	assert_int_equal(t->hart, 3);
	assert_int_equal(t->node, node(fdt, "/schedule/hart@3"));
	assert_int_equal(t->frame_us, 10000);
	assert_int_equal(t->count, 3);
	assert_int_equal(t->owner[0], 1);
	assert_int_equal(t->owner[1], 0);
	assert_int_equal(t->owner[2], CONFIG_IDLE_OWNER);
	assert_int_equal(t->length_us[0], 2000);
	assert_int_equal(t->length_us[1], 5000);
	assert_int_equal(t->length_us[2], 3000);
	assert_true(t->background);
	t++;
	assert_int_equal(t->hart, 1);
	assert_int_equal(t->frame_us, 1000);
	assert_int_equal(t->count, 1);
	assert_int_equal(t->owner[0], 0);
	assert_int_equal(t->length_us[0], 1000);
	assert_false(t->background);
	free(fdt);
}

static void test_window_sum(void **state)
{
	const uint32_t lengths[] = {5000, 4000};
	void *fdt = two_guests();

	(void)state;
	add_table(fdt, "hart@0", 10000, OWNERS("rtos\0idle"), lengths, 2, false);
	expect_error(fdt,
		     "/schedule/hart@0/window-us: windows sum to 9000 us, not the frame's 10000");
}

static void test_window_owner_not_on_hart(void **state)
{
	const uint32_t lengths[] = {5000, 5000};
	void *fdt = two_guests();

	(void)state;
	add_table(fdt, "hart@2", 10000, OWNERS("rtos\0linux"), lengths, 2, false);
	expect_error(fdt, "/schedule/hart@2/windows: window 1: guest linux may not run on hart 2 "
			  "(see its harts)");
}

static void test_window_owner_unknown(void **state)
{
	const uint32_t lengths[] = {10000};
	void *fdt = two_guests();

	(void)state;
	add_table(fdt, "hart@1", 10000, OWNERS("linus"), lengths, 1, false);
	expect_error(fdt, "/schedule/hart@1/windows: window 0: no guest named \"linus\"");
}

static void test_window_count_mismatch(void **state)
{
	const uint32_t lengths[] = {10000};
	void *fdt = two_guests();

	(void)state;
	add_table(fdt, "hart@1", 10000, OWNERS("linux\0rtos"), lengths, 1, false);
	expect_error(fdt, "/schedule/hart@1/window-us: 1 lengths for 2 windows");
}

static void test_no_guests(void **state)
{
	void *fdt = host_load_test_dtb("config-empty.dtb");

	(void)state;
	assert_int_equal(config_parse(fdt, &cfg, err, sizeof(err)), 0);
	assert_int_equal(cfg.guest_count, 0);
	assert_int_equal(cfg.machine_memory, 0);
	free(fdt);
}

static void test_explicit_initrd_and_phandle(void **state)
{
	void *fdt = two_guests();

	(void)state;
	fdt_setprop_u64(fdt, node(fdt, "/guests/linux"), "initrd-offset", 0x1000000);
	fdt_setprop_u32(fdt, node(fdt, "/guests/rtos"), "phandle", 7);
	assert_int_equal(config_parse(fdt, &cfg, err, sizeof(err)), 0);
	assert_int_equal(cfg.guests[0].initrd.gpa, 0x81000000);
	free(fdt);
}

/* A kernel named in the boot archive: read at parse time, placed once boot knows its size. */
static void test_kernel_file_placed_at_boot(void **state)
{
	static const uint8_t image[0x1000];
	void *fdt = two_guests();
	struct config_guest *g = &cfg.guests[1];
	struct config_misfit misfit;

	(void)state;
	assert_int_equal(fdt_delprop(fdt, node(fdt, "/guests/rtos"), "kernel"), 0);
	assert_int_equal(
	    fdt_setprop_string(fdt, node(fdt, "/guests/rtos"), "kernel-file", "rtos.bin"), 0);
	assert_int_equal(config_parse(fdt, &cfg, err, sizeof(err)), 0);
	assert_string_equal(g->kernel.file, "rtos.bin");
	assert_null(g->kernel.data);
	assert_int_equal(g->entry_gpa, 0x40000000);
	g->kernel.data = image;
	g->kernel.size = sizeof(image);
	assert_int_equal(config_place_images(g, &misfit), 0);
	assert_int_equal(g->kernel.gpa, 0x40000000);
	g->kernel.size = 0x100001;
	assert_int_equal(config_place_images(g, &misfit), -1);
	assert_string_equal(misfit.prop, "kernel");
	assert_string_equal(misfit.why,
			    "0x100001 bytes at offset 0x0 do not fit in the first region "
			    "(size 0x100000)");
	free(fdt);
}

/* An initrd from the archive lands where the same initrd embedded would. */
static void test_initrd_file_placed_like_an_embedded_one(void **state)
{
	void *fdt = two_guests();
	struct config_guest *g = &cfg.guests[0];
	struct config_misfit misfit;

	(void)state;
	assert_int_equal(fdt_delprop(fdt, node(fdt, "/guests/linux"), "initrd"), 0);
	assert_int_equal(fdt_setprop_string(fdt, node(fdt, "/guests/linux"), "initrd-file", "rd"),
			 0);
	assert_int_equal(config_parse(fdt, &cfg, err, sizeof(err)), 0);
	assert_null(g->initrd.data);
	assert_int_equal(g->entry_gpa, 0x80200000);
	g->initrd.data = "07070";
	g->initrd.size = 5;
	assert_int_equal(config_place_images(g, &misfit), 0);
	assert_int_equal(g->initrd.gpa, 0x87fff000);
	assert_int_equal(g->kernel.gpa, 0x80200000);
	g->initrd.size = 0x8000001;
	assert_int_equal(config_place_images(g, &misfit), -1);
	assert_string_equal(misfit.prop, "initrd");
	free(fdt);
}

static void test_kernel_file_offset_outside(void **state)
{
	void *fdt = two_guests();

	(void)state;
	fdt_delprop(fdt, node(fdt, "/guests/rtos"), "kernel");
	fdt_setprop_string(fdt, node(fdt, "/guests/rtos"), "kernel-file", "rtos.bin");
	fdt_setprop_u64(fdt, node(fdt, "/guests/rtos"), "kernel-offset", 0x100000);
	expect_error(fdt, "/guests/rtos/kernel-offset: 0x100000 is outside the first region (size "
			  "0x100000)");
}

static void test_vcpus_zero(void **state)
{
	void *fdt = two_guests();

	(void)state;
	fdt_setprop_u32(fdt, node(fdt, "/guests/rtos"), "vcpus", 0);
	expect_error(fdt, "/guests/rtos/vcpus: must be at least 1");
}

static void test_regions_overlap(void **state)
{
	const uint64_t memory[] = {0x80000000, 0x200000, 0x801ff000, 0x1000};
	void *fdt = two_guests();

	(void)state;
	set_u64s(fdt, "/guests/rtos", "memory", memory, ARRAY_SIZE(memory));
	expect_error(fdt, "/guests/rtos/memory: regions 0 and 1 overlap");
}

static void test_unknown_property(void **state)
{
	void *fdt = two_guests();

	(void)state;
	fdt_setprop_u32(fdt, node(fdt, "/guests/linux"), "weight", 1);
	expect_error(fdt, "/guests/linux/weight: unknown property");
}

static void test_unknown_device(void **state)
{
	void *fdt = two_guests();

	(void)state;
	assert_true(fdt_add_subnode(fdt, node(fdt, "/guests/rtos"), "frobnicator@10000000") >= 0);
	expect_error(fdt, "/guests/rtos/frobnicator@10000000: unknown device");
}

static void test_missing_guests_node(void **state)
{
	void *fdt = two_guests();

	(void)state;
	assert_int_equal(fdt_del_node(fdt, node(fdt, "/guests")), 0);
	expect_error(fdt, "/: missing the guests node");
}

static void test_pinned_memory_shared(void **state)
{
	const uint64_t host[] = {0x98000000};
	void *fdt = two_guests();

	(void)state;
	set_u64s(fdt, "/guests/rtos", "memory-host", host, ARRAY_SIZE(host));
	expect_error(
	    fdt, "/guests/rtos/memory-host: region 0 overlaps host memory of guest linux region 1");
}

static void test_over_machine_memory(void **state)
{
	void *fdt = two_guests();

	(void)state;
	fdt_setprop_u64(fdt, 0, "machine-memory", 0x9000000);
	expect_error(fdt,
		     "/machine-memory: guests need 0x9100000 bytes, more than the 0x9000000 given");
}

static void test_uplink(void **state)
{
	void *fdt = two_guests();

	(void)state;
	assert_int_equal(fdt_setprop_empty(fdt, 0, "uplink"), 0);
	expect_error(fdt, "/uplink: no guest has a virtio-net on the switch to use it");
	fdt = two_guests();
	assert_int_equal(fdt_setprop_empty(fdt, 0, "uplink"), 0);
	assert_true(fdt_add_subnode(fdt, node(fdt, "/guests/rtos"), "plic") >= 0);
	assert_true(fdt_add_subnode(fdt, node(fdt, "/guests/rtos"), "virtio-net") >= 0);
	assert_int_equal(config_parse(fdt, &cfg, err, sizeof(err)), 0);
	assert_true(cfg.uplink);
	assert_int_equal(fdt_setprop_u32(fdt, 0, "uplink", 1), 0);
	expect_error(fdt, "/uplink: takes no value (write `uplink;`)");
}

static void test_not_a_dtb(void **state)
{
	char junk[64] = {0};

	(void)state;
	assert_int_equal(config_parse(junk, &cfg, err, sizeof(err)), -1);
	assert_string_equal(err, "dtb: not a valid flattened device tree");
}

static void test_short_error_buffer(void **state)
{
	void *fdt = two_guests();
	char small[12];

	(void)state;
	fdt_setprop_u32(fdt, node(fdt, "/guests/rtos"), "vcpus", 9);
	assert_int_equal(config_parse(fdt, &cfg, small, sizeof(small)), -1);
	assert_string_equal(small, "/guests/rto");
	assert_int_equal(config_parse(fdt, &cfg, NULL, 0), -1);
	free(fdt);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_two_guests_exact),
	    cmocka_unit_test(test_defaults),
	    cmocka_unit_test(test_no_guests),
	    cmocka_unit_test(test_explicit_initrd_and_phandle),
	    cmocka_unit_test(test_priority_and_slice),
	    cmocka_unit_test(test_priority_over_limit),
	    cmocka_unit_test(test_slice_too_short),
	    cmocka_unit_test(test_window_tables),
	    cmocka_unit_test(test_window_sum),
	    cmocka_unit_test(test_window_owner_not_on_hart),
	    cmocka_unit_test(test_window_owner_unknown),
	    cmocka_unit_test(test_window_count_mismatch),
	    cmocka_unit_test(test_vcpus_zero),
	    cmocka_unit_test(test_regions_overlap),
	    cmocka_unit_test(test_unknown_property),
	    cmocka_unit_test(test_unknown_device),
	    cmocka_unit_test(test_missing_guests_node),
	    cmocka_unit_test(test_pinned_memory_shared),
	    cmocka_unit_test(test_over_machine_memory),
	    cmocka_unit_test(test_uplink),
	    cmocka_unit_test(test_not_a_dtb),
	    cmocka_unit_test(test_short_error_buffer),
	    cmocka_unit_test(test_kernel_file_placed_at_boot),
	    cmocka_unit_test(test_initrd_file_placed_like_an_embedded_one),
	    cmocka_unit_test(test_kernel_file_offset_outside),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
