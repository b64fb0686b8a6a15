/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The device side of a split virtqueue (VirtIO 1.2, 2.7). The rings are guest
 * RAM that another vCPU of the guest may rewrite while we walk them, so each
 * index and descriptor is loaded once through an atomic or volatile access
 * into a local, checked, and only the local is used afterwards. Ordering
 * follows the spec's memory model: the available index is read with acquire
 * before the entries it covers, the used index is published with release
 * after the entries it covers, and a full fence sits between each store the
 * driver decides on (used->idx, avail_event) and our next read of what it
 * decides with (its flags and used_event, avail->idx). The driver fences the
 * other way round, so one side always sees the other and neither sleeps on a
 * missed notification or interrupt.
 */
#include <string.h>

#include "virtio/virtq.h"

/* The guest's layout of the rings (all little-endian, as is every host Erg runs on). */
struct virtq_desc {
	uint64_t addr;
	uint32_t len;
	uint16_t flags;
	uint16_t next;
};

struct virtq_avail {
	uint16_t flags;
	uint16_t idx;
	uint16_t ring[]; /* size entries, then used_event */
};

struct virtq_used_elem {
	uint32_t id;
	uint32_t len;
};

struct virtq_used {
	uint16_t flags;
	uint16_t idx;
	struct virtq_used_elem ring[]; /* size entries, then avail_event */
};

#define VIRTQ_DESC_BYTES 16

#define VIRTQ_STR(x)  #x
#define VIRTQ_XSTR(x) VIRTQ_STR(x)

_Static_assert(sizeof(struct virtq_desc) == VIRTQ_DESC_BYTES, "descriptor layout");
_Static_assert(sizeof(struct virtq_used_elem) == 8, "used element layout");
_Static_assert(VIRTQ_MAX_CHAIN_BYTES == 1u << 20, "the refusal below says 1 MiB");

/* One ring as virtq_enable checks it. */
struct virtq_ring_check {
	uint64_t gpa;
	uint64_t align, bytes;
	void **host;
	const char *misaligned, *outside;
};

/* Map [gpa, gpa + len), refusing ranges that wrap so a lax map callback cannot be fooled. */
static void *virtq_map(const struct virtq_mem *mem, uint64_t gpa, uint64_t len)
{
	if (gpa > UINT64_MAX - len)
		return NULL;
	return mem->map(mem->ctx, gpa, len);
}

void virtq_reset(struct virtq *q)
{
	memset(q, 0, sizeof(*q));
}

static int virtq_fail(struct virtq *q, const char **why, const char *reason)
{
	/* A queue the driver broke is never walked again: its rings may be anything now. */
	q->ready = false;
	*why = reason;
	return -1;
}

/* Tell an event_idx driver to notify once it makes entry last_avail available. */
static void virtq_set_avail_event(struct virtq *q)
{
	struct virtq_used *used = q->used;
	uint16_t *avail_event = (uint16_t *)&used->ring[q->size];

	__atomic_store_n(avail_event, q->last_avail, __ATOMIC_RELAXED);
	/* Our store before the caller's next look at avail->idx, or a notify could be lost. */
	__atomic_thread_fence(__ATOMIC_SEQ_CST);
}

static bool virtq_size_valid(uint32_t size)
{
	return size != 0 && size <= VIRTQ_MAX_SIZE && (size & (size - 1)) == 0;
}

/* Map one ring; the host pointer must keep the guest alignment too, for the atomic accesses. */
static const char *virtq_ring_map(const struct virtq_mem *mem, const struct virtq_ring_check *r)
{
	void *host;

	if (r->gpa % r->align)
		return r->misaligned;
	host = virtq_map(mem, r->gpa, r->bytes);
	if (!host)
		return r->outside;
	if ((uintptr_t)host % r->align)
		return r->misaligned;
	*r->host = host;
	return NULL;
}

