/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * libFuzzer harness for a guest's virtual PLIC and 16550A UART (core/dev/vplic.c,
 * core/dev/vuart.c), wired as core/vm/vm_devices.c wires them: both in one MMIO map
 * at their guest addresses, the UART's interrupt a level on PLIC source
 * GUEST_UART_IRQ. The input plays guest and host: register accesses of any
 * offset and width, source levels and edges, bytes arriving at the UART.
 *
 * Checked after every step:
 *  - PLIC: source bitmaps hold only configured sources, nothing is both
 *    pending and in service, priorities and thresholds keep three bits, each
 *    context's output (and the notify calls, lock released) says whether it
 *    has a claimable source; a claim returns the pending,
 *    enabled source of highest priority above the threshold (lowest id on a
 *    tie) or 0, and a completion reaches the hook only for a source that was
 *    in service and enabled for the completing context;
 *  - an access the device does not define (wrong width, reserved offset, a
 *    pending-bit write) changes nothing;
 *  - UART, against a model of the datasheet kept here: what RBR returns, LSR's
 *    DR and OE, IIR's FIFO bits and "no interrupt" exactly when the line is
 *    low, the line as the PLIC sees it, bytes sent, receiver refusals.
 *
 * Input layout: three header bytes, then 8-byte steps.
 *   0  PLIC sources, mod 72 (the model caps them at 64)
 *   1  PLIC contexts, mod 11 (capped at 8)
 *   2  HDR_* flags
 *   step: op (OP_KIND_MASK: STEP_*; OP_WIDTH_*; OP_RAW; OP_SKEW), a, b, c,
 *         value (u32, little-endian)
 */
#include <assert.h>
#include <stdint.h>
#include <string.h>

#include "plic_uart.h"
#include "ports/arch_hooks.h"
#include "vm/guest_layout.h"

#define HDR_LEN	      3
#define STEP_LEN      8
#define HDR_HOOKS     1 /* a completion hook on every source */
#define HDR_RETRIGGER 2 /* ... which forwards a new edge, as a passthrough's may */

#define OP_KIND_MASK   0x07
#define OP_WIDTH_SHIFT 3    /* 0: the register width, else 1 << (n - 1) ... 1, 2, 4 */
#define OP_WIDTH_8     0x20 /* with OP_WIDTH bits 0: 8 bytes */
#define OP_RAW	       0x40 /* offset from a, b, c as they are, not shaped like a register */
#define OP_SKEW	       0x80 /* add c % 4 to a shaped offset */

enum {
	STEP_PLIC_READ,
	STEP_PLIC_WRITE,
	STEP_UART_READ,
	STEP_UART_WRITE,
	STEP_LEVEL,
	STEP_EDGE,
	STEP_RECEIVE,
	STEP_BURST
};

/* The PLIC specification's register map. */
#define PLIC_PENDING	    0x1000
#define PLIC_ENABLE	    0x2000
#define PLIC_ENABLE_STRIDE  0x80
#define PLIC_CONTEXT	    0x200000
#define PLIC_CONTEXT_STRIDE 0x1000
#define PLIC_CLAIM	    4
/* Shaped offsets reach a few registers past the largest PLIC the model holds. */
#define SHAPE_SOURCES  72
#define SHAPE_CONTEXTS 10
#define SHAPE_WORDS    3

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

struct mmio_map map;
struct vplic plic;
struct vuart uart;
static uint32_t notified; /* each context's output as the notify calls left it */
static bool retrigger;
static unsigned hook_calls, hook_source;
bool uart_level;
unsigned tx_calls;
uint8_t tx_byte;

struct uart_model model;

void arch_irq_restore(unsigned long state)
{
	(void)state;
}

unsigned long arch_irq_save(void)
{
	return 0;
}

/*
 * A hook that forwards an edge notifies from inside the completion, ahead of
 * the completion's own calls, which then report a level already gone: the
 * header's "look again". Without such a hook every call is a change.
 */
