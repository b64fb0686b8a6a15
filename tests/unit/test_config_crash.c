/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Unit tests for a guest's crash policy as core/config/config_crash.c parses
 * it: on-crash ("halt", the default, or "restart") and max-restarts (only
 * with "restart": its default, its limits, each refusal in its own words).
 * The configs are config-sbi-keeper.dtb with the two properties edited in.
 * What a crash then does is in test_vm_stop.c.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <libfdt.h>

#include "config/config.h"
#include "host_arch.h"

#define EDIT_ROOM 0x10000
#define KEEPER	  "/guests/keeper"

static struct config cfg;
static char err[160];

/* config-sbi-keeper.dtb in a buffer with room for edits. */
static void *keeper_blob(void)
{
	void *dtb = host_load_test_dtb("config-sbi-keeper.dtb");
	void *fdt = malloc(EDIT_ROOM);

	assert_non_null(fdt);
	assert_int_equal(fdt_open_into(dtb, fdt, EDIT_ROOM), 0);
	free(dtb);
	return fdt;
}

static void set_prop(void *fdt, const char *name, const void *value, int len)
{
	assert_int_equal(fdt_setprop(fdt, fdt_path_offset(fdt, KEEPER), name, value, len), 0);
}

#define SET_STRING(fdt, name, s) set_prop(fdt, name, s, (int)sizeof(s))

static void set_u32(void *fdt, const char *name, uint32_t v)
{
	fdt32_t cell = cpu_to_fdt32(v);

	set_prop(fdt, name, &cell, sizeof(cell));
}

/* Parse fdt and free it; 0 or -1 (err says why). */
static int parse(void *fdt)
{
	int r = config_parse(fdt, &cfg, err, sizeof(err));

	free(fdt);
	return r;
}

static void test_parse_default_halts(void **state)
{
	(void)state;
	assert_int_equal(parse(keeper_blob()), 0);
	assert_int_equal(cfg.guests[0].on_crash, CONFIG_CRASH_HALT);
	assert_int_equal(cfg.guests[0].max_restarts, 0);
	assert_string_equal(config_crash_name(CONFIG_CRASH_HALT), "halt");
	assert_string_equal(config_crash_name(CONFIG_CRASH_RESTART), "restart");
}

static void test_parse_policies(void **state)
{
	static const struct {
		uint32_t max; /* 0: no max-restarts */
		uint32_t want;
	} cases[] = {{0, CONFIG_RESTARTS_DEFAULT}, {1, 1}, {7, 7}, {1000, 1000}};
	void *fdt = keeper_blob();

	(void)state;
	SET_STRING(fdt, "on-crash", "halt");
	assert_int_equal(parse(fdt), 0);
	assert_int_equal(cfg.guests[0].on_crash, CONFIG_CRASH_HALT);
	for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
		fdt = keeper_blob();
		SET_STRING(fdt, "on-crash", "restart");
		if (cases[i].max)
			set_u32(fdt, "max-restarts", cases[i].max);
		assert_int_equal(parse(fdt), 0);
		assert_int_equal(cfg.guests[0].on_crash, CONFIG_CRASH_RESTART);
		assert_int_equal(cfg.guests[0].max_restarts, cases[i].want);
	}
}

static void test_parse_refusals(void **state)
{
	static const struct {
		const char *on_crash; /* NULL: absent */
		int on_crash_len;
		const char *max; /* raw bytes of max-restarts; NULL: absent */
		int max_len;
		const char *msg;
	} cases[] = {
	    {"reboot", 7, NULL, 0, "on-crash: must be \"halt\" or \"restart\""},
	    {"restart\0halt", 13, NULL, 0, "on-crash: must be \"halt\" or \"restart\""},
	    {"restart", 7, NULL, 0, "on-crash: must be \"halt\" or \"restart\""},
	    {"Restart", 8, NULL, 0, "on-crash: must be \"halt\" or \"restart\""},
	    {"", 0, NULL, 0, "on-crash: must be \"halt\" or \"restart\""},
	    {NULL, 0, "\0\0\0\2", 4, "max-restarts: only with on-crash = \"restart\""},
	    {"halt", 5, "\0\0\0\2", 4, "max-restarts: only with on-crash = \"restart\""},
	    {"restart", 8, "\0\0\0\0", 4, "max-restarts: 0 is outside 1 to 1000"},
	    {"restart", 8, "\0\0\3\xe9", 4, "max-restarts: 1001 is outside 1 to 1000"},
	    {"restart", 8, "\xff\xff\xff\xff", 4, "max-restarts: 4294967295 is outside 1 to 1000"},
	    {"restart", 8, "\0\0\0\0\0\0\0\3", 8, "max-restarts: must be one cell"},
	    {"restart", 8, "\0\3", 2, "max-restarts: must be one cell"},
	    {"restart", 8, "", 0, "max-restarts: must be one cell"},
	};
	char want[160];

	(void)state;
	for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
		void *fdt = keeper_blob();

		if (cases[i].on_crash)
			set_prop(fdt, "on-crash", cases[i].on_crash, cases[i].on_crash_len);
		if (cases[i].max)
			set_prop(fdt, "max-restarts", cases[i].max, cases[i].max_len);
		assert_int_equal(parse(fdt), -1);
		snprintf(want, sizeof(want), KEEPER "/%s", cases[i].msg);
		assert_string_equal(err, want);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_parse_default_halts),
	    cmocka_unit_test(test_parse_policies),
	    cmocka_unit_test(test_parse_refusals),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
