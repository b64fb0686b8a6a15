/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Shared fixture for the unit tests that need real guests, built by
 * guests_create from a partition config as at boot: the page allocator over
 * an 8 MiB host arena, the machine of virt-smp4-2G.dtb (4 harts with H and
 * Sstc, a 10 MHz timebase), and the guests of one test DTB. The blobs stay
 * allocated until guests_fixture_free: the guests' configs point into them.
 *
 * Header-only, as the other fixtures: every test_*.c is its own binary and
 * includes this once, so its static state belongs to that binary alone.
 */
#ifndef TESTS_UNIT_GUESTS_FIXTURE_H
#define TESTS_UNIT_GUESTS_FIXTURE_H

#include <stdlib.h>

#include "host_arch.h"
#include "mem/page_alloc.h"
#include "vm/guests.h"

#define GUESTS_FIXTURE_ARENA MIB(8)

static void *fixture_arena, *fixture_plat_dtb, *fixture_config;
static struct platform plat;

/* Allocator, platform and the guests of the test DTB config; how many run (0 on any failure). */
static inline unsigned guests_fixture_boot(const char *config, bool sstc)
{
	fixture_arena = aligned_alloc(MIB(2), GUESTS_FIXTURE_ARENA);
	if (!fixture_arena || host_page_arena(fixture_arena, GUESTS_FIXTURE_ARENA, 0))
		return 0;
	fixture_plat_dtb = host_load_test_dtb("virt-smp4-2G.dtb");
	fixture_config = host_load_test_dtb(config);
	if (platform_parse(fixture_plat_dtb, &plat))
		return 0;
	return guests_create(fixture_config, &plat, &(struct isa_offer){.sstc = sstc});
}

static inline void guests_fixture_free(void)
{
	free(fixture_arena);
	free(fixture_plat_dtb);
	free(fixture_config);
}

/* A group teardown for tests that hold nothing else. */
static inline int guests_fixture_teardown(void **state)
{
	(void)state;
	guests_fixture_free();
	return 0;
}

#endif
