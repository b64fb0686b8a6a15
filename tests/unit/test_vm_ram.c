/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Unit tests for core/vm/vm_ram.c, guest RAM made ready on first touch, over a
 * host arena given to page_alloc and filled with junk first, so a byte that
 * reads zero was zeroed by vm_ram. Checked: reserving maps and zeroes nothing;
 * vm_gpa_to_hpa and vm_ram_fault map and zero exactly the chunks they touch,
 * once (data written later survives); ranges and addresses outside a region
 * get 0 and map nothing; scrub zeroes only ready chunks; a region's short tail
 * chunk stops at the region's end; huge regions use bigger chunks; plain
 * (hand-built) regions are never mapped, and scrub zeroes them whole. Loading
 * an image makes its chunks ready with its bytes and zeros around them,
 * leaves what a ready chunk holds beside it, and refuses a range outside RAM.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "arch/gstage.h"
#include "host_arch.h"
#include "mem/page_alloc.h"
#include "vm/vm.h"

#define ARENA_SIZE MIB(66) /* 64 MiB of guest RAM and tables, plus slack */
#define JUNK	   0xa5
#define GUARD	   0x5a
#define DATA	   0x11
#define RAM_GPA	   0x80000000ULL
#define CHUNK	   MIB(2)
#define GIB(x)	   ((uint64_t)(x) << 30)

static void *arena;
static struct vm vm;
static struct vm_region *const reg = &vm.regions[0];

static int group_setup(void **state)
{
	(void)state;
	arena = aligned_alloc(MIB(2), ARENA_SIZE);
	return arena ? 0 : -1;
}

static int group_teardown(void **state)
{
	(void)state;
	free(arena);
	return 0;
}

/* A junk-filled arena (page_alloc_init writes its bitmap over it) and a guest with a G-stage. */
static int setup(void **state)
{
	(void)state;
	if (host_page_arena(arena, ARENA_SIZE, JUNK))
		return -1;
	memset(&vm, 0, sizeof(vm));
	return vm_arch_init(&vm.arch, 1, CONFIG_GPA_LIMIT);
}

/* Region 0 of the guest: size bytes of RAM at RAM_GPA. */
static void ram(uint64_t size)
{
	assert_int_equal(vm_ram_reserve(reg, RAM_GPA, size, 0), 0);
	vm.region_count = 1;
}

static unsigned char *host(uint64_t offset)
{
	return (unsigned char *)(uintptr_t)(reg->hpa + offset);
}

static bool all_bytes(const unsigned char *p, uint64_t len, unsigned char b)
{
	for (uint64_t i = 0; i < len; i++)
		if (p[i] != b)
			return false;
	return true;
}

static bool mapped(uint64_t gpa)
{
	paddr_t hpa;
	unsigned perms;

	return gstage_translate(&vm.arch.gstage, gpa, &hpa, &perms);
}

/* gpa maps read-write-execute to the region's host byte at the same offset. */
static void expect_mapped(uint64_t gpa)
{
	paddr_t hpa = 0;
	unsigned perms = 0;

	assert_true(gstage_translate(&vm.arch.gstage, gpa, &hpa, &perms));
	assert_int_equal(hpa, reg->hpa + (gpa - reg->gpa));
	assert_int_equal(perms, GSTAGE_RWX);
}

/* Chunk i (len bytes) mapped end to end and all zero. */
static void expect_ready(uint64_t i, uint64_t len)
{
	expect_mapped(RAM_GPA + i * CHUNK);
	expect_mapped(RAM_GPA + i * CHUNK + len - 1);
	assert_true(all_bytes(host(i * CHUNK), len, 0));
}

/* Chunk i neither mapped nor zeroed: still the junk reserve found. */
static void expect_untouched(uint64_t i)
{
	assert_false(mapped(RAM_GPA + i * CHUNK));
	assert_false(mapped(RAM_GPA + (i + 1) * CHUNK - 1));
	assert_true(all_bytes(host(i * CHUNK), CHUNK, JUNK));
}

static void test_reserve_touches_nothing(void **state)
{
	(void)state;
	ram(MIB(8));
	assert_true(reg->on_demand);
	assert_int_equal(reg->chunk_shift, 21);
	assert_int_equal(reg->hpa % MIB(2), 0); /* so chunks can be 2 MiB superpages */
	for (uint64_t i = 0; i < 4; i++)
		expect_untouched(i);
}

static void test_gpa_to_hpa_prepares_its_chunk_only(void **state)
{
	uint64_t gpa = RAM_GPA + CHUNK + 0x1234;

	(void)state;
	ram(MIB(8));
	assert_int_equal(vm_gpa_to_hpa(&vm, gpa, 16), reg->hpa + CHUNK + 0x1234);
	expect_ready(1, CHUNK);
	expect_untouched(0);
	expect_untouched(2);
	expect_untouched(3);
}

