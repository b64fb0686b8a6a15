/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Erg's random generator for guests' entropy devices: ChaCha20 (RFC 8439)
 * keyed from what the machine offers, with the key replaced after every
 * request so that bytes already handed out cannot be recomputed from a
 * later state. Safe to call from any hart.
 */
#ifndef CORE_LIB_CSPRNG_H
#define CORE_LIB_CSPRNG_H

#include "platform/platform.h"

/* Fold seed material into the key (any length; more is better). */
void csprng_mix(const void *seed, size_t len);

/* Fill buf with len random bytes. */
void csprng_fill(void *buf, size_t len);

/*
 * Seed once from the machine: its hardware entropy device, the firmware
 * DTB's /chosen/rng-seed and the time; logs which sources there were.
 */
void csprng_seed_once(const struct platform *p);

/* One ChaCha20 block (64 bytes) for key, counter and nonce: exposed for its unit test. */
void csprng_chacha20_block(const uint32_t key[8], uint32_t counter, const uint32_t nonce[3],
			   uint8_t out[64]);

#endif
