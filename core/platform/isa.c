/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * ISA string parser. The string is "rv", the XLEN, a run of single-letter
 * extensions, then multi-letter ones separated by underscores. Extensions Erg
 * does not know are accepted and ignored, as a kernel would. Also the
 * guest's ISA string, rebuilt from a whitelist rather than filtered from the
 * host's: an extension nobody taught Erg about can never leak to a guest.
 */
#include "platform/isa.h"

#include <stdio.h>
#include <string.h>

/*
 * Known multi-letter names, in the canonical order of an ISA string (Z names
 * by category, I before F before B, then alphabetically; S names last).
 * guest: a guest may see it. The Zi*, Zf*, Zb* ones add only instructions,
 * FP registers Erg switches already, or nothing at all; Sstc adds the guest's
 * own timer compare, which Erg switches when it gives guests Sstc, and Svpbmt
 * memory types Erg enables for them (both decided at boot). Svnapot and
 * Sscofpmf stay hidden: Erg offers no PMU overflow interrupt, and NAPOT pages
 * in guest tables are untested under Erg.
 */
static const struct {
	const char *name;
	uint32_t bit;
	bool guest;
} isa_multi_names[] = {
    {"zicsr", ISA_EXT_ZICSR, true},
    {"zifencei", ISA_EXT_ZIFENCEI, true},
    {"zihintpause", ISA_EXT_ZIHINTPAUSE, true},
    {"zfh", ISA_EXT_ZFH, true},
    {"zfhmin", ISA_EXT_ZFHMIN, true},
    {"zba", ISA_EXT_ZBA, true},
    {"zbb", ISA_EXT_ZBB, true},
    {"zbc", ISA_EXT_ZBC, true},
    {"zbkb", ISA_EXT_ZBKB, true},
    {"zbkc", ISA_EXT_ZBKC, true},
    {"zbkx", ISA_EXT_ZBKX, true},
    {"zbs", ISA_EXT_ZBS, true},
    {"sscofpmf", ISA_EXT_SSCOFPMF, false},
    {"sstc", ISA_EXT_SSTC, true},
    {"svnapot", ISA_EXT_SVNAPOT, false},
    {"svpbmt", ISA_EXT_SVPBMT, true},
};

/* Single letters a guest may see, in canonical order: no H (Erg keeps it); V when offered. */
#define ISA_GUEST_LETTERS "imafdcv"

static uint32_t isa_multi_lookup(const char *name, size_t len)
{
	for (size_t i = 0; i < ARRAY_SIZE(isa_multi_names); i++) {
		const char *known = isa_multi_names[i].name;

		if (strlen(known) == len && strncmp(known, name, len) == 0)
			return isa_multi_names[i].bit;
	}
	return 0;
}

static bool isa_is_lower(char c)
{
	return c >= 'a' && c <= 'z';
}

/* Single letters up to the first '_' or the first multi-letter prefix. */
static const char *isa_parse_single(const char *s, struct isa_info *out)
{
	for (; isa_is_lower(*s); s++) {
		if (*s == 's' || *s == 'z' || *s == 'x')
			break;
		out->single |= 1u << (*s - 'a');
	}
	/* "g" stands for imafd plus zicsr and zifencei. */
	if (out->single & (1u << ('g' - 'a'))) {
		for (const char *g = "imafd"; *g; g++)
			out->single |= 1u << (*g - 'a');
		out->multi |= ISA_EXT_ZICSR | ISA_EXT_ZIFENCEI;
	}
	return s;
}

static bool isa_parse_multi(const char *s, struct isa_info *out)
{
	while (*s) {
		if (*s == '_') {
			s++;
			continue;
		}
		size_t len = strcspn(s, "_");

		for (size_t i = 0; i < len; i++)
			if (!isa_is_lower(s[i]) && !(s[i] >= '0' && s[i] <= '9'))
				return false;
		out->multi |= isa_multi_lookup(s, len);
		s += len;
	}
	return true;
}

bool isa_parse(const char *s, struct isa_info *out)
{
	memset(out, 0, sizeof(*out));
	if (strncmp(s, "rv32", 4) == 0)
		out->xlen = 32;
	else if (strncmp(s, "rv64", 4) == 0)
		out->xlen = 64;
	else
		return false;
	if (!isa_parse_multi(isa_parse_single(s + 4, out), out)) {
		memset(out, 0, sizeof(*out));
		return false;
	}
	return true;
}

bool isa_has_letter(const struct isa_info *isa, char letter)
{
	return isa_is_lower(letter) && (isa->single & (1u << (letter - 'a')));
}

/* Whether an extension the host has may be shown: those Erg must switch or enable, when offered. */
static bool isa_offered(char letter, uint32_t multi, const struct isa_offer *offer)
{
	if (letter == 'v')
		return offer->vector;
	if (multi == ISA_EXT_SSTC)
		return offer->sstc;
	if (multi == ISA_EXT_SVPBMT)
		return offer->svpbmt;
	return true;
}

bool isa_guest_string(const struct isa_info *isa, const struct isa_offer *offer, char *out,
		      size_t len)
{
	size_t o;

	if (len < 5)
		return false;
	o = (size_t)snprintf(out, len, "rv%u", isa->xlen);
	for (const char *l = ISA_GUEST_LETTERS; *l && o + 1 < len; l++)
		if (isa_has_letter(isa, *l) && isa_offered(*l, 0, offer))
			out[o++] = *l;
	out[o] = '\0';
	for (size_t i = 0; i < ARRAY_SIZE(isa_multi_names) && o < len; i++) {
		uint32_t bit = isa_multi_names[i].bit;

		if (!isa_multi_names[i].guest || !(isa->multi & bit) || !isa_offered(0, bit, offer))
			continue;
		o += (size_t)snprintf(out + o, len - o, "_%s", isa_multi_names[i].name);
	}
	return o < len;
}
