/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * libFuzzer harness for the no-H back end's guest page-table walker
 * (arch/riscv/noh/guest_walk.c). Input: a 16-byte header, then guest RAM at
 * RAM_BASE (whatever follows, whole PTEs only, up to 4 pages):
 *   byte 0   mode: bits 7:6 pick Sv39, Sv48, Bare, or bits 3:0 as a raw MODE
 *   byte 1   root page, counted from RAM_BASE (may lie outside RAM)
 *   byte 2   bits 1:0 access (3 = read), bit 2 U, 3 SUM, 4 MXR, 5 sign-extend the va
 *   bytes 3-7  ignored
 *   bytes 8-15 va, little-endian
 * RAM sits in a buffer of exactly its size, so a read outside it is caught by
 * ASan. Each input is walked with Svade first, then twice with Svadu, and
 * checked: a fault names its access type and writes nothing; a success has
 * its leaf in RAM holding the PTE reported, valid, allowing the access, with
 * A (and D on a write) set, and a gpa inside the page that leaf maps; Svade's
 * success is Svadu's without a write; a second Svadu walk writes nothing and
 * says the same.
 */
#include <assert.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "riscv/noh/guest_walk.h"

#define HEADER_LEN 16
#define RAM_BASE   0x80000000ull
#define RAM_MAX	   (4 * 4096)
#define PTE_V	   (1ull << 0)
#define PTE_A	   (1ull << 6)
#define PTE_D	   (1ull << 7)

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

struct ram {
	uint8_t *bytes;
	size_t len;
};

static uint8_t *ram_at(struct ram *r, uint64_t gpa)
{
	assert(gpa % 8 == 0); /* the walker only asks for whole PTEs */
	if (gpa < RAM_BASE || gpa - RAM_BASE >= r->len || r->len - (gpa - RAM_BASE) < 8)
		return NULL;
	return r->bytes + (gpa - RAM_BASE);
}

static bool ram_read(void *ctx, uint64_t gpa, uint64_t *pte)
{
	uint8_t *p = ram_at(ctx, gpa);

	if (p)
		memcpy(pte, p, 8);
	return p != NULL;
}

static enum gwalk_cas ram_cas(void *ctx, uint64_t gpa, uint64_t old, uint64_t new)
{
	uint8_t *p = ram_at(ctx, gpa);
	uint64_t now;

	assert(p); /* only PTEs the walk has read are written */
	memcpy(&now, p, 8);
	if (now != old)
		return GWALK_CAS_CHANGED;
	memcpy(p, &new, 8);
	return GWALK_CAS_DONE;
}

static const struct gwalk_mem_ops ops = {.read = ram_read, .cas = ram_cas};

static struct gwalk_req parse_req(const uint8_t *h)
{
	static const unsigned modes[] = {GWALK_SATP_SV39, GWALK_SATP_SV48, GWALK_SATP_BARE};
	unsigned mode = h[0] >> 6 < 3 ? modes[h[0] >> 6] : h[0] & 15u;
	struct gwalk_req req = {.access =
				    (h[2] & 3) == 3 ? GWALK_READ : (enum gwalk_access)(h[2] & 3),
				.user = h[2] & 4,
				.sum = h[2] & 8,
				.mxr = h[2] & 16};
	unsigned bits = mode == GWALK_SATP_SV39 ? 39 : 48;

	req.satp = (uint64_t)mode << 60 | ((RAM_BASE >> 12) + h[1]);
	memcpy(&req.va, h + 8, 8);
	if (h[2] & 32)
		req.va = (uint64_t)((int64_t)(req.va << (64 - bits)) >> (64 - bits));
	return req;
}

static bool same(const struct gwalk_result *a, const struct gwalk_result *b)
{
	return a->status == b->status && a->cause == b->cause && a->gpa == b->gpa &&
	       a->level == b->level && a->perms == b->perms && a->pte_gpa == b->pte_gpa &&
	       a->pte == b->pte;
}

