/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The virtual PLIC's core: gateways, claim and complete, and the per-context
 * outputs. Every change runs under p->lock and ends in vplic_unlock, which
 * recomputes the outputs and, with the lock dropped, runs what the change
 * left to do: the completion hook, then notify for each context whose output
 * moved. Dropping the lock first matters: notify kicks other harts, and a
 * hook completes on the real PLIC, whose next interrupt comes back here.
 */
#include "dev/vplic.h"

#include "ports/arch_hooks.h"

_Static_assert(VPLIC_MAX_SOURCES <= 64, "source bitmaps are uint64_t");
_Static_assert(VPLIC_MAX_CONTEXTS <= 32, "the output bitmap is uint32_t");

/* What a change leaves to do once the lock is dropped. */
struct vplic_after {
	unsigned long irq; /* the interrupt state to restore */
	struct vplic_hook hook;
	unsigned hook_source;
};

void vplic_init(struct vplic *p, unsigned sources, unsigned contexts, vplic_notify_fn notify,
		void *arg)
{
	*p = (struct vplic){.lock = SPINLOCK_INIT};
	p->sources = sources < VPLIC_MAX_SOURCES ? sources : VPLIC_MAX_SOURCES;
	p->contexts = contexts < VPLIC_MAX_CONTEXTS ? contexts : VPLIC_MAX_CONTEXTS;
	p->notify = notify;
	p->notify_arg = arg;
}

/*
 * Taken with local interrupts off: the real PLIC's interrupt handler may
 * forward an edge here on this hart while it holds the lock.
 */
static void vplic_lock(struct vplic *p, struct vplic_after *after)
{
	*after = (struct vplic_after){0};
	after->irq = arch_irq_save();
	spin_lock(&p->lock);
}

/* Sources context may claim: pending, enabled, of priority above its threshold. */
static uint64_t vplic_claimable(const struct vplic *p, unsigned context)
{
	uint64_t candidates = p->pending & p->enable[context], claimable = 0;

	for (; candidates; candidates &= candidates - 1) {
		unsigned s = (unsigned)__builtin_ctzll(candidates);

		if (p->priority[s] > p->threshold[context])
			claimable |= 1ULL << s;
	}
	return claimable;
}

static void vplic_unlock(struct vplic *p, struct vplic_after *after)
{
	uint32_t output = 0, changed;

	for (unsigned c = 0; c < p->contexts; c++)
		if (vplic_claimable(p, c))
			output |= 1u << c;
	changed = output ^ p->output;
	__atomic_store_n(&p->output, output, __ATOMIC_RELEASE);
	spin_unlock(&p->lock);
	arch_irq_restore(after->irq);

	if (after->hook.fn)
		after->hook.fn(after->hook.ctx, after->hook_source);
	for (unsigned c = 0; changed && p->notify; c++, changed >>= 1)
		if (changed & 1)
			p->notify(p->notify_arg, c, output >> c & 1);
}

/* The level gateway: an asserted source not in service has a request pending. */
static void vplic_gateway(struct vplic *p, unsigned source)
{
	uint64_t bit = 1ULL << source;

	if ((p->level & bit) && !(p->in_service & bit))
		p->pending |= bit;
}

/*
 * The spec's claim section says a claim ignores the threshold; Erg's claim
 * honours it, as the notification does, so a claim never hands over a source
 * that the context's threshold keeps from interrupting it.
 */
static unsigned vplic_claim(struct vplic *p, unsigned context)
{
	uint64_t claimable = vplic_claimable(p, context);
	unsigned best = 0;

	/* In ascending id order, so on a tie the lowest id stays. */
	for (; claimable; claimable &= claimable - 1) {
		unsigned s = (unsigned)__builtin_ctzll(claimable);

		if (!best || p->priority[s] > p->priority[best])
			best = s;
	}
	if (best) {
		p->pending &= ~(1ULL << best);
		p->in_service |= 1ULL << best;
	}
	return best;
}

/*
 * The spec does not check that the id is the context's last claim, and drops
 * a completion of a source not enabled for the context. One not in service
 * has nothing to end; dropping it keeps a hook from completing on the real
 * PLIC an interrupt that was never claimed.
 */
static void vplic_complete(struct vplic *p, unsigned context, uint32_t id,
			   struct vplic_after *after)
{
	uint64_t bit;

	if (!id || id >= p->sources)
		return;
	bit = 1ULL << id;
	if (!(p->enable[context] & bit) || !(p->in_service & bit))
		return;
	p->in_service &= ~bit;
	vplic_gateway(p, id);
	after->hook = p->hooks[id];
	after->hook_source = id;
}