static void on_notify(void *arg, unsigned context, bool pending)
{
	bool now = vplic_context_pending(&plic, context);

	assert(arg == &plic && !plic.lock.locked && context < plic.contexts);
	assert(retrigger || (pending == now && pending != (notified >> context & 1)));
	notified = (notified & ~(1u << context)) | (uint32_t)now << context;
}

static void on_complete(void *ctx, unsigned source)
{
	assert(ctx == &map && !plic.lock.locked);
	hook_calls++;
	hook_source = source;
	if (retrigger)
		vplic_trigger(&plic, source);
}

static void on_tx(void *arg, char c)
{
	assert(arg == &uart && !uart.lock.locked);
	tx_calls++;
	tx_byte = (uint8_t)c;
}

static void on_uart_irq(void *arg, bool level)
{
	assert(arg == &uart && !uart.lock.locked && level != uart_level);
	uart_level = level;
	vplic_set_level(&plic, GUEST_UART_IRQ, level);
}

static uint64_t source_bits(void)
{
	uint64_t below = plic.sources >= 64 ? ~0ULL : (1ULL << plic.sources) - 1;

	return below & ~1ULL;
}

static uint64_t claimable(const struct vplic *p, unsigned c)
{
	uint64_t out = 0;

	for (unsigned s = 1; s < p->sources; s++)
		if ((p->pending & p->enable[c]) >> s & 1 && p->priority[s] > p->threshold[c])
			out |= 1ULL << s;
	return out;
}

/* The claim the spec's rules give: highest priority, then lowest id. */
static unsigned best_claim(const struct vplic *p, unsigned c)
{
	uint64_t can = claimable(p, c);
	unsigned best = 0;

	for (unsigned s = 1; s < p->sources; s++)
		if (can >> s & 1 && (!best || p->priority[s] > p->priority[best]))
			best = s;
	return best;
}

static void check_plic(void)
{
	uint64_t bits = source_bits();

	assert(!plic.lock.locked);
	assert(!((plic.pending | plic.level | plic.in_service) & ~bits));
	assert(!(plic.pending & plic.in_service));
	for (unsigned s = 0; s < VPLIC_MAX_SOURCES; s++)
		assert(plic.priority[s] <= VPLIC_PRIORITY_MASK &&
		       (bits >> s & 1 || !plic.priority[s]));
	for (unsigned c = 0; c < VPLIC_MAX_CONTEXTS; c++) {
		bool out = c < plic.contexts && claimable(&plic, c);

		assert(!(plic.enable[c] & ~bits) && plic.threshold[c] <= VPLIC_PRIORITY_MASK);
		assert((plic.output >> c & 1) == out && (notified >> c & 1) == out);
	}
}

/* Is offset an access vplic_mmio_ops defines (header: aligned words of configured registers)? */
static bool plic_defined(uint64_t off, unsigned width)
{
	uint64_t words = (plic.sources + 31) / 32, rel;

	if (width != 4 || off % 4)
		return false;
	if (off < PLIC_PENDING)
		return off / 4 >= 1 && off / 4 < plic.sources;
	if (off < PLIC_ENABLE)
		return (off - PLIC_PENDING) / 4 < words;
	if (off < PLIC_CONTEXT)
		return (off - PLIC_ENABLE) / PLIC_ENABLE_STRIDE < plic.contexts &&
		       (off - PLIC_ENABLE) % PLIC_ENABLE_STRIDE / 4 < words;
	rel = (off - PLIC_CONTEXT) % PLIC_CONTEXT_STRIDE;
	return (off - PLIC_CONTEXT) / PLIC_CONTEXT_STRIDE < plic.contexts &&
	       (rel == 0 || rel == PLIC_CLAIM);
}

static bool plic_is_claim(uint64_t off)
{
	return off >= PLIC_CONTEXT && (off - PLIC_CONTEXT) % PLIC_CONTEXT_STRIDE == PLIC_CLAIM;
}

/* What an access outside the defined registers must come to. */
static enum mmio_result plic_undefined(uint64_t off, unsigned width)
{
	return off + width <= VPLIC_SIZE ? MMIO_IGNORED : MMIO_NO_DEVICE;
}