static void check_fault(const struct gwalk_req *req, const struct gwalk_result *r)
{
	static const unsigned page[] = {13, 15, 12}, access[] = {5, 7, 1};

	if (r->status == GWALK_PAGE_FAULT)
		assert(r->cause == page[req->access]);
	else if (r->status == GWALK_ACCESS_FAULT)
		assert(r->cause == access[req->access]);
	else
		assert(r->status == GWALK_BAD_MODE && (req->satp >> 60) != GWALK_SATP_SV39 &&
		       (req->satp >> 60) != GWALK_SATP_SV48 && (req->satp >> 60) != 0);
	assert(r->gpa == 0 && r->pte_gpa == GWALK_NO_PTE && r->pte == 0);
}

static bool perms_allow(const struct gwalk_req *req, unsigned perms)
{
	if (req->access == GWALK_WRITE)
		return perms & GWALK_PERM_W;
	if (req->access == GWALK_EXEC)
		return perms & GWALK_PERM_X;
	return (perms & GWALK_PERM_R) || (req->mxr && (perms & GWALK_PERM_X));
}

static void check_success(struct ram *ram, const struct gwalk_req *req,
			  const struct gwalk_result *r)
{
	uint64_t size = gwalk_page_size(r->level), now, base;
	uint64_t ad = PTE_A | (req->access == GWALK_WRITE ? PTE_D : 0);

	if (r->pte_gpa == GWALK_NO_PTE) {
		assert((req->satp >> 60) == GWALK_SATP_BARE && r->gpa == req->va);
		return;
	}
	assert(r->level < ((req->satp >> 60) == GWALK_SATP_SV39 ? 3u : 4u));
	assert(ram_read(ram, r->pte_gpa, &now) && now == r->pte);
	assert((r->pte & PTE_V) && (r->pte & ad) == ad);
	assert(((r->perms ^ (unsigned)r->pte) & 0x1eu) == 0); /* R, W, X, U as the leaf has them */
	assert(!(r->pte & GWALK_PERM_G) || (r->perms & GWALK_PERM_G));
	assert(perms_allow(req, r->perms));
	base = ((r->pte >> 10) & ((1ull << 44) - 1)) << 12;
	assert(base % size == 0 && r->gpa - base < size);
	assert(r->gpa % 4096 == req->va % 4096);
}

static void walk(struct ram *ram, const struct gwalk_req *req, struct gwalk_result *r)
{
	gwalk_translate(req, &ops, ram, r);
	assert(r->status != GWALK_AGAIN); /* nobody else writes this RAM */
	if (r->status == GWALK_OK)
		check_success(ram, req, r);
	else
		check_fault(req, r);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct gwalk_req req;
	struct gwalk_result ade, adu, again;
	struct ram ram;
	uint8_t *before;

	if (size < HEADER_LEN)
		return 0;
	req = parse_req(data);
	ram.len = (size - HEADER_LEN) / 8 * 8;
	ram.len = ram.len > RAM_MAX ? RAM_MAX : ram.len;
	/* Exactly ram.len bytes, so that ASan sees a byte beyond RAM read. */
	ram.bytes = malloc(ram.len ? ram.len : 1);
	before = malloc(ram.len ? ram.len : 1);
	assert(ram.bytes && before);
	memcpy(ram.bytes, data + HEADER_LEN, ram.len);
	memcpy(before, ram.bytes, ram.len);

	walk(&ram, &req, &ade);
	assert(!memcmp(ram.bytes, before, ram.len)); /* Svade never writes */
	req.set_ad = true;
	walk(&ram, &req, &adu);
	assert(ade.status != GWALK_OK || same(&ade, &adu));
	assert(adu.status == GWALK_OK || same(&ade, &adu));
	/* Svadu writes the leaf PTE at most, and only on success. */
	if (adu.status == GWALK_OK && adu.pte_gpa != GWALK_NO_PTE)
		memcpy(before + (adu.pte_gpa - RAM_BASE), &adu.pte, 8);
	assert(!memcmp(ram.bytes, before, ram.len));
	memcpy(before, ram.bytes, ram.len);
	walk(&ram, &req, &again);
	assert(same(&adu, &again) && !memcmp(ram.bytes, before, ram.len));
	free(ram.bytes);
	free(before);
	return 0;
}