void vplic_set_level(struct vplic *p, unsigned source, bool asserted)
{
	struct vplic_after after;

	if (!source || source >= p->sources)
		return;
	vplic_lock(p, &after);
	if (asserted)
		p->level |= 1ULL << source;
	else
		p->level &= ~(1ULL << source); /* a request already made stays (spec) */
	vplic_gateway(p, source);
	vplic_unlock(p, &after);
}

void vplic_trigger(struct vplic *p, unsigned source)
{
	struct vplic_after after;

	if (!source || source >= p->sources)
		return;
	vplic_lock(p, &after);
	if (!(p->in_service & 1ULL << source))
		p->pending |= 1ULL << source;
	vplic_unlock(p, &after);
}

void vplic_set_complete_hook(struct vplic *p, unsigned source, vplic_complete_fn fn, void *ctx)
{
	struct vplic_after after;

	if (!source || source >= p->sources)
		return;
	vplic_lock(p, &after);
	p->hooks[source] = (struct vplic_hook){fn, ctx};
	vplic_unlock(p, &after);
}

bool vplic_context_pending(const struct vplic *p, unsigned context)
{
	return context < p->contexts &&
	       (__atomic_load_n(&p->output, __ATOMIC_ACQUIRE) >> context & 1);
}

/* The spec's register map, as offsets from the PLIC's base. */
#define VPLIC_PRIORITY_BASE  0x000000 /* 4 bytes per source */
#define VPLIC_PENDING_BASE   0x001000 /* 32 sources per word */
#define VPLIC_ENABLE_BASE    0x002000 /* 32 sources per word ... */
#define VPLIC_ENABLE_STRIDE  0x80     /* ... in a block per context */
#define VPLIC_CONTEXT_BASE   0x200000 /* a page per context: */
#define VPLIC_CONTEXT_STRIDE 0x1000
#define VPLIC_THRESHOLD	     0x0 /* its priority threshold */
#define VPLIC_CLAIM	     0x4 /* its claim (read) / complete (write) */

_Static_assert(VPLIC_CONTEXT_BASE + VPLIC_CONTEXT_STRIDE * VPLIC_MAX_CONTEXTS <= VPLIC_SIZE,
	       "every context's page fits the window");

enum vplic_reg_kind {
	VPLIC_REG_NONE, /* not a register of this PLIC */
	VPLIC_REG_PRIORITY,
	VPLIC_REG_PENDING,
	VPLIC_REG_ENABLE,
	VPLIC_REG_THRESHOLD,
	VPLIC_REG_CLAIM,
};

struct vplic_reg {
	enum vplic_reg_kind kind;
	unsigned index; /* the source (priority) or the context (the others) */
	unsigned word;	/* pending and enable: which 32 sources */
};

/* Bits of the sources that exist: 1 .. sources - 1 (source 0 is wired to zero). */
static uint64_t vplic_source_bits(const struct vplic *p)
{
	uint64_t below = p->sources >= 64 ? ~0ULL : (1ULL << p->sources) - 1;

	return below & ~1ULL;
}

/* The register at offset, or VPLIC_REG_NONE; only aligned words are registers. */
static inline __attribute__((always_inline)) struct vplic_reg
vplic_decode(const struct vplic *p, uint64_t offset, unsigned width)
{
	uint64_t words = (p->sources + 31) / 32, rel, context, word;

	if (width != 4 || offset % 4)
		return (struct vplic_reg){VPLIC_REG_NONE, 0, 0};
	if (offset < VPLIC_PENDING_BASE) {
		rel = (offset - VPLIC_PRIORITY_BASE) / 4;
		if (rel && rel < p->sources)
			return (struct vplic_reg){VPLIC_REG_PRIORITY, (unsigned)rel, 0};
	} else if (offset < VPLIC_ENABLE_BASE) {
		word = (offset - VPLIC_PENDING_BASE) / 4;
		if (word < words)
			return (struct vplic_reg){VPLIC_REG_PENDING, 0, (unsigned)word};
	} else if (offset < VPLIC_CONTEXT_BASE) {
		context = (offset - VPLIC_ENABLE_BASE) / VPLIC_ENABLE_STRIDE;
		word = (offset - VPLIC_ENABLE_BASE) % VPLIC_ENABLE_STRIDE / 4;
		if (context < p->contexts && word < words)
			return (struct vplic_reg){VPLIC_REG_ENABLE, (unsigned)context,
						  (unsigned)word};
	} else {
		context = (offset - VPLIC_CONTEXT_BASE) / VPLIC_CONTEXT_STRIDE;
		rel = (offset - VPLIC_CONTEXT_BASE) % VPLIC_CONTEXT_STRIDE;
		if (context < p->contexts && rel == VPLIC_THRESHOLD)
			return (struct vplic_reg){VPLIC_REG_THRESHOLD, (unsigned)context, 0};
		if (context < p->contexts && rel == VPLIC_CLAIM)
			return (struct vplic_reg){VPLIC_REG_CLAIM, (unsigned)context, 0};
	}
	return (struct vplic_reg){VPLIC_REG_NONE, 0, 0};
}