static void plic_read(uint64_t off, unsigned width)
{
	struct vplic before;
	bool defined = plic_defined(off, width), claim = defined && plic_is_claim(off);
	unsigned c = (unsigned)((off - PLIC_CONTEXT) / PLIC_CONTEXT_STRIDE);
	uint64_t value = ~0ULL;
	enum mmio_result r;

	memcpy(&before, &plic, sizeof(plic));
	r = mmio_access(&map, GUEST_PLIC_BASE + off, width, false, &value);
	assert(r == (defined ? MMIO_DONE : plic_undefined(off, width)));
	assert(r == MMIO_NO_DEVICE || value <= UINT32_MAX);
	assert(r != MMIO_IGNORED || !value);
	if (claim) {
		assert(value == best_claim(&before, c));
		if (value)
			assert(!(plic.pending >> value & 1) && plic.in_service >> value & 1);
		/* The claim's own changes; the rest must stay. */
		before.pending = plic.pending;
		before.in_service = plic.in_service;
		before.output = plic.output;
	} else if (defined && off >= PLIC_PENDING && off < PLIC_CONTEXT) {
		/* A pending or enable word: bits of configured sources only. */
		assert(!((value << (32 * (off % PLIC_ENABLE_STRIDE / 4))) & ~source_bits()));
	} else if (defined) {
		assert(value <= VPLIC_PRIORITY_MASK);
	}
	assert(!memcmp(&before, &plic, sizeof(plic)));
}

static void plic_write(uint64_t off, unsigned width, uint64_t value)
{
	struct vplic before;
	bool defined = plic_defined(off, width) && !(off >= PLIC_PENDING && off < PLIC_ENABLE);
	unsigned c = (unsigned)((off - PLIC_CONTEXT) / PLIC_CONTEXT_STRIDE), id = (uint32_t)value;
	unsigned e = (unsigned)((off - PLIC_ENABLE) / PLIC_ENABLE_STRIDE);
	unsigned w = off % PLIC_ENABLE_STRIDE / 4;
	bool completes;
	unsigned calls = hook_calls;
	enum mmio_result r;

	memcpy(&before, &plic, sizeof(plic));
	completes = defined && plic_is_claim(off) && id && id < plic.sources &&
		    (before.enable[c] & before.in_service) >> id & 1;
	r = mmio_access(&map, GUEST_PLIC_BASE + off, width, true, &value);
	assert(r == (defined ? MMIO_DONE : plic_undefined(off, width)));
	if (!defined) {
		assert(!memcmp(&before, &plic, sizeof(plic)));
		return;
	}
	assert(hook_calls == calls + (completes && before.hooks[id].fn));
	if (completes) {
		assert(!(plic.in_service >> id & 1) && (!before.hooks[id].fn || hook_source == id));
		assert(!retrigger || !before.hooks[id].fn || plic.pending >> id & 1);
	}
	if (off < PLIC_PENDING)
		assert(plic.priority[off / 4] == (value & VPLIC_PRIORITY_MASK));
	else if (off < PLIC_CONTEXT)
		assert((uint32_t)(plic.enable[e] >> 32 * w) ==
		       ((uint32_t)value & (uint32_t)(source_bits() >> 32 * w)));
	else if (!plic_is_claim(off))
		assert(plic.threshold[c] == (value & VPLIC_PRIORITY_MASK));
	else if (!completes)
		assert(plic.in_service == before.in_service && plic.pending == before.pending);
}