int virtq_enable(struct virtq *q, const struct virtq_mem *mem, const char **why)
{
	uint64_t n = q->size;
	/* Each ring whole, event fields included: 2.7 gives sizes and alignments. */
	const struct virtq_ring_check rings[] = {
	    {q->desc_gpa, 16, VIRTQ_DESC_BYTES * n, &q->desc,
	     "descriptor table not aligned to 16 bytes", "descriptor table outside guest RAM"},
	    {q->avail_gpa, 2, 6 + 2 * n, &q->avail, "available ring not aligned to 2 bytes",
	     "available ring outside guest RAM"},
	    {q->used_gpa, 4, 6 + 8 * n, &q->used, "used ring not aligned to 4 bytes",
	     "used ring outside guest RAM"},
	};
	const char *bad;

	if (!virtq_size_valid(q->size))
		return virtq_fail(
		    q, why, "queue size not a power of 2 from 1 to " VIRTQ_XSTR(VIRTQ_MAX_SIZE));
	for (size_t i = 0; i < ARRAY_SIZE(rings); i++) {
		bad = virtq_ring_map(mem, &rings[i]);
		if (bad)
			return virtq_fail(q, why, bad);
	}
	q->last_avail = 0;
	q->used_idx = 0;
	q->signalled = 0;
	q->ready = true;
	if (q->event_idx)
		virtq_set_avail_event(q); /* the driver's first chain is notified for sure */
	return 0;
}

static uint16_t virtq_avail_idx(const struct virtq *q)
{
	const struct virtq_avail *avail = q->avail;

	/* Acquire: the ring entries and descriptors the index covers are read after it. */
	return __atomic_load_n(&avail->idx, __ATOMIC_ACQUIRE);
}

bool virtq_has_avail(const struct virtq *q)
{
	return q->ready && virtq_avail_idx(q) != q->last_avail;
}

/*
 * Copy one descriptor out of guest RAM, byte by byte: indirect tables carry
 * no alignment rule, and volatile makes this the one and only read of it.
 */
static void virtq_desc_load(const void *table, uint32_t i, struct virtq_desc *d)
{
	const volatile uint8_t *src =
	    (const volatile uint8_t *)table + (size_t)i * VIRTQ_DESC_BYTES;
	uint8_t raw[VIRTQ_DESC_BYTES];

	for (size_t b = 0; b < sizeof(raw); b++)
		raw[b] = src[b];
	memcpy(d, raw, sizeof(raw));
}

/* The table an indirect descriptor points to, its entry count in *entries; NULL with *why. */
static const void *virtq_indirect_map(const struct virtq *q, const struct virtq_mem *mem,
				      const struct virtq_desc *d, uint32_t *entries,
				      const char **why)
{
	const void *table;

	*why = NULL;
	if (d->len == 0)
		*why = "empty indirect table";
	else if (d->len % VIRTQ_DESC_BYTES)
		*why = "indirect table length not a multiple of 16";
	else if (d->len / VIRTQ_DESC_BYTES > q->size)
		*why = "indirect table longer than the queue";
	if (*why)
		return NULL;
	table = virtq_map(mem, d->addr, d->len);
	if (!table)
		*why = "indirect table outside guest RAM";
	*entries = d->len / VIRTQ_DESC_BYTES;
	return table;
}

/*
 * Whether [gpa, gpa + len) overlaps a buffer already in c. A buffer the
 * device writes may overlap no other: the device's writes would land on what
 * it reads or has written. Buffers it only reads may repeat (Linux names its
 * zero page again and again when it zeroes a disk range); the chain's byte
 * cap bounds their work. At most VIRTQ_MAX_SEGS squared halves comparisons.
 */
static bool virtq_overlaps(const struct virtq_chain *c, uint64_t gpa, uint32_t len)
{
	for (unsigned i = 0; i < c->count; i++)
		if (gpa < c->seg[i].gpa + c->seg[i].len && c->seg[i].gpa < gpa + len)
			return true;
	return false;
}

