/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Unit tests for arch/riscv/hart_use.c: what the H back end touches on each
 * kind of hart its probe may find. A P550-class hart (H, privileged spec
 * 1.11: no henvcfg, senvcfg or hstateen0) gets no write to any of them and
 * keeps guests' timers on SBI; QEMU 7.2's rv64 has all but Smstateen; a
 * hart with Smstateen opens senvcfg to its guests only when it has one; a
 * riscv,isa that names Sstc without henvcfg does not give guests Sstc.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>

#include <cmocka.h>

#include "riscv/csr.h"
#include "riscv/hart_use.h"

static void test_p550_class_hart_touches_no_missing_csr(void **state)
{
	const struct hart_csrs found = {.senvcfg = false, .henvcfg = false, .hstateen0 = false};
	struct hart_use use = hart_use_of(&found);

	(void)state;
	assert_false(use.switch_senvcfg);
	assert_false(use.write_henvcfg);
	assert_false(use.write_hstateen0);
	assert_false(hart_use_guest_sstc(&found, false));
}

static void test_qemu_rv64_uses_envcfg_and_gives_sstc(void **state)
{
	const struct hart_csrs found = {.senvcfg = true, .henvcfg = true, .hstateen0 = false};
	struct hart_use use = hart_use_of(&found);

	(void)state;
	assert_true(use.switch_senvcfg);
	assert_true(use.write_henvcfg);
	assert_false(use.write_hstateen0);
	assert_true(hart_use_guest_sstc(&found, true));
	assert_false(hart_use_guest_sstc(&found, false));
}

static void test_smstateen_opens_only_senvcfg(void **state)
{
	const struct hart_csrs with = {.senvcfg = true, .henvcfg = true, .hstateen0 = true};
	const struct hart_csrs without = {.senvcfg = false, .henvcfg = true, .hstateen0 = true};

	(void)state;
	assert_true(hart_use_of(&with).write_hstateen0);
	assert_int_equal(hart_use_of(&with).hstateen0, HSTATEEN0_ENVCFG);
	assert_true(hart_use_of(&without).write_hstateen0);
	assert_int_equal(hart_use_of(&without).hstateen0, 0);
}

static void test_sstc_claim_without_henvcfg_keeps_sbi_timers(void **state)
{
	const struct hart_csrs found = {.senvcfg = true, .henvcfg = false, .hstateen0 = false};

	(void)state;
	assert_false(hart_use_guest_sstc(&found, true));
	assert_false(hart_use_of(&found).write_henvcfg);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_p550_class_hart_touches_no_missing_csr),
	    cmocka_unit_test(test_qemu_rv64_uses_envcfg_and_gives_sstc),
	    cmocka_unit_test(test_smstateen_opens_only_senvcfg),
	    cmocka_unit_test(test_sstc_claim_without_henvcfg_keeps_sbi_timers),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