static void test_straddling_range_prepares_both_chunks(void **state)
{
	(void)state;
	ram(MIB(8));
	/* The last page of chunk 1 and the first of chunk 2. */
	assert_int_equal(vm_gpa_to_hpa(&vm, RAM_GPA + 2 * CHUNK - PAGE_SIZE, 2 * PAGE_SIZE),
			 reg->hpa + 2 * CHUNK - PAGE_SIZE);
	expect_ready(1, CHUNK);
	expect_ready(2, CHUNK);
	expect_untouched(0);
	expect_untouched(3);
}

static void test_ready_chunk_not_zeroed_again(void **state)
{
	unsigned char *p;

	(void)state;
	ram(MIB(8));
	p = (unsigned char *)(uintptr_t)vm_gpa_to_hpa(&vm, RAM_GPA + CHUNK, CHUNK);
	assert_non_null(p);
	memset(p, DATA, CHUNK);
	/* Erg reaching into it again (an image, the DTB) must not wipe what the guest wrote. */
	assert_ptr_equal(vm_gpa_to_hpa(&vm, RAM_GPA + CHUNK + 0x100, 8), p + 0x100);
	assert_ptr_equal(vm_gpa_to_hpa(&vm, RAM_GPA, 2 * CHUNK), host(0));
	assert_true(all_bytes(p, CHUNK, DATA));
	expect_ready(0, CHUNK); /* the wider range still prepared chunk 0 */
}

static void test_fault_prepares_ram_only(void **state)
{
	(void)state;
	ram(MIB(8));
	assert_int_equal(vm_ram_fault(&vm, RAM_GPA + 3 * CHUNK + 0x777), 1);
	expect_ready(3, CHUNK);
	expect_untouched(2);
	/* Not RAM: just below, just past the end, far away. */
	assert_int_equal(vm_ram_fault(&vm, RAM_GPA - 1), 0);
	assert_int_equal(vm_ram_fault(&vm, RAM_GPA + MIB(8)), 0);
	assert_int_equal(vm_ram_fault(&vm, 0x10000000), 0);
	assert_false(mapped(RAM_GPA - 1));
	assert_false(mapped(RAM_GPA + MIB(8)));
	assert_false(mapped(0x10000000));
	/* A second fault on a ready chunk (another hart's stale entry) keeps the data. */
	memset(host(3 * CHUNK), DATA, CHUNK);
	assert_int_equal(vm_ram_fault(&vm, RAM_GPA + 3 * CHUNK), 1);
	assert_true(all_bytes(host(3 * CHUNK), CHUNK, DATA));
	expect_untouched(0);
	expect_untouched(1);
}

static void test_outside_ranges_get_nothing(void **state)
{
	const uint64_t end = RAM_GPA + MIB(8);

	(void)state;
	ram(MIB(8));
	assert_int_equal(vm_gpa_to_hpa(&vm, end - PAGE_SIZE, 2 * PAGE_SIZE), 0);
	assert_int_equal(vm_gpa_to_hpa(&vm, end - 1, 2), 0);
	assert_int_equal(vm_gpa_to_hpa(&vm, RAM_GPA - PAGE_SIZE, 2 * PAGE_SIZE), 0);
	assert_int_equal(vm_gpa_to_hpa(&vm, RAM_GPA, MIB(8) + 1), 0);
	/* Lengths that wrap gpa + len around 2^64 back into, or below, the region. */
	assert_int_equal(vm_gpa_to_hpa(&vm, RAM_GPA + CHUNK, UINT64_MAX), 0);
	assert_int_equal(vm_gpa_to_hpa(&vm, RAM_GPA + CHUNK, 0 - MIB(1)), 0);
	assert_int_equal(vm_gpa_to_hpa(&vm, UINT64_MAX, 2), 0);
	for (uint64_t i = 0; i < 4; i++)
		expect_untouched(i);
	/* The whole region, exactly, is fine. */
	assert_int_equal(vm_gpa_to_hpa(&vm, RAM_GPA, MIB(8)), reg->hpa);
}

/* Chunk i out of the guest's space again, its old data not yet cleared. */
static void expect_forgotten(uint64_t i)
{
	assert_false(mapped(RAM_GPA + i * CHUNK));
	assert_false(mapped(RAM_GPA + (i + 1) * CHUNK - 1));
	assert_true(all_bytes(host(i * CHUNK), CHUNK, DATA));
}

