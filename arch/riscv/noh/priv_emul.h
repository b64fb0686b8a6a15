/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The privileged-instruction emulator of the no-H back end. A guest kernel
 * runs in real U-mode, so every CSR access, SRET, WFI and SFENCE.VMA it
 * executes raises an illegal-instruction trap; the back end hands the
 * instruction bits here with the vCPU's virtual state (priv_state.h) and its
 * x registers, and gets back one record saying what happened and what the
 * back end must do about it (move the pc, reflect, block, flush, switch the
 * shadow root, look at interrupts again). Trap entry into virtual S and the
 * choice of the interrupt to deliver live here too, since they are the same
 * rules seen from the other side. Plain C: no CSR is touched.
 */
#ifndef ARCH_RISCV_NOH_PRIV_EMUL_H
#define ARCH_RISCV_NOH_PRIV_EMUL_H

#include <stdint.h>

#include "priv_state.h"

enum priv_emul_action {
	/* Emulated: continue at next_pc (pc + 4, or sepc after SRET). */
	PRIV_EMUL_DONE,
	/*
	 * The spec makes the instruction illegal where the guest ran it:
	 * take an illegal-instruction trap into virtual S with stval = the
	 * instruction bits (priv_emul_trap(s, EXC_ILLEGAL_INST, insn, pc)).
	 */
	PRIV_EMUL_REFLECT,
	/* WFI: continue at next_pc once an interrupt is pending (or earlier). */
	PRIV_EMUL_WFI,
	/*
	 * Not a privileged instruction this emulator owns: not SYSTEM (FP with
	 * FS off, compressed values, which are never privileged), or a
	 * user-level CSR read (counters, fcsr). The caller decides.
	 */
	PRIV_EMUL_UNHANDLED,
};

/* Work for the back end besides moving the pc; any combination. */
#define PRIV_EMUL_FLUSH (1u << 0) /* SFENCE.VMA: see fence */
#define PRIV_EMUL_SATP	(1u << 1) /* satp changed: switch the shadow root */
#define PRIV_EMUL_IRQ	(1u << 2) /* sie, sip, sstatus.SIE or privilege changed */
#define PRIV_EMUL_XLATE (1u << 3) /* privilege, SUM or MXR changed: reselect the shadow */
#define PRIV_EMUL_FS	(1u << 4) /* sstatus.FS changed: mirror it into the real sstatus */
#define PRIV_EMUL_TIMER (1u << 5) /* stimecmp written: re-arm, recompute sip.STIP */

/* What SFENCE.VMA orders, by which of rs1 and rs2 are x0 (not their values). */
enum priv_fence_kind {
	PRIV_FENCE_ALL,	      /* rs1 = rs2 = x0 */
	PRIV_FENCE_ADDR,      /* rs1 != x0: one address, every ASID */
	PRIV_FENCE_ASID,      /* rs2 != x0: every address of one ASID */
	PRIV_FENCE_ADDR_ASID, /* both: one address of one ASID */
};

struct priv_fence {
	enum priv_fence_kind kind;
	uint64_t addr; /* x[rs1] when the kind names an address */
	uint64_t asid; /* x[rs2] & 0xffff when the kind names an ASID */
};

struct priv_emul_result {
	enum priv_emul_action action;
	unsigned flags;	  /* PRIV_EMUL_FLUSH ... */
	uint64_t next_pc; /* DONE and WFI */
	uint64_t tval;	  /* REFLECT: the instruction bits, stval of the trap */
	struct priv_fence fence;
};

/* The state at reset: virtual S, interrupts off, satp Bare, everything else 0. */
void priv_state_reset(struct priv_state *s, const struct priv_features *features);

/*
 * Emulate insn, which raised an illegal-instruction trap at pc while the
 * vCPU was in s->mode. x is the guest's x registers: rd and rs1 are read
 * and written there (x[0] is read as zero and never written). On REFLECT
 * and UNHANDLED neither s nor x is changed.
 */
struct priv_emul_result priv_emul_insn(struct priv_state *s, uint32_t insn, uint64_t x[32],
				       uint64_t pc);

/*
 * Take a trap into virtual S as the hardware would: scause, stval, sepc =
 * pc, SPP = the privilege it came from, SPIE = SIE, SIE = 0, privilege S.
 * cause has SCAUSE_INTERRUPT set for interrupts. Returns the new pc: the
 * stvec base, plus 4 x cause for an interrupt when stvec is vectored.
 */
uint64_t priv_emul_trap(struct priv_state *s, uint64_t cause, uint64_t tval, uint64_t pc);

/* No interrupt to take: priv_emul_pending_irq's answer. */
#define PRIV_IRQ_NONE (-1)

/*
 * The interrupt to take now, as an S-level interrupt code (IRQ_S_EXT, then
 * IRQ_S_SOFT, then IRQ_S_TIMER), or PRIV_IRQ_NONE: pending in sip, enabled
 * in sie, and globally enabled (always in virtual U; in virtual S only
 * with sstatus.SIE).
 */
int priv_emul_pending_irq(const struct priv_state *s);

#endif
