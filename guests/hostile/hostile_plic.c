/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The emulated PLIC under attack: registers of sources and contexts it does
 * not have, widths and alignments it does not define, claims and completions
 * out of turn, and every source at once. Erg's PLIC (63 sources, one context
 * per vCPU) defines only aligned 32-bit accesses to the registers of its own
 * sources and contexts; anything else in its 6 MiB window reads as 0 and
 * writes nothing, a misaligned access included (emulated, not faulted). A
 * completion of a source that is not in service is ignored, as the PLIC
 * spec says. Each attack checks that the registers it could have hit still
 * hold what they held and that no interrupt arrived.
 */
#include "guest_mmio.h"
#include "guest_time.h"
#include "hostile.h"

#define PLIC_BASE	   0x0c000000UL
#define PLIC_SIZE	   0x00600000UL
#define PLIC_PRIORITY(s)   (PLIC_BASE + 4UL * (s))
#define PLIC_PENDING(w)	   (PLIC_BASE + 0x1000UL + 4UL * (w))
#define PLIC_ENABLE(c, w)  (PLIC_BASE + 0x2000UL + 0x80UL * (c) + 4UL * (w))
#define PLIC_THRESHOLD(c)  (PLIC_BASE + 0x200000UL + 0x1000UL * (c))
#define PLIC_CLAIM(c)	   (PLIC_THRESHOLD(c) + 4)
#define PLIC_SOURCES	   64 /* ids 1..63 */
#define PLIC_MAX_PRIO	   7
#define PLIC_LAST_CONTEXT  15871 /* the spec's last context */
#define PLIC_SOURCE_TARGET 10	 /* the UART: a real source to aim at */

/* Reads of addr after writing bad: want what the register must hold. */
static bool hostile_plic_holds(struct hostile_result *r, uintptr_t addr, uint32_t want)
{
	uint32_t got = mmio_read32(addr);

	if (got == want)
		return true;
	hostile_escaped(r, "0x%lx reads 0x%x, want 0x%x", (unsigned long)addr, got, want);
	return false;
}

static bool hostile_plic_dead(struct hostile_result *r, uintptr_t addr)
{
	mmio_write32(addr, ~0u);
	return hostile_plic_holds(r, addr, 0);
}

/* No external interrupt since before, and nothing to claim. */
static bool hostile_plic_quiet(struct hostile_result *r, unsigned long before)
{
	uint32_t claim;

	time_delay_us(HOSTILE_QUIET_US);
	if (hostile_irqs[0].ext + hostile_irqs[0].spurious != before) {
		hostile_escaped(r, "%lu external interrupts arrived",
				hostile_irqs[0].ext + hostile_irqs[0].spurious - before);
		return false;
	}
	claim = mmio_read32(PLIC_CLAIM(0));
	if (claim) {
		mmio_write32(PLIC_CLAIM(0), claim);
		hostile_escaped(r, "claim gave source %u", claim);
		return false;
	}
	return true;
}

static unsigned long hostile_plic_seen(void)
{
	return hostile_irqs[0].ext + hostile_irqs[0].spurious;
}

static void hostile_plic_source0(struct hostile_result *r)
{
	if (hostile_plic_dead(r, PLIC_PRIORITY(0)))
		hostile_contained(r, "source 0's priority stays 0");
}

static void hostile_plic_big_sources(struct hostile_result *r)
{
	if (hostile_plic_dead(r, PLIC_PRIORITY(PLIC_SOURCES)) &&
	    hostile_plic_dead(r, PLIC_PRIORITY(1023)))
		hostile_contained(r, "read 0, writes dropped");
}

static void hostile_plic_pending(struct hostile_result *r)
{
	unsigned long before = hostile_plic_seen();

	if (hostile_plic_dead(r, PLIC_PENDING(0)) && hostile_plic_dead(r, PLIC_PENDING(2)) &&
	    hostile_plic_dead(r, PLIC_PENDING(1023)) && hostile_plic_quiet(r, before))
		hostile_contained(r, "pending bits read-only, nothing raised");
}

