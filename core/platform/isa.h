/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * RISC-V ISA strings ("rv64imafdch_zicsr_sstc") as found in a hart's
 * riscv,isa property, reduced to the facts Erg acts on.
 */
#ifndef CORE_PLATFORM_ISA_H
#define CORE_PLATFORM_ISA_H

#include "lib/types.h"

/* Multi-letter extensions Erg cares about, as bits of isa_info.multi. */
enum isa_multi {
	ISA_EXT_SSTC = 1u << 0,
	ISA_EXT_ZICSR = 1u << 1,
	ISA_EXT_ZIFENCEI = 1u << 2,
	ISA_EXT_SVPBMT = 1u << 3,
	ISA_EXT_SVNAPOT = 1u << 4,
	ISA_EXT_SSCOFPMF = 1u << 5,
	ISA_EXT_ZIHINTPAUSE = 1u << 6,
	ISA_EXT_ZFH = 1u << 7,
	ISA_EXT_ZFHMIN = 1u << 8,
	ISA_EXT_ZBA = 1u << 9,
	ISA_EXT_ZBB = 1u << 10,
	ISA_EXT_ZBC = 1u << 11,
	ISA_EXT_ZBKB = 1u << 12,
	ISA_EXT_ZBKC = 1u << 13,
	ISA_EXT_ZBKX = 1u << 14,
	ISA_EXT_ZBS = 1u << 15,
};

struct isa_info {
	unsigned xlen;	 /* 32 or 64 */
	uint32_t single; /* bit (c - 'a') set for each single-letter extension */
	uint32_t multi;	 /* enum isa_multi bits */
};

/*
 * What guests may be shown beyond the extensions that need nothing of Erg:
 * each only where the back end switches or enables it for guests and every
 * hart has it.
 */
struct isa_offer {
	bool sstc;   /* a timer compare of their own */
	bool vector; /* V: its registers switched per vCPU */
	bool svpbmt; /* memory types in their own page tables */
};

/* Parse s; returns false (and leaves *out zeroed) when s is not an ISA string. */
bool isa_parse(const char *s, struct isa_info *out);

bool isa_has_letter(const struct isa_info *isa, char letter);

/*
 * The riscv,isa string a guest is shown for a host hart with isa: only the
 * extensions Erg lets a guest use as they stand (every piece of state they
 * add is switched per vCPU, and none needs Erg to emulate it), in canonical
 * order; Sstc, V and Svpbmt only as offer says. Anything else the host has
 * (H, Zicbom, Sscofpmf, Smstateen, unknown names) is left out. False when
 * out (len bytes) is too small.
 */
bool isa_guest_string(const struct isa_info *isa, const struct isa_offer *offer, char *out,
		      size_t len);

#endif
