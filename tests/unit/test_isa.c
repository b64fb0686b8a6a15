/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Unit tests for core/platform/isa.c, the riscv,isa string parser: the strings QEMU
 * 7.2 puts in its virt DTB (with and without H and Sstc), the "g" shorthand,
 * rv32, strings that are not ISA strings at all (a rejected string leaves the
 * result zeroed), unknown multi-letter extensions, which are ignored, and
 * multi-letter names that only count when they match a whole word; and the
 * string a guest is shown: the whitelist only, whatever else the host has.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <string.h>

#include <cmocka.h>

#include "platform/isa.h"

#define QEMU_ISA "rv64imafdch_zicsr_zifencei_zihintpause_zba_zbb_zbc_zbs_sstc"

static uint32_t letters(const char *s)
{
	uint32_t bits = 0;

	for (; *s; s++)
		bits |= 1u << (*s - 'a');
	return bits;
}

static void test_qemu_default_string(void **state)
{
	struct isa_info isa;

	(void)state;
	assert_true(isa_parse(QEMU_ISA, &isa));
	assert_int_equal(isa.xlen, 64);
	/* The z* words after the underscore must not leak into the letters. */
	assert_int_equal(isa.single, letters("imafdch"));
	assert_int_equal(isa.multi, ISA_EXT_ZICSR | ISA_EXT_ZIFENCEI | ISA_EXT_ZIHINTPAUSE |
					ISA_EXT_ZBA | ISA_EXT_ZBB | ISA_EXT_ZBC | ISA_EXT_ZBS |
					ISA_EXT_SSTC);
	assert_true(isa_has_letter(&isa, 'h'));
	assert_false(isa_has_letter(&isa, 'v'));
}

static void test_qemu_without_sstc(void **state)
{
	struct isa_info isa;

	(void)state;
	assert_true(isa_parse("rv64imafdch_zicsr_zifencei_zihintpause_zba_zbb_zbc_zbs", &isa));
	assert_true(isa_has_letter(&isa, 'h'));
	assert_int_equal(isa.multi & ISA_EXT_SSTC, 0);
	assert_true(isa.multi & ISA_EXT_ZIHINTPAUSE);
}

static void test_qemu_without_h(void **state)
{
	struct isa_info isa;

	(void)state;
	assert_true(isa_parse("rv64imafdc_zicsr_zifencei_zihintpause_zba_zbb_zbc_zbs_sstc", &isa));
	assert_false(isa_has_letter(&isa, 'h'));
	assert_true(isa_has_letter(&isa, 'c'));
	assert_true(isa.multi & ISA_EXT_SSTC);
}

static void test_g_expands_to_imafd_zicsr_zifencei(void **state)
{
	struct isa_info isa;

	(void)state;
	assert_true(isa_parse("rv64gc", &isa));
	assert_int_equal(isa.single, letters("gimafdc"));
	assert_int_equal(isa.multi, ISA_EXT_ZICSR | ISA_EXT_ZIFENCEI);

	assert_true(isa_parse("rv64g", &isa));
	assert_false(isa_has_letter(&isa, 'c'));
	assert_true(isa_has_letter(&isa, 'd'));
}

static void test_no_g_no_implied_extensions(void **state)
{
	struct isa_info isa;

	(void)state;
	assert_true(isa_parse("rv64imac", &isa));
	assert_int_equal(isa.single, letters("imac"));
	assert_int_equal(isa.multi, 0);
}

static void test_rv32(void **state)
{
	struct isa_info isa;

	(void)state;
	assert_true(isa_parse("rv32imac_zicsr", &isa));
	assert_int_equal(isa.xlen, 32);
	assert_int_equal(isa.single, letters("imac"));
	assert_int_equal(isa.multi, ISA_EXT_ZICSR);
}

/* Each of these must be refused, and refusal must leave *out all zero. */
static void test_rejects_non_isa_strings(void **state)
{
	static const char *const bad[] = {
	    "",		 "x86",		  "rv",
	    "rv128i",	 "RV64IMA",	  "rv64IMA",
	    "rv64ima-c", "rv64ima_Zicsr", "rv64ima_sstc!",
	    " rv64ima",
	};

	(void)state;
	for (size_t i = 0; i < ARRAY_SIZE(bad); i++) {
		struct isa_info isa;

		memset(&isa, 0xa5, sizeof(isa));
		if (isa_parse(bad[i], &isa))
			fail_msg("\"%s\" accepted", bad[i]);
		assert_int_equal(isa.xlen, 0);
		assert_int_equal(isa.single, 0);
		assert_int_equal(isa.multi, 0);
	}
}