/* Whether c can take len more bytes without passing the cap of q's device. */
static bool virtq_fits(const struct virtq *q, const struct virtq_chain *c, uint32_t len)
{
	uint64_t max = q->chain_max ? q->chain_max : VIRTQ_MAX_CHAIN_BYTES;

	return c->read_len + c->write_len + len <= max;
}

static const char *virtq_chain_refusal(const struct virtq *q)
{
	return q->chain_refusal ? q->chain_refusal : "chain has more than 1 MiB of buffers";
}

/* Append the buffer d describes to c; *writing says whether a writable one came already. */
static const char *virtq_chain_add(const struct virtq *q, struct virtq_chain *c,
				   const struct virtq_mem *mem, const struct virtq_desc *d,
				   bool *writing)
{
	bool writable = d->flags & VIRTQ_DESC_F_WRITE;
	struct virtq_seg *s;

	if (*writing && !writable)
		return "readable buffer after a writable one";
	*writing = writable;
	if (d->len == 0)
		return NULL; /* carries nothing; keeping it would only cost a segment */
	if (c->count == VIRTQ_MAX_SEGS)
		return "chain has more than " VIRTQ_XSTR(VIRTQ_MAX_SEGS) " buffers";
	/* The cap before the map: mapping may first ready (zero) the guest RAM it names. */
	if (!virtq_fits(q, c, d->len))
		return virtq_chain_refusal(q);
	s = &c->seg[c->count];
	s->data = virtq_map(mem, d->addr, d->len);
	if (!s->data)
		return "buffer outside guest RAM";
	/* In RAM, so gpa + len does not wrap: virtq_map refused that. */
	/* Readable buffers all come before writable ones: a writable one is checked against all. */
	if (writable && virtq_overlaps(c, d->addr, d->len))
		return "buffers of the chain overlap";
	s->gpa = d->addr;
	s->len = d->len;
	c->count++;
	if (writable) {
		c->write_len += d->len;
	} else {
		c->readable++;
		c->read_len += d->len;
	}
	return NULL;
}

/* Mark entry i of the table being walked as visited; whether it was already. */
static bool virtq_visit(uint64_t *seen, uint32_t i)
{
	uint64_t bit = 1ULL << (i % 64);
	bool was = seen[i / 64] & bit;

	seen[i / 64] |= bit;
	return was;
}

/*
 * Follow the chain from head through the descriptor table and at most one
 * indirect table. A descriptor visited twice is a loop: it is caught there,
 * before its buffer is taken again (which would also overlap), so every walk
 * ends within the table's size and says why.
 */
static const char *virtq_walk(const struct virtq *q, const struct virtq_mem *mem, uint16_t head,
			      struct virtq_chain *c)
{
	const void *table = q->desc;
	uint32_t entries = q->size, i = head;
	uint64_t seen[VIRTQ_MAX_SIZE / 64] = {0};
	bool indirect = false, writing = false;
	struct virtq_desc d;
	const char *why;

	for (;;) {
		if (i >= entries)
			return "descriptor index beyond the table";
		if (virtq_visit(seen, i))
			return "descriptor chain loops or is longer than the queue";
		virtq_desc_load(table, i, &d);
		if (d.flags & VIRTQ_DESC_F_INDIRECT) {
			if (indirect)
				return "indirect table inside an indirect table";
			if (d.flags & VIRTQ_DESC_F_NEXT)
				return "indirect descriptor with NEXT set";
			table = virtq_indirect_map(q, mem, &d, &entries, &why);
			if (!table)
				return why;
			indirect = true;
			memset(seen, 0, sizeof(seen));
			i = 0;
			continue;
		}
		why = virtq_chain_add(q, c, mem, &d, &writing);
		if (why)
			return why;
		if (!(d.flags & VIRTQ_DESC_F_NEXT))
			return NULL;
		i = d.next;
	}
}