static void test_scrub_forgets_ready_chunks_only(void **state)
{
	(void)state;
	ram(MIB(8));
	assert_int_not_equal(vm_gpa_to_hpa(&vm, RAM_GPA + CHUNK, 1), 0);
	assert_int_equal(vm_ram_fault(&vm, RAM_GPA + 3 * CHUNK), 1);
	memset(host(CHUNK), DATA, CHUNK);
	memset(host(3 * CHUNK), DATA, CHUNK);
	vm_ram_scrub(&vm);
	/* Used chunks leave the guest's space, no RAM cleared yet; unused ones are as they were. */
	expect_forgotten(1);
	expect_forgotten(3);
	expect_untouched(0);
	expect_untouched(2);
	/* The next first touch, by the guest or by Erg, finds them zero. */
	assert_int_equal(vm_ram_fault(&vm, RAM_GPA + 3 * CHUNK + 8), 1);
	expect_ready(3, CHUNK);
	assert_int_not_equal(vm_gpa_to_hpa(&vm, RAM_GPA + CHUNK, 1), 0);
	expect_ready(1, CHUNK);
}

static void test_short_tail_chunk_stops_at_region_end(void **state)
{
	const uint64_t size = MIB(5), guard = 16 * PAGE_SIZE;

	(void)state;
	ram(size);
	/* The pages just past the region, ours so nothing else lands there. */
	assert_int_equal(page_claim(reg->hpa + size, guard / PAGE_SIZE), 0);
	memset(host(size), GUARD, guard);
	assert_int_equal(vm_gpa_to_hpa(&vm, RAM_GPA + size - 1, 1), reg->hpa + size - 1);
	expect_ready(2, MIB(1));
	assert_false(mapped(RAM_GPA + size));
	assert_true(all_bytes(host(size), guard, GUARD));
	expect_untouched(1);
	/* Scrubbing the tail also stops at the end. */
	memset(host(2 * CHUNK), DATA, MIB(1));
	vm_ram_scrub(&vm);
	assert_false(mapped(RAM_GPA + size - 1));
	assert_int_equal(vm_ram_fault(&vm, RAM_GPA + size - 1), 1);
	assert_true(all_bytes(host(2 * CHUNK), MIB(1), 0));
	assert_true(all_bytes(host(size), guard, GUARD));
}

/* chunk_shift is set before the host RAM is looked for, so a failed reserve still shows it. */
static unsigned shift_for(uint64_t size)
{
	struct vm_region r;

	(void)vm_ram_reserve(&r, RAM_GPA, size, 0);
	return r.chunk_shift;
}

static void test_huge_regions_use_bigger_chunks(void **state)
{
	(void)state;
	assert_int_equal(shift_for(MIB(2)), 21);
	assert_int_equal(shift_for(GIB(2)), 21); /* exactly 1024 chunks of 2 MiB */
	assert_int_equal(shift_for(GIB(2) + PAGE_SIZE), 22);
	assert_int_equal(shift_for(GIB(3)), 22);
	assert_int_equal(shift_for(GIB(4)), 22);
	assert_int_equal(shift_for(GIB(4) + PAGE_SIZE), 23);
	assert_int_equal(shift_for(GIB(1024)), 30);
}

/* A 3 GiB region whose first 4 MiB chunk is backed by real memory: it is prepared whole. */
static void test_huge_chunk_prepared_whole(void **state)
{
	(void)state;
	assert_int_equal(vm_ram_reserve(reg, RAM_GPA, GIB(3), 0), -1); /* no 3 GiB here */
	reg->hpa = page_alloc(MIB(8) / PAGE_SIZE, 512);
	assert_int_not_equal(reg->hpa, 0);
	vm.region_count = 1;
	assert_int_equal(vm_ram_fault(&vm, RAM_GPA + MIB(3)), 1);
	expect_mapped(RAM_GPA);
	expect_mapped(RAM_GPA + MIB(4) - 1);
	assert_false(mapped(RAM_GPA + MIB(4)));
	assert_true(all_bytes(host(0), MIB(4), 0));
	assert_true(all_bytes(host(MIB(4)), MIB(4), JUNK));
	/* Scrub walks all 768 chunks but forgets only the ready one, zeroed on its next touch. */
	memset(host(0), DATA, MIB(8));
	vm_ram_scrub(&vm);
	assert_false(mapped(RAM_GPA));
	assert_int_equal(vm_ram_fault(&vm, RAM_GPA + MIB(1)), 1);
	assert_true(all_bytes(host(0), MIB(4), 0));
	assert_true(all_bytes(host(MIB(4)), MIB(4), DATA));
}

/*
 * A hand-built region (not on_demand, chunk_shift 0) is plain memory: usable
 * at once, never mapped, its data left alone by use. Scrub counts all of it as
 * used and zeroes it, as a reboot of such a guest needs (test_sbi_srst and
 * test_vm_stop rely on that).
 */