static void test_unknown_multi_letter_ignored(void **state)
{
	struct isa_info isa;

	(void)state;
	assert_true(isa_parse("rv64imac_zfoo_xvendor42_svinval_zicsr", &isa));
	assert_int_equal(isa.single, letters("imac"));
	assert_int_equal(isa.multi, ISA_EXT_ZICSR);
}

static void test_all_known_multi_letter(void **state)
{
	struct isa_info isa;

	(void)state;
	assert_true(
	    isa_parse("rv64ima_sstc_zicsr_zifencei_svpbmt_svnapot_sscofpmf_zihintpause", &isa));
	assert_int_equal(isa.multi, ISA_EXT_SSTC | ISA_EXT_ZICSR | ISA_EXT_ZIFENCEI |
					ISA_EXT_SVPBMT | ISA_EXT_SVNAPOT | ISA_EXT_SSCOFPMF |
					ISA_EXT_ZIHINTPAUSE);
}

/* "sstc" is recognised only as a whole word, never as a prefix or suffix. */
static void test_sstc_whole_word_only(void **state)
{
	static const char *const near[] = {
	    "rv64imafdch_sstcx", "rv64imafdch_xsstc", "rv64imafdch_ssstc",
	    "rv64imafdch_sst",	 "rv64imafdch_sstc2", "rv64imafdch_zicsr_sstcsstc",
	};
	struct isa_info isa;

	(void)state;
	for (size_t i = 0; i < ARRAY_SIZE(near); i++) {
		assert_true(isa_parse(near[i], &isa));
		if (isa.multi & ISA_EXT_SSTC)
			fail_msg("\"%s\" read as having sstc", near[i]);
	}
	assert_true(isa_parse("rv64imafdch_sstc_sstcx", &isa));
	assert_true(isa.multi & ISA_EXT_SSTC);
}

static void test_multi_letter_letters_not_singles(void **state)
{
	struct isa_info isa;

	(void)state;
	/* The 'h' of "zihintpause" and the 'v' of "svpbmt" are not extensions H and V. */
	assert_true(isa_parse("rv64imafdc_zihintpause_svpbmt", &isa));
	assert_false(isa_has_letter(&isa, 'h'));
	assert_false(isa_has_letter(&isa, 'v'));
	assert_false(isa_has_letter(&isa, 'z'));
	assert_false(isa_has_letter(&isa, 's'));
}

/* A multi-letter name may follow the letters without an underscore. */
static void test_multi_letter_right_after_letters(void **state)
{
	struct isa_info isa;

	(void)state;
	assert_true(isa_parse("rv64imacsstc_zicsr", &isa));
	assert_int_equal(isa.single, letters("imac"));
	assert_int_equal(isa.multi, ISA_EXT_SSTC | ISA_EXT_ZICSR);
	assert_true(isa_parse("rv64imazifencei", &isa));
	assert_int_equal(isa.single, letters("ima"));
	assert_int_equal(isa.multi, ISA_EXT_ZIFENCEI);
	assert_true(isa_parse("rv64imaxvendor", &isa));
	assert_int_equal(isa.single, letters("ima"));
}

static void test_separators_tolerated(void **state)
{
	struct isa_info isa;

	(void)state;
	assert_true(isa_parse("rv64imah__sstc_", &isa));
	assert_true(isa_has_letter(&isa, 'h'));
	assert_int_equal(isa.multi, ISA_EXT_SSTC);
}

static void test_has_letter_lowercase_only(void **state)
{
	struct isa_info isa;

	(void)state;
	assert_true(isa_parse("rv64imah", &isa));
	assert_true(isa_has_letter(&isa, 'h'));
	assert_false(isa_has_letter(&isa, 'H'));
	assert_false(isa_has_letter(&isa, '@'));
	assert_false(isa_has_letter(&isa, '{'));
}

static const struct isa_offer offer_sstc = {.sstc = true};
static const struct isa_offer offer_none;
static const struct isa_offer offer_all = {.sstc = true, .vector = true, .svpbmt = true};

static void guest_string_offered(const char *host, const struct isa_offer *offer,
				 const char *expected)
{
	struct isa_info isa;
	char out[256];

	assert_true(isa_parse(host, &isa));
	assert_true(isa_guest_string(&isa, offer, out, sizeof(out)));
	assert_string_equal(out, expected);
}

static void guest_string_of(const char *host, bool sstc, const char *expected)
{
	guest_string_offered(host, sstc ? &offer_sstc : &offer_none, expected);
}

#define QEMU_V_ISA "rv64imafdcvh_zicsr_zifencei_zihintpause_zba_zbb_zbc_zbs_sscofpmf_sstc_svpbmt"