/* A register-shaped PLIC offset: a selects the kind, b and c the source, context or word. */
static uint64_t plic_offset(uint8_t op, uint8_t a, uint8_t b, uint8_t c)
{
	uint64_t off;

	if (op & OP_RAW)
		return (uint64_t)a | (uint64_t)b << 8 | (uint64_t)c << 16;
	switch (a % 5) {
	case 0: /* priority */
		off = 4ULL * (b % SHAPE_SOURCES);
		break;
	case 1: /* pending */
		off = PLIC_PENDING + 4ULL * (b % SHAPE_WORDS);
		break;
	case 2: /* enable */
		off = PLIC_ENABLE + PLIC_ENABLE_STRIDE * (b % SHAPE_CONTEXTS) +
		      4ULL * (c % SHAPE_WORDS);
		break;
	case 3: /* threshold */
		off = PLIC_CONTEXT + PLIC_CONTEXT_STRIDE * (b % SHAPE_CONTEXTS);
		break;
	default: /* claim/complete */
		off = PLIC_CONTEXT + PLIC_CONTEXT_STRIDE * (b % SHAPE_CONTEXTS) + PLIC_CLAIM;
		break;
	}
	return off + (op & OP_SKEW ? c % 4 : 0);
}

/* Width from the op bits: 0 means the device's own (PLIC 4, UART 1). */
static unsigned step_width(uint8_t op, unsigned natural)
{
	unsigned n = (op >> OP_WIDTH_SHIFT) & 3;

	if (op & OP_WIDTH_8)
		return n ? natural : 8;
	return n ? 1u << (n - 1) : natural;
}

static void step(const uint8_t *s)
{
	uint8_t op = s[0], a = s[1], b = s[2], c = s[3];
	uint32_t value;
	uint64_t uart_off = op & OP_RAW ? ((uint64_t)a | (uint64_t)(b & 1) << 8) : a % UART_REGS;

	memcpy(&value, s + 4, sizeof(value));
	switch (op & OP_KIND_MASK) {
	case STEP_PLIC_READ:
		plic_read(plic_offset(op, a, b, c), step_width(op, 4));
		break;
	case STEP_PLIC_WRITE:
		plic_write(plic_offset(op, a, b, c), step_width(op, 4),
			   value | (uint64_t)value << 32);
		break;
	case STEP_UART_READ:
		uart_read(uart_off, step_width(op, 1));
		break;
	case STEP_UART_WRITE:
		uart_write(uart_off, step_width(op, 1), (uint8_t)value);
		break;
	case STEP_LEVEL:
		/* Source GUEST_UART_IRQ is the UART's line, driven by the UART alone. */
		if (a % SHAPE_SOURCES != GUEST_UART_IRQ)
			vplic_set_level(&plic, a % SHAPE_SOURCES, b & 1);
		break;
	case STEP_EDGE:
		vplic_trigger(&plic, a % SHAPE_SOURCES);
		break;
	case STEP_RECEIVE:
		uart_receive(a);
		break;
	default: /* STEP_BURST */
		for (unsigned i = 0; i < a % 20u; i++)
			uart_receive(s[4 + i % 4]);
		break;
	}
	check_plic();
	check_uart();
}

static void setup(const uint8_t *hdr)
{
	map = (struct mmio_map){0};
	vplic_init(&plic, hdr[0] % SHAPE_SOURCES, hdr[1] % (SHAPE_CONTEXTS + 1), on_notify, &plic);
	vuart_init(&uart, on_tx, &uart, on_uart_irq, &uart);
	assert(!mmio_map_add(&map, GUEST_PLIC_BASE, VPLIC_SIZE, &vplic_mmio_ops, &plic, "plic"));
	assert(
	    !mmio_map_add(&map, GUEST_UART_BASE, GUEST_UART_SIZE, &vuart_mmio_ops, &uart, "uart"));
	notified = 0;
	retrigger = hdr[2] & HDR_RETRIGGER;
	hook_calls = 0;
	if (hdr[2] & HDR_HOOKS)
		for (unsigned s = 0; s < VPLIC_MAX_SOURCES + 2; s++)
			vplic_set_complete_hook(&plic, s, on_complete, &map);
	uart_level = false;
	tx_calls = 0;
	memset(&model, 0, sizeof(model));
	model.dll = 1; /* the reset divisor, not 0 (core/dev/vuart.c) */
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size < HDR_LEN)
		return 0;
	setup(data);
	check_plic();
	check_uart();
	for (data += HDR_LEN, size -= HDR_LEN; size >= STEP_LEN; data += STEP_LEN, size -= STEP_LEN)
		step(data);
	return 0;
}
