/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * ChaCha20 as a generator: output is the keystream for the current key and
 * a running block counter; each request ends by drawing a fresh key from
 * the stream ("fast key erasure"), so a later state reveals nothing earlier.
 */
#include <string.h>

#include "lib/csprng.h"
#include "lib/spinlock.h"

#define CSPRNG_BLOCK 64

static uint32_t csprng_key[8];
static uint32_t csprng_counter;
static spinlock_t csprng_lock = SPINLOCK_INIT;

static uint32_t csprng_rotl(uint32_t v, unsigned n)
{
	return v << n | v >> (32 - n);
}

static void csprng_quarter(uint32_t *x, int a, int b, int c, int d)
{
	x[a] += x[b];
	x[d] = csprng_rotl(x[d] ^ x[a], 16);
	x[c] += x[d];
	x[b] = csprng_rotl(x[b] ^ x[c], 12);
	x[a] += x[b];
	x[d] = csprng_rotl(x[d] ^ x[a], 8);
	x[c] += x[d];
	x[b] = csprng_rotl(x[b] ^ x[c], 7);
}

void csprng_chacha20_block(const uint32_t key[8], uint32_t counter, const uint32_t nonce[3],
			   uint8_t out[64])
{
	/* "expand 32-byte k" */
	uint32_t in[16] = {0x61707865, 0x3320646e, 0x79622d32, 0x6b206574};
	uint32_t x[16];

	memcpy(in + 4, key, 32);
	in[12] = counter;
	memcpy(in + 13, nonce, 12);
	memcpy(x, in, sizeof(x));
	for (int round = 0; round < 10; round++) {
		csprng_quarter(x, 0, 4, 8, 12);
		csprng_quarter(x, 1, 5, 9, 13);
		csprng_quarter(x, 2, 6, 10, 14);
		csprng_quarter(x, 3, 7, 11, 15);
		csprng_quarter(x, 0, 5, 10, 15);
		csprng_quarter(x, 1, 6, 11, 12);
		csprng_quarter(x, 2, 7, 8, 13);
		csprng_quarter(x, 3, 4, 9, 14);
	}
	for (int i = 0; i < 16; i++) {
		uint32_t v = x[i] + in[i];

		out[4 * i] = (uint8_t)v;
		out[4 * i + 1] = (uint8_t)(v >> 8);
		out[4 * i + 2] = (uint8_t)(v >> 16);
		out[4 * i + 3] = (uint8_t)(v >> 24);
	}
}

/* The next keystream block; the lock is held. */
static void csprng_next(uint8_t out[CSPRNG_BLOCK])
{
	static const uint32_t nonce[3];

	csprng_chacha20_block(csprng_key, csprng_counter++, nonce, out);
}

/* Replace the key with keystream; the lock is held. */
static void csprng_rekey(void)
{
	uint8_t block[CSPRNG_BLOCK];

	csprng_next(block);
	memcpy(csprng_key, block, sizeof(csprng_key));
	memset(block, 0, sizeof(block));
}

void csprng_mix(const void *seed, size_t len)
{
	const uint8_t *s = seed;

	spin_lock(&csprng_lock);
	for (size_t i = 0; i < len; i++) {
		((uint8_t *)csprng_key)[i % sizeof(csprng_key)] ^= s[i];
		if (i % sizeof(csprng_key) == sizeof(csprng_key) - 1)
			csprng_rekey();
	}
	csprng_rekey();
	spin_unlock(&csprng_lock);
}

void csprng_fill(void *buf, size_t len)
{
	uint8_t block[CSPRNG_BLOCK];
	uint8_t *out = buf;

	spin_lock(&csprng_lock);
	while (len) {
		size_t n = len < sizeof(block) ? len : sizeof(block);

		csprng_next(block);
		memcpy(out, block, n);
		out += n;
		len -= n;
	}
	csprng_rekey();
	spin_unlock(&csprng_lock);
	memset(block, 0, sizeof(block));
}