int virtq_pop(struct virtq *q, const struct virtq_mem *mem, struct virtq_chain *chain,
	      const char **why)
{
	const struct virtq_avail *avail = q->avail;
	uint16_t pending, head;
	const char *bad;

	if (!q->ready)
		return 0;
	pending = (uint16_t)(virtq_avail_idx(q) - q->last_avail);
	if (pending == 0)
		return 0;
	if (pending > q->size)
		return virtq_fail(q, why, "available index ran more than the queue size ahead");
	head = __atomic_load_n(&avail->ring[q->last_avail & (q->size - 1)], __ATOMIC_RELAXED);
	if (head >= q->size)
		return virtq_fail(q, why, "chain head beyond the descriptor table");
	memset(chain, 0, offsetof(struct virtq_chain, seg));
	chain->head = head;
	bad = virtq_walk(q, mem, head, chain);
	if (bad)
		return virtq_fail(q, why, bad);
	q->last_avail++;
	if (q->event_idx)
		virtq_set_avail_event(q);
	return 1;
}

void virtq_push(struct virtq *q, uint16_t head, uint32_t written)
{
	struct virtq_used *used = q->used;
	struct virtq_used_elem *e;

	if (!q->ready)
		return;
	e = &used->ring[q->used_idx & (q->size - 1)];
	__atomic_store_n(&e->id, head, __ATOMIC_RELAXED);
	__atomic_store_n(&e->len, written, __ATOMIC_RELAXED);
	q->used_idx++;
	/* Release: the driver that sees the new index sees the entry and the data written. */
	__atomic_store_n(&used->idx, q->used_idx, __ATOMIC_RELEASE);
}

bool virtq_should_interrupt(struct virtq *q)
{
	const struct virtq_avail *avail = q->avail;
	uint16_t old = q->signalled, now = q->used_idx, event;

	if (!q->ready || now == old)
		return false;
	q->signalled = now;
	/* The driver stores its wishes, then reads used->idx: ours goes out before we read them. */
	__atomic_thread_fence(__ATOMIC_SEQ_CST);
	if (!q->event_idx)
		return !(__atomic_load_n(&avail->flags, __ATOMIC_RELAXED) &
			 VIRTQ_AVAIL_F_NO_INTERRUPT);
	event = __atomic_load_n(&avail->ring[q->size], __ATOMIC_RELAXED);
	/*
	 * Interrupt when used_event lies in [old, now): the pushes since the last
	 * interrupt passed it. Differences in 16 bits stay right across the wrap.
	 */
	return (uint16_t)(now - event - 1) < (uint16_t)(now - old);
}

/*
 * Copy up to len bytes between a host buffer and segs, starting offset bytes
 * into the segments: from the guest into out when out is set, else from in
 * into the guest. A zero len touches neither pointer.
 */
static size_t virtq_copy(const struct virtq_seg *seg, unsigned n, size_t offset, void *out,
			 const void *in, size_t len)
{
	size_t done = 0, part;
	uint8_t *g;

	for (unsigned i = 0; i < n && done < len; i++) {
		if (offset >= seg[i].len) {
			offset -= seg[i].len;
			continue;
		}
		part = seg[i].len - offset;
		if (part > len - done)
			part = len - done;
		g = (uint8_t *)seg[i].data + offset;
		if (out)
			memcpy((uint8_t *)out + done, g, part);
		else
			memcpy(g, (const uint8_t *)in + done, part);
		done += part;
		offset = 0;
	}
	return done;
}

size_t virtq_chain_read(const struct virtq_chain *chain, size_t offset, void *buf, size_t len)
{
	return virtq_copy(chain->seg, chain->readable, offset, buf, NULL, len);
}

size_t virtq_chain_write(const struct virtq_chain *chain, size_t offset, const void *buf,
			 size_t len)
{
	return virtq_copy(chain->seg + chain->readable, chain->count - chain->readable, offset,
			  NULL, buf, len);
}
