/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * libFuzzer harness for the partition-config parser (core/config*.c): the
 * input is a flattened device tree, as dtc would write it for a
 * guests/configs/<name>.dts, handed to config_parse as the build's checker
 * and the boot path do. The parser must never crash, and
 *  - on success it leaves err empty and a config that keeps the rules it
 *    promises: counts within their limits, each guest's RAM regions aligned,
 *    below 2^41 and disjoint, its images inside its first region and inside
 *    the blob, its devices clear of its RAM, pinned host memory and
 *    passthrough windows never shared, window tables that fill their frames
 *    with owners allowed on their harts;
 *  - on failure it leaves a non-empty message, and the same message cut
 *    short when the buffer is small (run again with a buffer of a few bytes).
 *
 * config_parse trusts the header's totalsize (at boot the blob is as long as
 * it says; the checker reads a whole file), so the harness copies the input
 * into a buffer of exactly its length, at least a header long, and lowers a
 * totalsize that claims more. Reading past the input is then an ASan error.
 */
#include <assert.h>
#include <libfdt.h>
#include <stdlib.h>
#include <string.h>

#include "config/config.h"
#include "vm/guest_layout.h"

#define ERR_LEN 256

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static bool fuzz_overlaps(uint64_t a, uint64_t alen, uint64_t b, uint64_t blen)
{
	/* No range here wraps: the parser refuses those first. */
	return alen && blen && a < b + blen && b < a + alen;
}

/* p[0, len) lies in the blob. */
static bool fuzz_in_blob(const void *blob, const void *p, size_t len)
{
	const char *start = blob, *q = p;

	return q >= start && q <= start + fdt_totalsize(blob) &&
	       len <= fdt_totalsize(blob) - (size_t)(q - start);
}

static bool fuzz_in_region(const struct config_region *r, uint64_t gpa, uint64_t len)
{
	return gpa >= r->gpa && len <= r->size && gpa - r->gpa <= r->size - len;
}

static void fuzz_check_regions(const struct config_guest *g)
{
	assert(g->region_count >= 1 && g->region_count <= CONFIG_MAX_REGIONS);
	for (size_t i = 0; i < g->region_count; i++) {
		const struct config_region *r = &g->regions[i];

		assert(r->size && r->gpa % PAGE_SIZE == 0 && r->size % PAGE_SIZE == 0);
		assert(r->gpa < CONFIG_GPA_LIMIT && r->size <= CONFIG_GPA_LIMIT - r->gpa);
		assert(r->hpa % PAGE_SIZE == 0 && r->size <= UINT64_MAX - r->hpa);
		for (size_t j = 0; j < i; j++)
			assert(
			    !fuzz_overlaps(g->regions[j].gpa, g->regions[j].size, r->gpa, r->size));
		assert(!g->plic ||
		       !fuzz_overlaps(r->gpa, r->size, GUEST_PLIC_BASE, GUEST_PLIC_SIZE));
		assert(!g->uart ||
		       !fuzz_overlaps(r->gpa, r->size, GUEST_UART_BASE, GUEST_UART_SIZE));
		assert(!fuzz_overlaps(r->gpa, r->size, GUEST_VIRTIO_BASE,
				      g->virtio_count * GUEST_VIRTIO_SLOT));
	}
}

static void fuzz_check_images(const void *blob, const struct config_guest *g)
{
	const struct config_image *k = &g->kernel, *i = &g->initrd;

	assert(k->data && k->size && fuzz_in_blob(blob, k->data, k->size));
	assert(fuzz_in_region(&g->regions[0], k->gpa, k->size) && g->entry_gpa == k->gpa);
	if (i->data) {
		assert(i->size && fuzz_in_blob(blob, i->data, i->size));
		assert(fuzz_in_region(&g->regions[0], i->gpa, i->size));
		assert(!fuzz_overlaps(i->gpa, i->size, k->gpa, k->size));
	}
	if (g->bootargs) {
		size_t room;

		assert(fuzz_in_blob(blob, g->bootargs, 1));
		room = fdt_totalsize(blob) - (size_t)(g->bootargs - (const char *)blob);
		assert(strnlen(g->bootargs, room) < room);
	}
}

static void fuzz_check_devices(const struct config_guest *g)
{
	assert(!g->uart || g->plic);
	assert(g->virtio_count <= CONFIG_MAX_VIRTIO && (!g->virtio_count || g->plic));
	assert(g->passthrough_count <= CONFIG_MAX_PASSTHROUGH);
	for (size_t k = 0; k < g->passthrough_count; k++) {
		const struct config_passthrough *pt = &g->passthrough[k];

		assert(pt->size && (pt->base | pt->size) % PAGE_SIZE == 0);
		assert(pt->base < CONFIG_GPA_LIMIT && pt->size <= CONFIG_GPA_LIMIT - pt->base);
		assert(pt->irq_count <= CONFIG_MAX_PASSTHROUGH_IRQS && (!pt->irq_count || g->plic));
		for (size_t r = 0; r < g->region_count; r++)
			assert(!fuzz_overlaps(g->regions[r].gpa, g->regions[r].size, pt->base,
					      pt->size));
		for (size_t i = 0; i < pt->irq_count; i++)
			assert(pt->irqs[i] && pt->irqs[i] < GUEST_PLIC_SOURCES &&
			       pt->irqs[i] != GUEST_UART_IRQ);
	}
	for (size_t k = 0; k < g->virtio_count; k++) {
		const struct config_virtio *v = &g->virtio[k];

		assert(v->kind <= CONFIG_VIRTIO_RNG);
		if (v->kind == CONFIG_VIRTIO_BLK)
			assert(v->size && v->size % 512 == 0 && (v->image || v->offset % 512 == 0));
		if (v->kind == CONFIG_VIRTIO_NET)
			assert(!(v->mac[0] & 1));
	}
}

