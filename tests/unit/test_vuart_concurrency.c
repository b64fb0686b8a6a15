/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Virtual 16550A UART (core/dev/vuart.c) shared between threads: a host thread
 * feeding input, another writing THR and IER, and the guest reading, all at
 * once. Input and output must stay in order and the irq callback must see
 * only changes of level.
 */
#include <pthread.h>
#include <stdint.h>

#include "vuart_fixture.h"

/* Two host threads and the guest at once: input in order, output in order, levels in order. */
#define MT_IN  20000
#define MT_OUT 20000

static unsigned mt_out_len, mt_bad_out, mt_calls, mt_repeats, mt_refused;
static bool mt_level;

static void mt_tx(void *arg, char c)
{
	(void)arg;
	if ((unsigned char)c != (mt_out_len & 0xff))
		mt_bad_out++;
	mt_out_len++;
}

static void mt_irq(void *arg, bool l)
{
	(void)arg;
	if (l == mt_level)
		mt_repeats++;
	mt_level = l;
	mt_calls++;
}

static void *mt_producer(void *arg)
{
	(void)arg;
	for (unsigned i = 0; i < MT_IN; i++) {
		while (vuart_rx_full(&u))
			;
		if (vuart_receive(&u, (char)i))
			mt_refused++;
	}
	return NULL;
}

static void *mt_writer(void *arg)
{
	uint64_t v;

	(void)arg;
	for (unsigned i = 0; i < MT_OUT; i++) {
		vuart_mmio_ops.write(&u, THR, 1, i & 0xff);
		if (i % 3 == 0)
			vuart_mmio_ops.write(&u, IER, 1, i % 2 ? IER_RDI | IER_THRI : IER_RDI);
		if (i % 5 == 0)
			vuart_mmio_ops.read(&u, IIR, 1, &v);
	}
	return NULL;
}

static void test_concurrent_access(void **state)
{
	pthread_t producer, writer;
	unsigned got = 0;

	(void)state;
	mt_out_len = mt_bad_out = mt_calls = mt_repeats = mt_refused = 0;
	mt_level = false;
	vuart_init(&u, mt_tx, NULL, mt_irq, NULL);
	wr(FCR, FCR_ENABLE | 0x80);
	wr(IER, IER_RDI);
	assert_int_equal(pthread_create(&producer, NULL, mt_producer, NULL), 0);
	assert_int_equal(pthread_create(&writer, NULL, mt_writer, NULL), 0);
	while (got < MT_IN) {
		if (rd(LSR) & LSR_DR) {
			assert_int_equal(rd(RBR), got & 0xff);
			got++;
		}
	}
	assert_int_equal(pthread_join(producer, NULL), 0);
	assert_int_equal(pthread_join(writer, NULL), 0);
	assert_int_equal(mt_refused, 0);
	assert_int_equal(mt_out_len, MT_OUT);
	assert_int_equal(mt_bad_out, 0);
	assert_int_equal(mt_repeats, 0);
	assert_true(mt_calls > 0);
	/* The line ends where the state says it should be. */
	assert_int_equal(!(rd(IIR) & IIR_NO_INT), mt_level);
	assert_false(vuart_rx_full(&u));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup(test_concurrent_access, setup),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
