/*
 * ISA string parser. The string is "rv", the XLEN, a run of single-letter
 * extensions, then multi-letter ones separated by underscores. Extensions Erg
 * does not know are accepted and ignored, as a kernel would.
 */
#include "isa.h"

#include <string.h>

static const struct {
	const char *name;
	uint32_t bit;
} isa_multi_names[] = {
    {"sstc", ISA_EXT_SSTC},
    {"zicsr", ISA_EXT_ZICSR},
    {"zifencei", ISA_EXT_ZIFENCEI},
    {"svpbmt", ISA_EXT_SVPBMT},
    {"svnapot", ISA_EXT_SVNAPOT},
    {"sscofpmf", ISA_EXT_SSCOFPMF},
    {"zihintpause", ISA_EXT_ZIHINTPAUSE},
};

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

void isa_string_drop_letter(const char *in, char letter, char *out, size_t len)
{
	size_t single_end = 4 + strcspn(in + 4 * (strlen(in) >= 4), "_");
	size_t o = 0;

	for (size_t i = 0; in[i] && o + 1 < len; i++)
		if (!(i >= 4 && i < single_end && in[i] == letter))
			out[o++] = in[i];
	if (len)
		out[o] = '\0';
}