/* QEMU 7.2's -cpu rv64,v=true,svpbmt=true,sscofpmf=true: V and Svpbmt not offered, H never. */
static void test_guest_string_drops_v_h_svpbmt_sscofpmf(void **state)
{
	(void)state;
	guest_string_of(QEMU_V_ISA, true,
			"rv64imafdc_zicsr_zifencei_zihintpause_zba_zbb_zbc_zbs_sstc");
	guest_string_of(QEMU_ISA, true,
			"rv64imafdc_zicsr_zifencei_zihintpause_zba_zbb_zbc_zbs_sstc");
}

/* Offered, V and Svpbmt are shown where the host has them, each on its own. */
static void test_guest_string_v_and_svpbmt_when_offered(void **state)
{
	static const struct isa_offer vector = {.vector = true}, svpbmt = {.svpbmt = true};

	(void)state;
	guest_string_offered(QEMU_V_ISA, &offer_all,
			     "rv64imafdcv_zicsr_zifencei_zihintpause_zba_zbb_zbc_zbs_sstc_svpbmt");
	guest_string_offered(QEMU_V_ISA, &vector,
			     "rv64imafdcv_zicsr_zifencei_zihintpause_zba_zbb_zbc_zbs");
	guest_string_offered(QEMU_V_ISA, &svpbmt,
			     "rv64imafdc_zicsr_zifencei_zihintpause_zba_zbb_zbc_zbs_svpbmt");
	guest_string_offered(QEMU_ISA, &offer_all,
			     "rv64imafdc_zicsr_zifencei_zihintpause_zba_zbb_zbc_zbs_sstc");
}

/* Sstc only when Erg gives guests vstimecmp, whatever the host has. */
static void test_guest_string_sstc_only_when_given(void **state)
{
	(void)state;
	guest_string_of(QEMU_ISA, false, "rv64imafdc_zicsr_zifencei_zihintpause_zba_zbb_zbc_zbs");
	guest_string_of("rv64imafdch_zicsr", true, "rv64imafdc_zicsr");
}

/* Newer extensions with state or privileged effects, and unknown ones, never reach a guest. */
static void test_guest_string_drops_unknown_and_stateful(void **state)
{
	(void)state;
	guest_string_of("rv64imafdcvhbkpq_zicbom_zicboz_zicbop_zicond_zkr_zve64d_smstateen_ssaia_"
			"smaia_svinval_svnapot_ssstateen_xtheadvector_zfh_zbkb_zihintpause",
			false, "rv64imafdc_zihintpause_zfh_zbkb");
}

/* Canonical order out, whatever the order in. */
static void test_guest_string_canonical_order(void **state)
{
	(void)state;
	guest_string_of("rv64gc_zbs_sstc_zba_zifencei", true,
			"rv64imafdc_zicsr_zifencei_zba_zbs_sstc");
	guest_string_of("rv64imac", true, "rv64imac");
}

static void test_guest_string_too_small(void **state)
{
	struct isa_info isa;
	char out[16];

	(void)state;
	assert_true(isa_parse(QEMU_ISA, &isa));
	assert_false(isa_guest_string(&isa, &offer_sstc, out, sizeof(out)));
	assert_false(isa_guest_string(&isa, &offer_sstc, out, 4));
	assert_true(isa_guest_string(&isa, &offer_sstc, out, 0) == false);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_qemu_default_string),
	    cmocka_unit_test(test_qemu_without_sstc),
	    cmocka_unit_test(test_qemu_without_h),
	    cmocka_unit_test(test_g_expands_to_imafd_zicsr_zifencei),
	    cmocka_unit_test(test_no_g_no_implied_extensions),
	    cmocka_unit_test(test_rv32),
	    cmocka_unit_test(test_rejects_non_isa_strings),
	    cmocka_unit_test(test_unknown_multi_letter_ignored),
	    cmocka_unit_test(test_all_known_multi_letter),
	    cmocka_unit_test(test_sstc_whole_word_only),
	    cmocka_unit_test(test_multi_letter_letters_not_singles),
	    cmocka_unit_test(test_multi_letter_right_after_letters),
	    cmocka_unit_test(test_separators_tolerated),
	    cmocka_unit_test(test_has_letter_lowercase_only),
	    cmocka_unit_test(test_guest_string_drops_v_h_svpbmt_sscofpmf),
	    cmocka_unit_test(test_guest_string_sstc_only_when_given),
	    cmocka_unit_test(test_guest_string_v_and_svpbmt_when_offered),
	    cmocka_unit_test(test_guest_string_drops_unknown_and_stateful),
	    cmocka_unit_test(test_guest_string_canonical_order),
	    cmocka_unit_test(test_guest_string_too_small),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