static void hostile_plic_foreign_contexts(struct hostile_result *r)
{
	if (hostile_plic_dead(r, PLIC_ENABLE(HOSTILE_VCPUS, 0)) &&
	    hostile_plic_dead(r, PLIC_ENABLE(PLIC_LAST_CONTEXT, 1)))
		hostile_contained(r, "enables of contexts 2 and 15871 read 0");
}

static void hostile_plic_big_enable(struct hostile_result *r)
{
	if (hostile_plic_dead(r, PLIC_ENABLE(0, 2)) && hostile_plic_dead(r, PLIC_ENABLE(0, 31)))
		hostile_contained(r, "enable words past source 63 read 0");
}

static void hostile_plic_enable_source0(struct hostile_result *r)
{
	mmio_write32(PLIC_ENABLE(0, 0), ~0u);
	bool ok = hostile_plic_holds(r, PLIC_ENABLE(0, 0), ~1u);

	mmio_write32(PLIC_ENABLE(0, 0), 0);
	if (ok)
		hostile_contained(r, "enable bit 0 stays clear");
}

static void hostile_plic_context100(struct hostile_result *r)
{
	mmio_write32(PLIC_CLAIM(100), PLIC_SOURCE_TARGET);
	if (hostile_plic_dead(r, PLIC_THRESHOLD(100)) && hostile_plic_holds(r, PLIC_CLAIM(100), 0))
		hostile_contained(r, "threshold and claim read 0, writes dropped");
}

static void hostile_plic_idle_claim(struct hostile_result *r)
{
	uint32_t id = mmio_read32(PLIC_CLAIM(0));

	if (id) {
		mmio_write32(PLIC_CLAIM(0), id);
		hostile_escaped(r, "claimed source %u with nothing pending", id);
	} else {
		hostile_contained(r, "claim gives 0");
	}
}

/* The UART's source enabled at priority 1 for context 0, as a driver would have it. */
static void hostile_plic_arm_target(bool on)
{
	mmio_write32(PLIC_PRIORITY(PLIC_SOURCE_TARGET), on ? 1 : 0);
	mmio_write32(PLIC_ENABLE(0, 0), on ? 1u << PLIC_SOURCE_TARGET : 0);
}

static void hostile_plic_complete_unclaimed(struct hostile_result *r)
{
	unsigned long before = hostile_plic_seen();

	hostile_plic_arm_target(true);
	mmio_write32(PLIC_CLAIM(0), PLIC_SOURCE_TARGET);
	bool ok = hostile_plic_quiet(r, before) &&
		  hostile_plic_holds(r, PLIC_ENABLE(0, 0), 1u << PLIC_SOURCE_TARGET);
	hostile_plic_arm_target(false);
	if (ok)
		hostile_contained(r, "ignored, nothing raised");
}

static void hostile_plic_complete_bad_ids(struct hostile_result *r)
{
	static const uint32_t ids[] = {0, PLIC_SOURCES, 1023, ~0u};
	unsigned long before = hostile_plic_seen();

	for (unsigned i = 0; i < sizeof(ids) / sizeof(ids[0]); i++)
		mmio_write32(PLIC_CLAIM(0), ids[i]);
	if (hostile_plic_quiet(r, before))
		hostile_contained(r, "ids 0, 64, 1023 and 2^32-1 ignored");
}

static void hostile_plic_wide(struct hostile_result *r)
{
	uintptr_t prio = PLIC_PRIORITY(PLIC_SOURCE_TARGET);
	uint64_t got;

	mmio_write32(prio, 3);
	got = mmio_read64(prio);
	mmio_write64(prio, PLIC_MAX_PRIO | (uint64_t)PLIC_MAX_PRIO << 32);
	bool ok = hostile_plic_holds(r, prio, 3) && hostile_plic_holds(r, prio + 4, 0);
	mmio_write32(prio, 0);
	if (!ok)
		return;
	if (got)
		hostile_escaped(r, "8-byte load gave 0x%lx", (unsigned long)got);
	else
		hostile_contained(r, "8-byte load reads 0, 8-byte store dropped");
}

