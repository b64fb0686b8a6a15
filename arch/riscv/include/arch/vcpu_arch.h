/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The architectural state of one virtual hart, and the offsets the guest
 * entry/exit assembly uses. Offsets are macros shared with the assembly and
 * held to the struct by static asserts in vcpu_arch.c.
 */
#ifndef ARCH_VCPU_ARCH_H
#define ARCH_VCPU_ARCH_H

#define VCPU_GPR(n)	((n)*8)	 /* guest x1..x31; x2 is the guest sp */
#define VCPU_SEPC	(32 * 8) /* guest pc */
#define VCPU_SSTATUS	(33 * 8) /* HS sstatus to return with (SPP) */
#define VCPU_HSTATUS	(34 * 8) /* hstatus to return with (SPV) */
#define VCPU_SCAUSE	(35 * 8) /* filled on exit */
#define VCPU_STVAL	(36 * 8)
#define VCPU_HTVAL	(37 * 8)
#define VCPU_HTINST	(38 * 8)
#define VCPU_HOST(n)	((39 + (n)) * 8) /* Erg's ra, sp, gp, tp, s0..s11 while the guest runs */
#define VCPU_HOST_COUNT 16
#define VCPU_REGS_SIZE	((39 + VCPU_HOST_COUNT) * 8)

#ifndef __ASSEMBLER__
#include <stdbool.h>
#include <stdint.h>

#include "../../insn_decode.h"
#include "arch/noh_vcpu.h"
#include "vcpu/vcpu_exit.h"

/* Chosen once at boot (arch/riscv/backend.c): the boot hart lacks H, guests are trapped and
 * emulated. */
extern bool vcpu_arch_noh;

struct vcpu_arch_regs {
	unsigned long gpr[32];
	unsigned long sepc;
	unsigned long sstatus;
	unsigned long hstatus;
	unsigned long scause;
	unsigned long stval;
	unsigned long htval;
	unsigned long htinst;
	unsigned long host[VCPU_HOST_COUNT];
};

/* The guest's supervisor CSRs, saved while another vCPU uses the hart. */
struct vcpu_arch_csrs {
	unsigned long vsstatus, vsie, vstvec, vsscratch, vsepc, vscause, vstval, vsatp;
	unsigned long hvip, htimedelta, hcounteren, henvcfg, hgatp;
	/* No VS copies exist of these two: while V=1 the guest uses the real ones. */
	unsigned long scounteren, senvcfg;
	uint64_t vstimecmp;
	/* The guest's own cycle and instret: what it ran up to its last save (vcpu_counters.c). */
	uint64_t cycle, instret;
	uint64_t cycle_at_load, instret_at_load; /* the hart's counters when it was loaded */
};

/* Layout fixed by fp_state.S: f0..f31, then fcsr. */
struct fp_state {
	uint64_t f[32];
	uint32_t fcsr;
};

#define VCPU_ARCH_ACCESSES 8 /* a power of two */

struct vcpu_arch {
	struct vcpu_arch_regs regs; /* first: the assembly takes this address */
	struct vcpu_arch_csrs csrs; /* H; the counters also without H */
	struct noh_vcpu noh;	    /* without H */
	struct fp_state fp;
	bool fp_fresh;	   /* reset since it last ran: its hart must load fp, whoever ran last */
	bool vector_fresh; /* the same for vector */
	void *vector;	   /* V's registers (vector_switch.c), when guests have V; else NULL */
	struct vcpu_exit exit; /* the last exit, as decoded in the exit path */
	bool exit_served;      /* the fast lane served it: nothing left to act on */
	bool regs_partial;     /* in the fast lane: s0-s11 are in the hart, not in regs */
	/* Device loads and stores decoded (H), by pc: a driver's accesses come from a few. */
	struct vcpu_arch_access {
		uint32_t insn; /* its bits; 0, which is no load or store, marks the slot empty */
		bool in_lane;  /* its register is one the fast lane saves */
		struct vcpu_mem_insn access;
	} __attribute__((aligned(16))) accesses[VCPU_ARCH_ACCESSES]; /* a slot found by a shift */
};

/*
 * Guest general registers by number, as saved: x0 reads zero and ignores
 * writes. Inline, since an SBI call alone reads eight of them.
 */
static inline unsigned long vcpu_arch_reg(const struct vcpu_arch *a, unsigned reg)
{
	return reg && reg < 32 ? a->regs.gpr[reg] : 0;
}

/* The guest's own timer compare as last saved or set (inline: the scheduler asks often). */
static inline uint64_t vcpu_arch_timer_deadline(const struct vcpu_arch *a)
{
	return a->csrs.vstimecmp;
}

/* Whether the guest enables its timer interrupt, as last saved (sie.STIE, bit 5). */
static inline bool vcpu_arch_timer_enabled(const struct vcpu_arch *a)
{
	return (vcpu_arch_noh ? a->noh.priv.sie : a->csrs.vsie) & (1UL << 5);
}

/* The guest's a0-a7 as saved, in order: an SBI call is read in place. */
static inline const unsigned long *vcpu_arch_args(const struct vcpu_arch *a)
{
	return &a->regs.gpr[10];
}

/* Whether the fast lane leaves register reg in the hart: s0-s11, which C preserves. */
static inline bool vcpu_arch_reg_in_hart(unsigned reg)
{
	return reg == 8 || reg == 9 || (reg >= 18 && reg <= 27);
}

/* Whether regs holds the guest's register reg now. */
static inline bool vcpu_arch_reg_saved(const struct vcpu_arch *a, unsigned reg)
{
	return !a->regs_partial || !vcpu_arch_reg_in_hart(reg);
}

static inline void vcpu_arch_set_reg(struct vcpu_arch *a, unsigned reg, unsigned long value)
{
	if (reg && reg < 32)
		a->regs.gpr[reg] = value;
}

/* Move the guest pc back onto the instruction that trapped: it runs again. */
static inline void vcpu_arch_rewind_insn(struct vcpu_arch *a, unsigned bytes)
{
	a->regs.sepc -= bytes;
}

/* Move the guest pc past the instruction that trapped. */
static inline void vcpu_arch_skip_insn(struct vcpu_arch *a, unsigned bytes)
{
	a->regs.sepc += bytes;
}

/* Start or stop the loaded vCPU's cycle and instret (vcpu_counters.c). */
void vcpu_counters_load(struct vcpu_arch *a);
void vcpu_counters_save(struct vcpu_arch *a);

void fp_state_save(struct fp_state *fp);
void fp_state_restore(const struct fp_state *fp);

/* Run the guest until an exit the fast lane does not serve whole. */
void vcpu_arch_enter(struct vcpu_arch_regs *regs);

/* The fast lane, called from the exit path: true to go straight back into the guest. */
bool vcpu_arch_fast_exit(struct vcpu_arch_regs *regs);
#endif

#endif
