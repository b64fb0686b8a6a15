/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * memset and memcpy for the hypervisor image. picolibc's are built for size
 * and move one byte per loop, which makes zeroing a 128 MiB guest and copying
 * its kernel the bulk of a guest's boot; these move eight bytes at a time
 * whenever the addresses allow. The loops must not be turned back into calls
 * to the functions they implement.
 */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#define MEM_WORD       sizeof(uint64_t)
#define MEM_ALIGNED(p) (((uintptr_t)(p) & (MEM_WORD - 1)) == 0)

__attribute__((optimize("no-tree-loop-distribute-patterns"))) void *memset(void *dst, int c,
									   size_t n)
{
	unsigned char *d = dst;
	uint64_t word = 0x0101010101010101ULL * (unsigned char)c;

	while (n && !MEM_ALIGNED(d)) {
		*d++ = (unsigned char)c;
		n--;
	}
	/* Eight stores a round: zeroing a guest's RAM is most of what this is for. */
	for (; n >= 8 * MEM_WORD; n -= 8 * MEM_WORD, d += 8 * MEM_WORD) {
		uint64_t *w = (uint64_t *)d;

		w[0] = word;
		w[1] = word;
		w[2] = word;
		w[3] = word;
		w[4] = word;
		w[5] = word;
		w[6] = word;
		w[7] = word;
	}
	for (; n >= MEM_WORD; n -= MEM_WORD, d += MEM_WORD)
		*(uint64_t *)d = word;
	while (n--)
		*d++ = (unsigned char)c;
	return dst;
}

/*
 * Source and destination differ in their low bits (a kernel inside the config
 * blob is only 4-byte aligned): read aligned source words and shift each pair
 * together. The last word read holds the last byte wanted, so nothing past
 * the source's end is touched. d is aligned, s is not.
 */
static void mem_copy_shifted(uint64_t *d, const unsigned char *s, size_t words)
{
	unsigned shift = ((uintptr_t)s & (MEM_WORD - 1)) * 8;
	const uint64_t *ws = (const uint64_t *)((uintptr_t)s & ~(uintptr_t)(MEM_WORD - 1));
	uint64_t lo = *ws++;

	for (; words >= 2; words -= 2, ws += 2, d += 2) {
		uint64_t mid = ws[0], hi = ws[1];

		d[0] = (lo >> shift) | (mid << (64 - shift));
		d[1] = (mid >> shift) | (hi << (64 - shift));
		lo = hi;
	}
	if (words)
		*d = (lo >> shift) | (*ws << (64 - shift));
}

__attribute__((optimize("no-tree-loop-distribute-patterns"))) void *
memcpy(void *restrict dst, const void *restrict src, size_t n)
{
	unsigned char *d = dst;
	const unsigned char *s = src;

	while (n && !MEM_ALIGNED(d)) {
		*d++ = *s++;
		n--;
	}
	if (!MEM_ALIGNED(s)) {
		size_t words = n / MEM_WORD;

		mem_copy_shifted((uint64_t *)d, s, words);
		d += words * MEM_WORD;
		s += words * MEM_WORD;
		n -= words * MEM_WORD;
	}
	for (; n >= 4 * MEM_WORD; n -= 4 * MEM_WORD, d += 4 * MEM_WORD, s += 4 * MEM_WORD) {
		const uint64_t *ws = (const uint64_t *)s;
		uint64_t *wd = (uint64_t *)d;

		wd[0] = ws[0];
		wd[1] = ws[1];
		wd[2] = ws[2];
		wd[3] = ws[3];
	}
	for (; n >= MEM_WORD; n -= MEM_WORD, d += MEM_WORD, s += MEM_WORD)
		*(uint64_t *)d = *(const uint64_t *)s;
	while (n--)
		*d++ = *s++;
	return dst;
}
