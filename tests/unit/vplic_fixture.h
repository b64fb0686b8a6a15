/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Shared fixture for the virtual PLIC tests (test_vplic_*.c). Most tests run
 * on a PLIC of 40 sources (two enable and pending words, the second only
 * partly backed) and 3 contexts, so that every "beyond the configured counts"
 * edge exists. The guest's view goes through vplic_mmio_ops; notify and
 * completion-hook calls are recorded, and each callback touches the PLIC
 * again, which would deadlock if it were called with the lock held.
 *
 * Header-only on purpose: every test_*.c is its own binary and includes this
 * once, so the static state below belongs to that binary alone and the
 * Makefile needs no extra objects.
 */
#ifndef TESTS_UNIT_VPLIC_FIXTURE_H
#define TESTS_UNIT_VPLIC_FIXTURE_H

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <string.h>

#include <cmocka.h>

#include "dev/vplic.h"

#define SOURCES	 40
#define CONTEXTS 3

#define PRIO(s)	     (4ULL * (s))
#define PENDING(w)   (0x1000ULL + 4 * (w))
#define ENABLE(c, w) (0x2000ULL + 0x80ULL * (c) + 4 * (w))
#define THRESH(c)    (0x200000ULL + 0x1000ULL * (c))
#define CLAIM(c)     (THRESH(c) + 4)

static struct vplic plic;

static struct call {
	unsigned context;
	bool pending;
} calls[32];
static unsigned ncalls;

static struct completion {
	void *ctx;
	unsigned source;
} completions[8];
static unsigned ncompletions;
static bool hook_retriggers; /* the hook forwards a new edge, as a passthrough IRQ may */

static inline void record_notify(void *arg, unsigned context, bool pending)
{
	uint64_t v;

	assert_ptr_equal(arg, &plic);
	assert_true(ncalls < ARRAY_SIZE(calls));
	calls[ncalls++] = (struct call){context, pending};
	/* The lock must be free here: a register read takes it. */
	assert_int_equal(vplic_mmio_ops.read(&plic, THRESH(context), 4, &v), 0);
	assert_int_equal(vplic_context_pending(&plic, context), pending);
}

static inline void record_completion(void *ctx, unsigned source)
{
	assert_true(ncompletions < ARRAY_SIZE(completions));
	completions[ncompletions++] = (struct completion){ctx, source};
	if (hook_retriggers)
		vplic_trigger(&plic, source); /* takes the lock: it must be free */
}

static inline int setup(void **state)
{
	(void)state;
	memset(&plic, 0xa5, sizeof(plic)); /* init must not rely on a zeroed struct */
	vplic_init(&plic, SOURCES, CONTEXTS, record_notify, &plic);
	ncalls = 0;
	ncompletions = 0;
	hook_retriggers = false;
	return 0;
}

static inline uint32_t rd(uint64_t offset)
{
	uint64_t v = 0xdeadbeef00000000ULL;

	assert_int_equal(vplic_mmio_ops.read(&plic, offset, 4, &v), 0);
	assert_true(v <= UINT32_MAX);
	return (uint32_t)v;
}

static inline void wr(uint64_t offset, uint64_t v)
{
	assert_int_equal(vplic_mmio_ops.write(&plic, offset, 4, v), 0);
}

/* Source s at priority prio, enabled for context c. */
static inline void arm(unsigned s, unsigned prio, unsigned c)
{
	wr(PRIO(s), prio);
	wr(ENABLE(c, s / 32), rd(ENABLE(c, s / 32)) | 1u << (s % 32));
}

static inline void expect_calls(unsigned n, const struct call *want)
{
	assert_int_equal(ncalls, n);
	for (unsigned i = 0; i < n; i++) {
		assert_int_equal(calls[i].context, want[i].context);
		assert_int_equal(calls[i].pending, want[i].pending);
	}
	ncalls = 0;
}

#define EXPECT_CALLS(...)                                                                          \
	expect_calls(ARRAY_SIZE(((const struct call[]){__VA_ARGS__})),                             \
		     (const struct call[]){__VA_ARGS__})
#define EXPECT_NO_CALLS() expect_calls(0, NULL)

#endif
