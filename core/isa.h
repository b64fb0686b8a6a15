/*
 * RISC-V ISA strings ("rv64imafdch_zicsr_sstc") as found in a hart's
 * riscv,isa property, reduced to the facts Erg acts on.
 */
#ifndef CORE_ISA_H
#define CORE_ISA_H

#include "types.h"

/* Multi-letter extensions Erg cares about, as bits of isa_info.multi. */
enum isa_multi {
	ISA_EXT_SSTC = 1u << 0,
	ISA_EXT_ZICSR = 1u << 1,
	ISA_EXT_ZIFENCEI = 1u << 2,
	ISA_EXT_SVPBMT = 1u << 3,
	ISA_EXT_SVNAPOT = 1u << 4,
	ISA_EXT_SSCOFPMF = 1u << 5,
	ISA_EXT_ZIHINTPAUSE = 1u << 6,
};

struct isa_info {
	unsigned xlen;	 /* 32 or 64 */
	uint32_t single; /* bit (c - 'a') set for each single-letter extension */
	uint32_t multi;	 /* enum isa_multi bits */
};

/* Parse s; returns false (and leaves *out zeroed) when s is not an ISA string. */
bool isa_parse(const char *s, struct isa_info *out);

bool isa_has_letter(const struct isa_info *isa, char letter);

/* Copy ISA string in to out (len bytes) without the single-letter extension letter. */
void isa_string_drop_letter(const char *in, char letter, char *out, size_t len);

#endif