static void hostile_plic_narrow(struct hostile_result *r)
{
	mmio_write32(PLIC_THRESHOLD(0), 2);
	mmio_write8(PLIC_THRESHOLD(0), PLIC_MAX_PRIO);
	mmio_write16(PLIC_THRESHOLD(0), PLIC_MAX_PRIO);
	bool ok = hostile_plic_holds(r, PLIC_THRESHOLD(0), 2);
	mmio_write32(PLIC_THRESHOLD(0), 0);
	if (ok)
		hostile_contained(r, "byte and halfword stores dropped");
}

/* Bytes 5-8: the top of source 1's priority and the low byte of source 2's. */
static void hostile_plic_misaligned(struct hostile_result *r)
{
	uint32_t got;

	mmio_write32(PLIC_PRIORITY(2), 5);
	got = mmio_read32(PLIC_BASE + 5);
	mmio_write32(PLIC_BASE + 5, ~0u);
	bool ok = hostile_plic_holds(r, PLIC_PRIORITY(1), 0) &&
		  hostile_plic_holds(r, PLIC_PRIORITY(2), 5);
	mmio_write32(PLIC_PRIORITY(2), 0);
	if (!ok)
		return;
	if (got)
		hostile_escaped(r, "misaligned load gave 0x%x", got);
	else
		hostile_contained(r, "emulated: reads 0, store dropped, no fault");
}

static void hostile_plic_window_end(struct hostile_result *r)
{
	if (hostile_plic_dead(r, PLIC_BASE + PLIC_SIZE - 4))
		hostile_contained(r, "reads 0, write dropped");
}

static void hostile_plic_everything(struct hostile_result *r)
{
	unsigned long before = hostile_plic_seen();

	for (unsigned s = 1; s < PLIC_SOURCES; s++)
		mmio_write32(PLIC_PRIORITY(s), PLIC_MAX_PRIO);
	mmio_write32(PLIC_ENABLE(0, 0), ~0u);
	mmio_write32(PLIC_ENABLE(0, 1), ~0u);
	mmio_write32(PLIC_THRESHOLD(0), 0);
	bool ok = hostile_plic_quiet(r, before);
	mmio_write32(PLIC_ENABLE(0, 0), 0);
	mmio_write32(PLIC_ENABLE(0, 1), 0);
	for (unsigned s = 1; s < PLIC_SOURCES; s++)
		mmio_write32(PLIC_PRIORITY(s), 0);
	if (ok)
		hostile_contained(r, "63 sources enabled, no interrupt without a device asking");
}

static const struct hostile_attack hostile_plic_attacks[] = {
    {"PLIC priority of source 0", hostile_plic_source0},
    {"PLIC priorities of sources 64 and 1023", hostile_plic_big_sources},
    {"PLIC pending words written, and past source 63", hostile_plic_pending},
    {"PLIC enables of contexts it does not have", hostile_plic_foreign_contexts},
    {"PLIC enable words past source 63", hostile_plic_big_enable},
    {"PLIC enable bit of source 0", hostile_plic_enable_source0},
    {"PLIC threshold and claim of context 100", hostile_plic_context100},
    {"PLIC claim with nothing pending", hostile_plic_idle_claim},
    {"PLIC complete of an enabled source never claimed", hostile_plic_complete_unclaimed},
    {"PLIC complete of ids that are no source", hostile_plic_complete_bad_ids},
    {"PLIC 8-byte load and store of a priority", hostile_plic_wide},
    {"PLIC byte and halfword stores to a threshold", hostile_plic_narrow},
    {"PLIC misaligned 4-byte access at 0x0c000005", hostile_plic_misaligned},
    {"PLIC last word of its 6 MiB window", hostile_plic_window_end},
    {"PLIC every source at priority 7, threshold 0", hostile_plic_everything},
};

const struct hostile_group hostile_plic_group = {
    hostile_plic_attacks,
    sizeof(hostile_plic_attacks) / sizeof(hostile_plic_attacks[0]),
};