static void fuzz_check_guest(const void *blob, const struct config_guest *g)
{
	size_t len = strnlen(g->name, sizeof(g->name));

	assert(len >= 1 && len <= CONFIG_NAME_MAX);
	assert(strspn(g->name, "abcdefghijklmnopqrstuvwxyz0123456789_-") == len);
	assert(g->vcpus >= 1 && g->vcpus <= CONFIG_MAX_VCPUS);
	assert(g->hart_mask && !(g->hart_mask >> ERG_MAX_HARTS));
	assert(g->priority <= CONFIG_PRIORITY_MAX);
	assert(g->slice_us >= CONFIG_SLICE_US_MIN && g->slice_us <= CONFIG_SLICE_US_MAX);
	fuzz_check_regions(g);
	fuzz_check_images(blob, g);
	fuzz_check_devices(g);
}

/* Pinned host memory and passthrough windows and interrupts belong to one guest only. */
static void fuzz_check_shared(const struct config *cfg)
{
	for (size_t a = 0; a < cfg->guest_count; a++)
		for (size_t b = a; b < cfg->guest_count; b++) {
			const struct config_guest *ga = &cfg->guests[a], *gb = &cfg->guests[b];

			for (size_t i = 0; i < ga->region_count; i++)
				for (size_t j = a == b ? i + 1 : 0; j < gb->region_count; j++)
					assert(!ga->regions[i].hpa || !gb->regions[j].hpa ||
					       !fuzz_overlaps(
						   ga->regions[i].hpa, ga->regions[i].size,
						   gb->regions[j].hpa, gb->regions[j].size));
			for (size_t i = 0; i < ga->passthrough_count; i++)
				for (size_t j = a == b ? i + 1 : 0; j < gb->passthrough_count; j++)
					assert(!fuzz_overlaps(
					    ga->passthrough[i].base, ga->passthrough[i].size,
					    gb->passthrough[j].base, gb->passthrough[j].size));
		}
}

static void fuzz_check_tables(const struct config *cfg)
{
	uint64_t harts = 0;

	assert(cfg->table_count <= ERG_MAX_HARTS);
	for (size_t t = 0; t < cfg->table_count; t++) {
		const struct config_table *tab = &cfg->tables[t];
		uint64_t sum = 0;

		assert(tab->hart < ERG_MAX_HARTS && !(harts & 1ULL << tab->hart));
		harts |= 1ULL << tab->hart;
		assert(tab->count >= 1 && tab->count <= CONFIG_MAX_WINDOWS);
		for (size_t w = 0; w < tab->count; w++) {
			int owner = tab->owner[w];

			assert(tab->length_us[w]);
			sum += tab->length_us[w];
			assert(owner == CONFIG_IDLE_OWNER ||
			       (owner >= 0 && (size_t)owner < cfg->guest_count));
			assert(owner == CONFIG_IDLE_OWNER ||
			       cfg->guests[owner].hart_mask & 1ULL << tab->hart);
		}
		assert(sum == tab->frame_us);
	}
}

static void fuzz_check_config(const void *blob, const struct config *cfg)
{
	uint64_t total = 0;

	assert(cfg->guest_count <= CONFIG_MAX_GUESTS);
	for (size_t i = 0; i < cfg->guest_count; i++) {
		fuzz_check_guest(blob, &cfg->guests[i]);
		total += config_guest_memory(&cfg->guests[i]);
	}
	assert(!cfg->machine_memory || total <= cfg->machine_memory);
	fuzz_check_shared(cfg);
	fuzz_check_tables(cfg);
}

/* Parse again with a buffer of errlen bytes: the same verdict, the message cut to fit. */
static void fuzz_check_short_err(const void *blob, int rc, const char *err, size_t errlen)
{
	static struct config again;
	char *small = malloc(errlen); /* exactly errlen: writing past it is an ASan error */
	size_t len;

	assert(small);
	memset(small, 'x', errlen);
	assert(config_parse(blob, &again, small, errlen) == rc);
	len = strnlen(small, errlen);
	assert(len < errlen);
	assert(len == (strlen(err) < errlen - 1 ? strlen(err) : errlen - 1));
	assert(!memcmp(small, err, len));
	free(small);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct config cfg;
	size_t len = size < sizeof(struct fdt_header) ? sizeof(struct fdt_header) : size;
	uint8_t *blob = calloc(1, len);
	char err[ERR_LEN];
	int rc;

	assert(blob);
	memcpy(blob, data, size);
	if (fdt_totalsize(blob) > len)
		fdt_set_totalsize(blob, (uint32_t)len);
	memset(err, 'x', sizeof(err));
	rc = config_parse(blob, &cfg, err, sizeof(err));
	assert(rc == 0 || rc == -1);
	assert(strnlen(err, sizeof(err)) < sizeof(err));
	if (rc == 0) {
		assert(err[0] == '\0');
		fuzz_check_config(blob, &cfg);
	} else {
		assert(err[0] != '\0');
	}
	/* A length that varies with the input, from one byte to a typical message. */
	fuzz_check_short_err(blob, rc, err, 1 + size % 48);
	free(blob);
	return 0;
}
