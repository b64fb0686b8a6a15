/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Unit tests for core/vm/vm_images.c: a guest's kernel-file and initrd-file
 * taken from a boot archive in host memory and placed; and each way that
 * fails with its one line (no archive, a file not in it, a damaged entry, a
 * checksum that does not match, an image too big for the first region).
 * Last, the boot log's one line on the archive.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "host_arch.h"
#include "lib/cpio.h"
#include "vm/vm_images.h"

static uint8_t archive[1024];
static size_t archive_len;
static struct platform plat;
static struct config_guest guest;
static char why[160];

static void put(const char *magic, const char *name, const char *data, uint32_t check)
{
	size_t name_len = strlen(name) + 1, size = strlen(data);

	archive_len +=
	    (size_t)sprintf((char *)archive + archive_len,
			    "%s%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X%08zX%08X", magic, 1,
			    0100644, 0, 0, 1, 0, (unsigned)size, 0, 0, 0, 0, name_len, check);
	memcpy(archive + archive_len, name, name_len);
	archive_len = (archive_len + name_len + 3) & ~(size_t)3;
	memcpy(archive + archive_len, data, size);
	archive_len = (archive_len + size + 3) & ~(size_t)3;
}

/* kern.bin (crc, 8 bytes), rd.img (newc) and the trailer; a guest with 64 KiB at 0x80000000. */
static int setup(void **state)
{
	(void)state;
	memset(archive, 0, sizeof(archive));
	archive_len = 0;
	put("070702", "kern.bin", "kernel!!", cpio_sum("kernel!!", 8));
	put("070701", "./rd.img", "ramdisk", 0);
	put("070701", "TRAILER!!!", "", 0);
	memset(&plat, 0, sizeof(plat));
	plat.archive = (struct mem_range){(uintptr_t)archive, archive_len};
	memset(&guest, 0, sizeof(guest));
	guest.region_count = 1;
	guest.regions[0] = (struct config_region){0x80000000, 0x10000, 0};
	guest.kernel.file = "kern.bin";
	guest.kernel.offset = 0x1000;
	guest.initrd.file = "rd.img";
	return 0;
}

static void expect_why(const char *want)
{
	assert_int_equal(vm_images_fetch(&guest, &plat, why, sizeof(why)), -1);
	assert_string_equal(why, want);
}

static void test_images_found_and_placed(void **state)
{
	(void)state;
	assert_int_equal(vm_images_fetch(&guest, &plat, why, sizeof(why)), 0);
	assert_memory_equal(guest.kernel.data, "kernel!!", 8);
	assert_int_equal(guest.kernel.size, 8);
	assert_int_equal(guest.kernel.gpa, 0x80001000);
	assert_int_equal(guest.entry_gpa, 0x80001000);
	assert_memory_equal(guest.initrd.data, "ramdisk", 7);
	assert_int_equal(guest.initrd.gpa, 0x8000f000); /* the top page of the region */
}

static void test_no_archive(void **state)
{
	(void)state;
	plat.archive.size = 0;
	expect_why("kernel \"kern.bin\": no boot archive (no initrd)");
}

static void test_file_not_in_archive(void **state)
{
	(void)state;
	guest.initrd.file = "other.img";
	expect_why("initrd \"other.img\": not in the boot archive");
}

static void test_checksum_mismatch(void **state)
{
	(void)state;
	archive[112 + 8 + 2] ^= 1; /* a byte of kern.bin's data, after header and name */
	expect_why("kernel \"kern.bin\": checksum 0x000002c4, archive says 0x000002c3");
}

static void test_damaged_header(void **state)
{
	(void)state;
	archive[6 + 6 * 8] = 'x'; /* kern.bin's filesize */
	expect_why("kernel \"kern.bin\": boot archive damaged at offset 0x0 (a header field is "
		   "not hex)");
}

static void test_image_too_big(void **state)
{
	(void)state;
	guest.kernel.offset = 0xfffc;
	expect_why("kernel \"kern.bin\": 0x8 bytes at offset 0xfffc do not fit in the first region "
		   "(size 0x10000)");
	assert_null(guest.kernel.data); /* no half-placed image for a later restart */
	assert_null(guest.initrd.data);
}

static void test_guest_without_files_untouched(void **state)
{
	(void)state;
	guest.kernel.file = guest.initrd.file = NULL;
	plat.archive.size = 0;
	assert_int_equal(vm_images_fetch(&guest, &plat, why, sizeof(why)), 0);
	assert_null(guest.kernel.data);
}

static void test_survey_lines(void **state)
{
	(void)state;
	host_console_reset();
	vm_images_survey(&plat);
	plat.archive.size = 200; /* cut inside rd.img */
	vm_images_survey(&plat);
	plat.archive.size = 0;
	vm_images_survey(&plat);
	assert_string_equal(host_console_text,
			    "[erg] boot archive: 2 files, 15 bytes\n"
			    "[erg] boot archive: cut short at offset 0x80, after 1 file\n"
			    "[erg] boot archive: none\n");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup(test_images_found_and_placed, setup),
	    cmocka_unit_test_setup(test_no_archive, setup),
	    cmocka_unit_test_setup(test_file_not_in_archive, setup),
	    cmocka_unit_test_setup(test_checksum_mismatch, setup),
	    cmocka_unit_test_setup(test_damaged_header, setup),
	    cmocka_unit_test_setup(test_image_too_big, setup),
	    cmocka_unit_test_setup(test_guest_without_files_untouched, setup),
	    cmocka_unit_test_setup(test_survey_lines, setup),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