static void test_plain_region_is_plain_memory(void **state)
{
	const uint64_t size = 64 * 1024;
	unsigned char *buf = aligned_alloc(PAGE_SIZE, size);

	(void)state;
	assert_non_null(buf);
	memset(buf, DATA, size);
	*reg = (struct vm_region){.gpa = RAM_GPA, .size = size, .hpa = (paddr_t)(uintptr_t)buf};
	vm.region_count = 1;
	assert_int_equal(vm_gpa_to_hpa(&vm, RAM_GPA + 0x100, size - 0x100), reg->hpa + 0x100);
	assert_int_equal(vm_ram_fault(&vm, RAM_GPA + size - 1), 1);
	assert_int_equal(vm_ram_fault(&vm, RAM_GPA + size), 0);
	assert_true(all_bytes(buf, size, DATA));
	assert_false(mapped(RAM_GPA));
	assert_false(mapped(RAM_GPA + size - 1));
	vm_ram_scrub(&vm);
	assert_true(all_bytes(buf, size, 0));
	assert_false(mapped(RAM_GPA));
	free(buf);
}

/* Bytes of an image: a pattern whose every byte tells its place (never 0 or JUNK at 0..). */
static unsigned char *image(uint64_t len)
{
	unsigned char *data = malloc(len);

	assert_non_null(data);
	for (uint64_t i = 0; i < len; i++)
		data[i] = (unsigned char)(i % 251 + 1);
	return data;
}

static void test_load_fills_fresh_chunks_with_image_and_zeros(void **state)
{
	const uint64_t at = CHUNK + 0x1000, len = CHUNK + 0x123;
	unsigned char *data = image(len);

	(void)state;
	ram(MIB(8));
	assert_int_equal(vm_ram_load(&vm, RAM_GPA + at, data, len), 0);
	assert_true(all_bytes(host(CHUNK), 0x1000, 0));
	assert_memory_equal(host(at), data, len);
	assert_true(all_bytes(host(at + len), 3 * CHUNK - (at + len), 0));
	for (uint64_t i = 1; i < 3; i++) {
		expect_mapped(RAM_GPA + i * CHUNK);
		expect_mapped(RAM_GPA + (i + 1) * CHUNK - 1);
	}
	expect_untouched(0);
	expect_untouched(3);
	free(data);
}

static void test_load_into_a_ready_chunk_leaves_the_rest(void **state)
{
	const uint64_t len = 0x3000;
	unsigned char *data = image(len);
	unsigned char *p;

	(void)state;
	ram(MIB(8));
	p = (unsigned char *)(uintptr_t)vm_gpa_to_hpa(&vm, RAM_GPA, CHUNK);
	assert_non_null(p);
	memset(p, DATA, CHUNK);
	assert_int_equal(vm_ram_load(&vm, RAM_GPA + 0x10000, data, len), 0);
	assert_true(all_bytes(p, 0x10000, DATA));
	assert_memory_equal(p + 0x10000, data, len);
	assert_true(all_bytes(p + 0x10000 + len, CHUNK - 0x10000 - len, DATA));
	expect_untouched(1);
	free(data);
}

static void test_load_outside_ram_writes_nothing(void **state)
{
	unsigned char *data = image(PAGE_SIZE);

	(void)state;
	ram(MIB(8));
	assert_int_equal(vm_ram_load(&vm, RAM_GPA + MIB(8) - 0x800, data, PAGE_SIZE), -1);
	assert_int_equal(vm_ram_load(&vm, RAM_GPA - 0x800, data, PAGE_SIZE), -1);
	for (uint64_t i = 0; i < 4; i++)
		expect_untouched(i);
	free(data);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup(test_reserve_touches_nothing, setup),
	    cmocka_unit_test_setup(test_gpa_to_hpa_prepares_its_chunk_only, setup),
	    cmocka_unit_test_setup(test_straddling_range_prepares_both_chunks, setup),
	    cmocka_unit_test_setup(test_ready_chunk_not_zeroed_again, setup),
	    cmocka_unit_test_setup(test_fault_prepares_ram_only, setup),
	    cmocka_unit_test_setup(test_outside_ranges_get_nothing, setup),
	    cmocka_unit_test_setup(test_scrub_forgets_ready_chunks_only, setup),
	    cmocka_unit_test_setup(test_short_tail_chunk_stops_at_region_end, setup),
	    cmocka_unit_test_setup(test_huge_regions_use_bigger_chunks, setup),
	    cmocka_unit_test_setup(test_huge_chunk_prepared_whole, setup),
	    cmocka_unit_test_setup(test_plain_region_is_plain_memory, setup),
	    cmocka_unit_test_setup(test_load_fills_fresh_chunks_with_image_and_zeros, setup),
	    cmocka_unit_test_setup(test_load_into_a_ready_chunk_leaves_the_rest, setup),
	    cmocka_unit_test_setup(test_load_outside_ram_writes_nothing, setup),
	};

	return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
