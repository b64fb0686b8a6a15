/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Virtual 16550A UART (core/dev/vuart.c) under a hostile guest: accesses of a bad
 * width or offset fail and change nothing, every byte value passes unmangled,
 * reserved and read-only bits hold, and 200000 random accesses keep the
 * IIR/LSR invariants drivers rely on.
 */
#include <stdint.h>
#include <string.h>

#include "test_rng.h"
#include "vuart_fixture.h"

static void test_bad_accesses_change_nothing(void **state)
{
	static const unsigned widths[] = {0, 2, 3, 4, 8, 16};
	static const uint64_t offsets[] = {8,	 9,	0x0f,	0x10,	    0x80,
					   0xff, 0x100, 0x1000, 1ULL << 32, ~0ULL};
	struct vuart before;
	size_t tx_before;
	unsigned calls_before;
	uint64_t v;

	(void)state;
	wr(FCR, FCR_ENABLE);
	rx("ab");
	assert_int_equal(vuart_receive(&u, 0), 0);
	wr(IER, 0x0f);
	wr(SCR, 0x5a);
	wr(MCR, MCR_RTS | MCR_OUT2);
	tx_before = tx_len;
	calls_before = irq_calls;
	memcpy(&before, &u, sizeof(u));
	for (unsigned off = 0; off < 8; off++) {
		for (size_t w = 0; w < ARRAY_SIZE(widths); w++) {
			v = 0x1234;
			assert_int_equal(vuart_mmio_ops.read(&u, off, widths[w], &v), -1);
			assert_int_equal(v, 0x1234);
			assert_int_equal(vuart_mmio_ops.write(&u, off, widths[w], 'X'), -1);
		}
	}
	for (size_t i = 0; i < ARRAY_SIZE(offsets); i++) {
		for (unsigned w = 1; w <= 8; w *= 2) {
			v = 0x1234;
			assert_int_equal(vuart_mmio_ops.read(&u, offsets[i], w, &v), -1);
			assert_int_equal(v, 0x1234);
			assert_int_equal(vuart_mmio_ops.write(&u, offsets[i], w, 'X'), -1);
		}
	}
	assert_memory_equal(&u, &before, sizeof(u));
	assert_int_equal(tx_len, tx_before);
	assert_int_equal(irq_calls, calls_before);
}

static void test_hostile_bytes(void **state)
{
	(void)state;
	/* Every byte value out and back, none sign-extended. */
	for (unsigned c = 0; c < 256; c++)
		wr(THR, c);
	assert_int_equal(tx_len, 256);
	for (unsigned c = 0; c < 256; c++)
		assert_int_equal((unsigned char)tx_log[c], c);
	wr(FCR, FCR_ENABLE);
	for (unsigned c = 0; c < 256; c++) {
		assert_int_equal(vuart_receive(&u, (char)c), 0);
		assert_int_equal(rd(RBR), c);
	}
	/* Bits above the byte are dropped; reserved register bits read zero. */
	wr(THR, 0xffffffffffffff41ULL);
	assert_int_equal((unsigned char)tx_log[256], 'A');
	wr(IER, ~0ULL);
	assert_int_equal(rd(IER), 0x0f);
	wr(IER, 0x100);
	assert_int_equal(rd(IER), 0);
	wr(FCR, 0x3f); /* reserved bits 5:4 and the clears */
	assert_int_equal(rd(IIR) & 0x30, 0);
	wr(LSR, 0xff); /* read-only */
	wr(MSR, 0xff);
	assert_int_equal(rd(LSR), LSR_IDLE);
	assert_int_equal(rd(MSR), MSR_CTS | MSR_DSR | MSR_DCD);
	/* Random accesses: the invariants every driver relies on hold throughout. */
	for (unsigned i = 0; i < 200000; i++) {
		uint64_t r = rng();
		unsigned off = (unsigned)(r >> 8) & 7, v = (unsigned)(r >> 16) & 0xff, got;

		switch (r & 7) {
		case 0:
		case 1:
		case 2:
			if (off == MCR && (r >> 40) % 8)
				v &= ~(unsigned)
					 MCR_LOOP; /* loopback now and then, not half the time */
			wr(off, v);
			break;
		case 3:
			vuart_receive(&u, (char)v);
			break;
		default: {
			bool before = level;

			got = rd(off);
			if (off == IIR) {
				assert_int_equal(got & 0x30, 0);
				assert_int_equal(!(got & IIR_NO_INT), before);
			}
			if (off == LSR) {
				assert_int_equal(got & LSR_IDLE, LSR_IDLE);
				assert_int_equal(got & 0x9c, 0);
			}
		}
		}
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup(test_bad_accesses_change_nothing, setup),
	    cmocka_unit_test_setup(test_hostile_bytes, setup),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
