/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The virtual supervisor state of one vCPU of the no-H back end. Its guest
 * runs in real U-mode whether it believes itself in S or U, so the
 * privilege it believes in and every supervisor CSR it may touch live here,
 * in memory, and arch/riscv/noh/priv_emul.c gives them the meaning the
 * privileged spec gives the real ones. Plain data: no CSR is read here, so
 * the host unit tests drive it directly.
 *
 * Bits csr.h does not name yet carry a PRIV_ prefix, so that a later entry
 * there cannot clash with them.
 */
#ifndef ARCH_RISCV_NOH_PRIV_STATE_H
#define ARCH_RISCV_NOH_PRIV_STATE_H

#include <stdbool.h>
#include <stdint.h>

#include "../csr.h"

/* Virtual privilege, numbered as the spec's SPP and privilege encodings. */
enum priv_mode {
	PRIV_MODE_U = 0,
	PRIV_MODE_S = 1,
};

/* sstatus bits beyond csr.h's SIE, SPIE, SPP and FS. */
#define PRIV_SSTATUS_VS	       (3UL << 9)
#define PRIV_SSTATUS_SUM       (1UL << 18)
#define PRIV_SSTATUS_MXR       (1UL << 19)
#define PRIV_SSTATUS_UXL       (3UL << 32)
#define PRIV_SSTATUS_UXL_64    (2UL << 32)
#define PRIV_SSTATUS_SD	       (1UL << 63)
#define PRIV_SSTATUS_SPP_SHIFT 8

/* sip: the one bit a supervisor may write; STIP and SEIP are Erg's to set. */
#define PRIV_SIP_SSIP (1UL << IRQ_S_SOFT)
#define PRIV_SIP_STIP (1UL << IRQ_S_TIMER)
#define PRIV_SIP_SEIP (1UL << IRQ_S_EXT)

/* stvec MODE (bits 1:0); 2 and 3 are reserved. */
#define PRIV_STVEC_MODE_MASK 3UL
#define PRIV_STVEC_DIRECT    0UL
#define PRIV_STVEC_VECTORED  1UL

/* satp fields (RV64) and the MODE values Erg may offer. */
#define PRIV_SATP_MODE_SHIFT 60
#define PRIV_SATP_ASID_MASK  (0xffffUL << 44)
#define PRIV_SATP_PPN_MASK   ((1UL << 44) - 1)
#define PRIV_SATP_MODE_BARE  0UL
#define PRIV_SATP_MODE_SV39  8UL
#define PRIV_SATP_MODE_SV48  9UL

/* scounteren: CY, TM, IR; the hpmcounters are not offered. */
#define PRIV_SCOUNTEREN_MASK 7UL
/* senvcfg: FIOM only; no Zicbom/Zicboz/pointer masking is offered to guests. */
#define PRIV_SENVCFG_FIOM 1UL

/* What the back end offers this vCPU; fixed when the vCPU is made. */
struct priv_features {
	bool sv39; /* satp may select Sv39 */
	bool sv48; /* satp may select Sv48 */
	bool sstc; /* stimecmp exists */
	bool fp;   /* F/D present: sstatus.FS is writable, else reads 0 */
};

/*
 * One vCPU's virtual supervisor state. sstatus keeps only the writable
 * fields (SIE SPIE SPP SUM MXR FS); UXL and SD are made up when read.
 * sip.STIP and sip.SEIP are set and cleared by the back end (timer, vPLIC);
 * the guest writes only SSIP.
 */
struct priv_state {
	struct priv_features features;
	enum priv_mode mode;
	uint64_t sstatus;
	uint64_t sie;
	uint64_t sip;
	uint64_t stvec;
	uint64_t sscratch;
	uint64_t sepc;
	uint64_t scause;
	uint64_t stval;
	uint64_t satp;
	uint64_t scounteren;
	uint64_t senvcfg;
	uint64_t stimecmp;
};

#endif
