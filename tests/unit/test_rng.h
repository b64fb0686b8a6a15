/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The unit tests' random numbers: xorshift64 from a fixed seed, so a random
 * test that fails fails the same way on every run. Header-only, as the
 * fixtures: every test_*.c is its own binary with its own state.
 */
#ifndef TESTS_UNIT_TEST_RNG_H
#define TESTS_UNIT_TEST_RNG_H

#include <stdint.h>

static uint64_t rng_state = 0x9e3779b97f4a7c15ULL;

static inline uint64_t rng(void)
{
	rng_state ^= rng_state << 13;
	rng_state ^= rng_state >> 7;
	rng_state ^= rng_state << 17;
	return rng_state;
}

#endif
