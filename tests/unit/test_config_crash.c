/*
 * Unit tests for a guest's crash policy, from its config to what a crash
 * does: on-crash and max-restarts as core/config/config_crash.c parses them
 * (defaults, limits, each refusal), and vm_crash (core/vm/vm_stop.c) acting on
 * them: halt, restart with the guest reloaded and the count logged, halt
 * once the budget is spent, nothing while a stop or restart is under way,
 * the outcome kept whole on a long line, SBI SRST's system-failure shutdown
 * as a crash, and the monitor's list and restart. The crashing guest "crt"
 * (2 vCPUs, 1 MiB at 0x80000000) is built by hand; a real guest "keeper",
 * built from config-sbi-keeper.dtb with on-crash "restart", runs on so that
 * no stop powers the machine off (abort() on the host).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <libfdt.h>

#include "console/console.h"
#include "console/monitor.h"
#include "host_arch.h"
#include "lib/erg_bounds.h"
#include "lib/hart.h"
#include "mem/page_alloc.h"
#include "sbi/sbi.h"
#include "vm/guests.h"

#define EDIT_ROOM 0x10000
#define KEEPER	  "/guests/keeper"
#define RAM_GPA	  0x80000000UL
#define RAM_SIZE  MIB(1)
#define HART0	  8 /* vCPU i of crt runs on hart HART0 + i */
#define NVCPUS	  2
#define EID_SRST  0x53525354UL

static void *arena, *plat_dtb, *keeper_config;
static struct platform plat;
static struct config cfg;
static char err[160];
static struct config_guest tcfg = {.name = "crt",
				   .vcpus = NVCPUS,
				   .region_count = 1,
				   .regions = {{RAM_GPA, RAM_SIZE, 0}},
				   .entry_gpa = RAM_GPA};
static struct vm tvm;
static unsigned char *ram;

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

/* Allocator, platform and the keeper guest (on-crash "restart", 5), once for the group. */
static int group_setup(void **state)
{
	(void)state;
	for (uint64_t h = HART0; h < HART0 + NVCPUS; h++) {
		hart_set_self(h);
		hart_report_online();
	}
	hart_set_self(0);
	arena = aligned_alloc(MIB(2), MIB(8));
	ram = aligned_alloc(PAGE_SIZE, RAM_SIZE);
	if (host_page_arena(arena, MIB(8), 0))
		return -1;
	plat_dtb = host_load_test_dtb("virt-smp4-2G.dtb");
	keeper_config = keeper_blob();
	SET_STRING(keeper_config, "on-crash", "restart");
	set_u32(keeper_config, "max-restarts", 5);
	if (platform_parse(plat_dtb, &plat) || guests_create(keeper_config, &plat, false) != 1)
		return -1;
	return guests_all_stopped() ? -1 : 0;
}

static int group_teardown(void **state)
{
	(void)state;
	free(arena);
	free(ram);
	free(plat_dtb);
	free(keeper_config);
	return 0;
}

/* A fresh running "crt" with both vCPUs running; its policy set by the test. */
static int setup(void **state)
{
	(void)state;
	memset(&tvm, 0, sizeof(tvm));
	memset(ram, 0, RAM_SIZE);
	tcfg.on_crash = CONFIG_CRASH_HALT;
	tcfg.max_restarts = 0;
	tvm.config = &tcfg;
	tvm.platform = &plat;
	tvm.state = VM_RUNNING;
	tvm.region_count = 1;
	tvm.regions[0] =
	    (struct vm_region){.gpa = RAM_GPA, .size = RAM_SIZE, .hpa = (paddr_t)(uintptr_t)ram};
	tvm.vcpu_count = NVCPUS;
	for (unsigned i = 0; i < NVCPUS; i++) {
		tvm.vcpus[i].vm = &tvm;
		tvm.vcpus[i].id = i;
		tvm.vcpus[i].hart = HART0 + i;
		tvm.vcpus[i].state = VCPU_RUNNING;
	}
	host_console_reset();
	host_kicked_harts = 0;
	return 0;
}

static void restart_policy(uint32_t max)
{
	tcfg.on_crash = CONFIG_CRASH_RESTART;
	tcfg.max_restarts = max;
}

