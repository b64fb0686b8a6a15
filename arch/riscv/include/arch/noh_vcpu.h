/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * What a vCPU of the no-H back end (arch/riscv/noh/) keeps besides the
 * registers both back ends share: its virtual supervisor state and its
 * shadow page tables, one space per virtual mode (noh_shadow.c).
 */
#ifndef ARCH_NOH_VCPU_H
#define ARCH_NOH_VCPU_H

#include "../../noh/priv_state.h"
#include "../../noh/shadow.h"

/* Traps the back end serves itself, counted for the exit summary (names in noh_run.c). */
enum noh_trap_kind { NOH_TRAP_EMULATED, NOH_TRAP_FILL, NOH_TRAP_REFLECTED, NOH_TRAP_KINDS };

/* Shadow spaces of one guest address space: virtual U, virtual S, virtual S with SUM. */
enum noh_space_kind { NOH_SPACE_U, NOH_SPACE_S, NOH_SPACE_S_SUM, NOH_SPACES };

/*
 * Guest address spaces a vCPU keeps shadows of, by the guest's ASID (or
 * paging off): a guest switching between its processes finds theirs again.
 */
#define NOH_SETS 4

struct noh_shadow_set {
	uint64_t key;  /* NOH_KEY_*: the guest address space the set holds */
	uint64_t used; /* when it last became the current set, for eviction */
	struct shadow_space spaces[NOH_SPACES];
	uint16_t asid[NOH_SPACES]; /* the hart's ASID of each space, fixed once given */
};

struct vm_arch;

struct noh_vcpu {
	struct priv_state priv;
	struct noh_shadow_set sets[NOH_SETS];
	unsigned set;		   /* the set the guest runs in */
	enum noh_space_kind space; /* and the space in it */
	uint64_t uses;		   /* set switches so far: the clock of used */
	const struct vm_arch *vm;  /* the guest-physical map the shadows are filled from */
	unsigned vm_unmaps;	   /* vm->unmaps when the shadows were last emptied */
	bool mxr;		   /* the sstatus.MXR the shadows were filled under */
	/* What the last entry ran under (satp, and mode with SUM and MXR), and the satp it chose.
	 */
	bool entry_known;
	uint64_t entry_satp, entry_state;
	unsigned long entry_shadow_satp;
	bool fp_dirty;			/* the guest wrote FP registers since they were saved */
	unsigned long hart_scounteren;	/* what the hart's scounteren holds for it; ~0: unknown */
	uint64_t traps[NOH_TRAP_KINDS]; /* since the vCPU was made: resets keep them */
};

#endif
