/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The virtualization back end: everything core/ needs from the way guests
 * are run, and nothing else. The H-extension back end (arch/riscv/h/) runs
 * a guest in VS-mode behind its G-stage table; the back end for cores
 * without H (arch/riscv/noh/) traps and emulates a deprivileged guest
 * kernel behind shadow page tables. One image holds both and the boot hart
 * picks one (vcpu_arch_select). Core never names a register or a privilege
 * mode: it holds the back end's state types (struct vcpu_arch, struct
 * vm_arch) and passes them back.
 *
 * The contract, in short:
 * - Life: vcpu_arch_reset gives a vCPU its first state; load and save put
 *   it on a hart and take it off; vcpu_arch_hart_init readies a hart.
 * - Running: vcpu_arch_run enters the loaded vCPU and returns with its exit
 *   decoded completely into a struct vcpu_exit (vcpu/vcpu_exit.h). Before it
 *   returns, the back end offers the exit to core's fast lane
 *   (vcpu_fast_exit) from its exit path, with only the registers a C call
 *   may clobber saved; the exit record says when a register it names is not
 *   at hand there (mem.reg_unsaved), and the back end completes it for the
 *   slow path.
 * - Registers: vcpu_arch_reg, vcpu_arch_set_reg, vcpu_arch_args,
 *   vcpu_arch_skip_insn and vcpu_arch_rewind_insn are inline in the back
 *   end's arch/vcpu_arch.h: an SBI call alone reads eight registers.
 * - Virtual interrupts: raise or lower the guest's timer, software and
 *   external interrupts, and ask whether one it enabled is pending.
 * - Guest memory: core reads and writes guest RAM through Erg's own mapping
 *   of the host pages behind it (vm/vm_ram.h); the back end maps those pages
 *   into the guest's address space and fences translations.
 */
#ifndef CORE_PORTS_VIRT_BACKEND_H
#define CORE_PORTS_VIRT_BACKEND_H

#include "arch/vcpu_arch.h"
#include "arch/vm_arch.h"
#include "lib/types.h"
#include "platform/isa.h"
#include "vcpu/vcpu_exit.h"

struct vcpu_arch_boot {
	uint64_t entry; /* guest pc */
	uint64_t a0, a1;
	uint64_t space;		/* vm_arch_space() of the guest */
	struct isa_offer offer; /* what of the host's ISA the guest has (guests_offer) */
	/* Keep its pending interrupts and timer compare (a resume; the vCPU is loaded). */
	bool keep_irqs;
};

/* Pick the back end for this machine, once, on the boot hart: its name, for the boot log. */
const char *vcpu_arch_select(void);

/*
 * What the chosen back end can give guests where the harts have it (core
 * keeps what every hart has): a timer compare of their own (Sstc), V,
 * Svpbmt.
 */
struct isa_offer vcpu_arch_guest_offer(void);

/*
 * A vCPU of a guest being created, offered offer: take what state it keeps
 * outside struct vcpu_arch (V's registers), once; -1 when there is no memory for it.
 */
int vcpu_arch_create(struct vcpu_arch *a, const struct isa_offer *offer);

/* Per-hart set-up before any guest runs here. */
void vcpu_arch_hart_init(void);

void vcpu_arch_reset(struct vcpu_arch *a, const struct vcpu_arch_boot *boot);

/*
 * Whether the guest's WFI traps (true) or waits in the hart itself; from its
 * next entry on. A back end that must see every WFI ignores false.
 */
void vcpu_arch_trap_wfi(struct vcpu_arch *a, bool trap);

/* Put a vCPU's supervisor state on this hart, or take it off. */
void vcpu_arch_load(struct vcpu_arch *a);
void vcpu_arch_save(struct vcpu_arch *a);

/* Run the loaded vCPU until it exits: true with the exit decoded, false when the fast lane served
 * it. */
bool vcpu_arch_run(struct vcpu_arch *a, struct vcpu_exit *exit);

/*
 * Emulate insn, which raised a virtual-instruction exit, if it is one the
 * arch answers for the guest (a read of its cycle or retired-instruction counter): true
 * when done and the pc moved on, false to reflect it as illegal.
 */
bool vcpu_arch_emulate_insn(struct vcpu_arch *a, uint32_t insn);

/* Make the loaded guest take an illegal-instruction exception for insn. */
void vcpu_arch_reflect_illegal(struct vcpu_arch *a, unsigned long insn);

/*
 * Make the loaded guest take the access fault a hart gives for exit, a
 * guest_mapped fault outside its RAM and devices (vcpu/vcpu_exit.h).
 */
void vcpu_arch_reflect_access_fault(struct vcpu_arch *a, const struct vcpu_exit *exit);

/* The guest's own timer compare (loaded vCPU). */
void vcpu_arch_set_timer(struct vcpu_arch *a, uint64_t deadline);

/* Raise or lower the guest's timer interrupt (when Erg emulates its timer). */
void vcpu_arch_timer_pending(struct vcpu_arch *a, bool pending);

/* Whether the loaded guest has an interrupt pending that it has enabled (WFI would end). */
bool vcpu_arch_irq_pending(const struct vcpu_arch *a);

/* Raise or lower the loaded guest's supervisor external interrupt. */
void vcpu_arch_external_irq(struct vcpu_arch *a, bool pending);

/* Raise the loaded guest's supervisor software interrupt. */
void vcpu_arch_soft_irq(struct vcpu_arch *a);

/* Fences for the loaded guest: instruction fetch, and its guest-virtual translations. */
void vcpu_arch_fence_i(void);
void vcpu_arch_flush_vvma(void);

/* Drop cached guest translations of every VM on this hart. */
void vcpu_arch_gstage_flush(void);

/*
 * Traps a back end serves itself, without an exit to core (none with H;
 * without H: privileged instructions emulated, shadow fills, traps passed
 * to the guest's own kernel), by kind, for the exit counts Erg reports.
 */
unsigned vcpu_arch_trap_kinds(void);
const char *vcpu_arch_trap_name(unsigned kind);
uint64_t vcpu_arch_traps(const struct vcpu_arch *a, unsigned kind);

/* Guest address spaces. */
int vm_arch_init(struct vm_arch *v, uint16_t vmid, uint64_t gpa_limit);
int vm_arch_map_ram(struct vm_arch *v, uint64_t gpa, paddr_t hpa, uint64_t size);
/* Take RAM out of the guest's space again; its harts fence before the guest runs there. */
int vm_arch_unmap_ram(struct vm_arch *v, uint64_t gpa, uint64_t size);
int vm_arch_map_device(struct vm_arch *v, uint64_t gpa, paddr_t hpa, uint64_t size);
uint64_t vm_arch_space(const struct vm_arch *v);

#endif