/* Pending moves with every gateway, so it is read under the lock; out of line, as it is rare. */
static __attribute__((noinline)) uint32_t vplic_read_pending(struct vplic *p, unsigned word)
{
	unsigned long irq = arch_irq_save();
	uint32_t value;

	spin_lock(&p->lock);
	value = (uint32_t)(p->pending >> (32 * word));
	spin_unlock(&p->lock);
	arch_irq_restore(irq);
	return value;
}

/*
 * A register that reading leaves alone (all but claim). Priority, enable and
 * threshold change only by their own stores, which are single atomic writes,
 * so they are read without the lock.
 */
static inline __attribute__((always_inline)) uint32_t vplic_read_reg(struct vplic *p,
								     const struct vplic_reg *r)
{
	switch (r->kind) {
	case VPLIC_REG_PRIORITY:
		return __atomic_load_n(&p->priority[r->index], __ATOMIC_RELAXED);
	case VPLIC_REG_ENABLE:
		return (uint32_t)(__atomic_load_n(&p->enable[r->index], __ATOMIC_RELAXED) >>
				  (32 * r->word));
	case VPLIC_REG_THRESHOLD:
		return __atomic_load_n(&p->threshold[r->index], __ATOMIC_RELAXED);
	default: /* VPLIC_REG_PENDING */
		return vplic_read_pending(p, r->word);
	}
}

/* Reading the claim register is the claim. Kept apart: the other reads need no frame for it. */
static __attribute__((noinline)) uint32_t vplic_read_claim(struct vplic *p, unsigned context)
{
	struct vplic_after after;
	uint32_t id;

	vplic_lock(p, &after);
	id = vplic_claim(p, context);
	vplic_unlock(p, &after);
	return id;
}

static int vplic_read(void *dev, uint64_t offset, unsigned width, uint64_t *value)
{
	struct vplic *p = dev;
	struct vplic_reg r = vplic_decode(p, offset, width);

	if (r.kind == VPLIC_REG_NONE)
		return -1;
	*value = r.kind == VPLIC_REG_CLAIM ? vplic_read_claim(p, r.index) : vplic_read_reg(p, &r);
	return 0;
}

/* What a store of v leaves in a priority, enable or threshold register. */
static uint32_t vplic_stored_value(const struct vplic *p, const struct vplic_reg *r, uint32_t v)
{
	if (r->kind == VPLIC_REG_ENABLE)
		return v & (uint32_t)(vplic_source_bits(p) >> (32 * r->word));
	return v & VPLIC_PRIORITY_MASK;
}

/*
 * A store writes the register's 32 bits; priority fields keep the bits they
 * have. A store of what the register already holds changes nothing at the
 * moment it is read, so it needs neither the lock nor a recompute.
 */
static int vplic_write(void *dev, uint64_t offset, unsigned width, uint64_t value)
{
	struct vplic *p = dev;
	struct vplic_reg r = vplic_decode(p, offset, width);
	uint32_t v = (uint32_t)value;
	struct vplic_after after;
	uint64_t mask, enable;

	if (r.kind == VPLIC_REG_NONE || r.kind == VPLIC_REG_PENDING)
		return -1; /* the pending bits are read-only */
	if (r.kind != VPLIC_REG_CLAIM && vplic_read_reg(p, &r) == vplic_stored_value(p, &r, v))
		return 0;
	vplic_lock(p, &after);
	switch (r.kind) {
	case VPLIC_REG_PRIORITY:
		__atomic_store_n(&p->priority[r.index], v & VPLIC_PRIORITY_MASK, __ATOMIC_RELAXED);
		break;
	case VPLIC_REG_ENABLE:
		mask = (0xffffffffULL << (32 * r.word)) & vplic_source_bits(p);
		enable = (p->enable[r.index] & ~mask) | (((uint64_t)v << (32 * r.word)) & mask);
		__atomic_store_n(&p->enable[r.index], enable, __ATOMIC_RELAXED);
		break;
	case VPLIC_REG_THRESHOLD:
		__atomic_store_n(&p->threshold[r.index], v & VPLIC_PRIORITY_MASK, __ATOMIC_RELAXED);
		break;
	default: /* VPLIC_REG_CLAIM; writing it completes */
		vplic_complete(p, r.index, v, &after);
		break;
	}
	vplic_unlock(p, &after);
	return 0;
}

const struct mmio_ops vplic_mmio_ops = {vplic_read, vplic_write};