/* Stopped: the line, then its exit counts; every vCPU stopped and kicked. */
static void expect_halted(const char *line)
{
	assert_int_equal(tvm.state, VM_STOPPED);
	for (unsigned i = 0; i < NVCPUS; i++)
		assert_int_equal(tvm.vcpus[i].state, VCPU_STOPPED);
	assert_int_equal(host_kicked_harts, 3ULL << HART0);
	assert_memory_equal(host_console_text, line, strlen(line));
	assert_non_null(strstr(host_console_text + strlen(line), "[erg] guest crt exits: sbi "));
	assert_false(guests_all_stopped());
}

/* Reloaded as a reboot does: RAM zeroed, vCPU 0 due to start at the entry, vCPU 1 stopped. */
static void expect_restarted(const char *line)
{
	assert_string_equal(host_console_text, line);
	assert_int_equal(tvm.state, VM_RUNNING);
	assert_int_equal(ram[0x10], 0);
	assert_int_equal(tvm.vcpus[0].state, VCPU_START_PENDING);
	assert_int_equal(tvm.vcpus[0].start_addr, RAM_GPA);
	assert_int_equal(fdt_check_header(ram + (tvm.dtb_gpa - RAM_GPA)), 0);
	assert_int_equal(tvm.vcpus[1].state, VCPU_STOPPED);
	assert_true(host_kicked_harts & (1ULL << (HART0 + 1)));
}

static void test_halt_policy_stops_as_before(void **state)
{
	char said[sizeof(host_console_text)];

	(void)state;
	vm_crash(&tvm, "boom");
	expect_halted("[erg] guest crt stopped: boom\n");
	/* A second crash of the stopped guest says nothing. */
	strcpy(said, host_console_text);
	vm_crash(&tvm, "again");
	assert_string_equal(host_console_text, said);
}

static void test_restarts_until_the_budget_is_spent(void **state)
{
	char line[96];

	(void)state;
	restart_policy(2);
	for (unsigned k = 1; k <= 2; k++) {
		ram[0x10] = 0x77;
		tvm.vcpus[1].state = VCPU_RUNNING;
		host_console_reset();
		host_kicked_harts = 0;
		vm_crash(&tvm, "boom");
		snprintf(line, sizeof(line),
			 "[erg] guest crt crashed: boom; restarting (restart %u of 2)\n", k);
		expect_restarted(line);
		assert_int_equal(tvm.restarts, k);
	}
	tvm.vcpus[0].state = tvm.vcpus[1].state = VCPU_RUNNING;
	host_console_reset();
	host_kicked_harts = 0;
	vm_crash(&tvm, "boom");
	expect_halted("[erg] guest crt crashed: boom; halted (2 restarts used)\n"
		      "[erg] guest crt: restart budget spent (2 of 2 restarts used)\n");
	assert_int_equal(tvm.restarts, 2);
}

/* Quick reboots in a row are a loop: the ninth stops the guest; one after a while is fine. */
static void test_reboot_loop_is_bounded(void **state)
{
	uint64_t second = plat.timebase_hz;

	(void)state;
	host_time = 1000 * second;
	tvm.booted_at = host_time;
	for (unsigned k = 1; k <= ERG_REBOOT_LOOP_MAX; k++) {
		host_time += second / 10;
		vm_reboot_by_guest(&tvm);
		assert_int_equal(tvm.state, VM_RUNNING);
	}
	/* A reboot long after the last boot starts the count again. */
	host_time += (ERG_REBOOT_QUICK_MS / 1000 + 1) * second;
	vm_reboot_by_guest(&tvm);
	assert_int_equal(tvm.quick_reboots, 1);
	for (unsigned k = 2; k <= ERG_REBOOT_LOOP_MAX; k++)
		vm_reboot_by_guest(&tvm);
	host_console_reset();
	host_kicked_harts = 0;
	tvm.vcpus[0].state = tvm.vcpus[1].state = VCPU_RUNNING;
	vm_reboot_by_guest(&tvm);
	expect_halted("[erg] guest crt stopped: reboot loop (asked for reboot 9 in a row, each "
		      "within 5000 ms of its boot)\n");
}

/* A crash during a stop or a restart belongs to the life that is ending. */
static void test_crash_ignored_unless_running(void **state)
{
	(void)state;
	restart_policy(3);
	tvm.state = VM_RESTARTING;
	vm_crash(&tvm, "boom");
	vm_reboot(&tvm); /* a reboot under way is not started twice either */
	assert_int_equal(tvm.state, VM_RESTARTING);
	assert_int_equal(tvm.restarts, 0);
	assert_int_equal(tvm.vcpus[1].state, VCPU_RUNNING);
	tvm.state = VM_STOPPED;
	vm_crash(&tvm, "boom");
	tcfg.on_crash = CONFIG_CRASH_HALT;
	vm_crash(&tvm, "boom");
	assert_int_equal(tvm.state, VM_STOPPED);
	assert_int_equal(tvm.restarts, 0);
	assert_string_equal(host_console_text, "");
	assert_int_equal(host_kicked_harts, 0);
	/* A restarting guest keeps the machine on. */
	tvm.state = VM_RESTARTING;
	assert_false(guests_all_stopped());
}

/* A long reason is cut, never the outcome at the end of the line. */
static void test_outcome_survives_a_long_reason(void **state)
{
	char why[400];
	const char *end = "; restarting (restart 1 of 1000)\n";
	size_t len;

	(void)state;
	restart_policy(1000);
	memset(why, 'x', sizeof(why) - 1);
	why[sizeof(why) - 1] = '\0';
	vm_crash(&tvm, why);
	len = strlen(host_console_text);
	assert_true(len <= strlen("[erg] ") + CONSOLE_LINE_MAX);
	assert_true(len > strlen(end));
	assert_string_equal(host_console_text + len - strlen(end), end);
	assert_memory_equal(host_console_text, "[erg] guest crt crashed: xxx", 28);
}

/* SRST shutdown from vCPU 1: a system failure is a crash, a plain shutdown is not. */
static void srst_shutdown(unsigned long reason)
{
	struct vcpu *v = &tvm.vcpus[1];

	vcpu_arch_set_reg(&v->arch, 10, 0); /* shutdown */
	vcpu_arch_set_reg(&v->arch, 11, reason);
	vcpu_arch_set_reg(&v->arch, 16, 0);
	vcpu_arch_set_reg(&v->arch, 17, EID_SRST);
	vcpu_exit_dispatch(v, &(struct vcpu_exit){.kind = VCPU_EXIT_SBI_CALL}, VCPU_LANE_SLOW);
	assert_int_equal(vcpu_arch_reg(&v->arch, 10), 0);
}

static void test_srst_system_failure_is_a_crash(void **state)
{
	(void)state;
	restart_policy(1);
	srst_shutdown(1);
	expect_restarted("[erg] guest crt crashed: shut down (system failure); restarting (restart "
			 "1 of 1)\n");
	setup(NULL);
	restart_policy(1);
	srst_shutdown(0);
	expect_halted("[erg] guest crt stopped: shut down\n");
	assert_int_equal(tvm.restarts, 0);
}

static void type(const char *s)
{
	while (*s)
		monitor_byte(*s++);
}

static void test_monitor_lists_policy_and_restart_resets_budget(void **state)
{
	struct vm *keeper = guests_find("keeper");
	const struct config_guest *own = keeper->config;

	(void)state;
	keeper->restarts = 4;
	type("list\r");
	assert_non_null(
	    strstr(host_console_text, "[erg] 0 keeper          running, 1 vCPU, exits:"));
	assert_non_null(strstr(host_console_text,
			       "\n[erg] guest keeper: on-crash restart, 4 of 5 restarts used\n"));
	host_console_reset();
	type("restart keeper\r");
	assert_non_null(strstr(host_console_text, "[erg] guest keeper: rebooting\n"));
	assert_int_equal(keeper->restarts, 0);
	assert_int_equal(keeper->state, VM_RUNNING);
	/* A guest under the default policy says so. */
	keeper->config = &tcfg;
	host_console_reset();
	type("list\r");
	keeper->config = own;
	assert_non_null(strstr(host_console_text, "\n[erg] guest crt: on-crash halt\n"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_parse_default_halts),
	    cmocka_unit_test(test_parse_policies),
	    cmocka_unit_test(test_parse_refusals),
	    cmocka_unit_test_setup(test_halt_policy_stops_as_before, setup),
	    cmocka_unit_test_setup(test_restarts_until_the_budget_is_spent, setup),
	    cmocka_unit_test_setup(test_crash_ignored_unless_running, setup),
	    cmocka_unit_test_setup(test_outcome_survives_a_long_reason, setup),
	    cmocka_unit_test_setup(test_srst_system_failure_is_a_crash, setup),
	    cmocka_unit_test_setup(test_reboot_loop_is_bounded, setup),
	    cmocka_unit_test_setup(test_monitor_lists_policy_and_restart_resets_budget, setup),
	};

	return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
