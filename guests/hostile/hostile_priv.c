/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Privileged instructions under attack: the hypervisor's CSRs and fences,
 * its guest loads and stores (HLV/HSV), M-mode CSRs, MRET and DRET, each run
 * from the guest kernel with arguments that would hurt were the instruction
 * obeyed. The privileged spec makes each raise a virtual-instruction or an
 * illegal-instruction exception in VS-mode; Erg must hand the former back as
 * an illegal instruction, so every one must reach the guest as scause 2 at
 * the instruction itself, stval 0 or the instruction's bits.
 */
#include "guest_trap.h"
#include "hostile.h"

#define VS_INTERRUPTS	 0x444UL     /* VSSIP, VSTIP, VSEIP in hvip */
#define SATP_SV39_ROOT_0 (8UL << 60) /* Sv39, page tables at 0 */
#define TIME_WARP	 (1UL << 62)

/* hostile_insns.S: one forbidden instruction each, then ret. */
void hostile_insn_hstatus_read(void *arg);
void hostile_insn_hgatp_write(void *arg);
void hostile_insn_hedeleg_write(void *arg);
void hostile_insn_hvip_set(void *arg);
void hostile_insn_htimedelta_write(void *arg);
void hostile_insn_vsatp_write(void *arg);
void hostile_insn_mstatus_read(void *arg);
void hostile_insn_mtvec_write(void *arg);
void hostile_insn_mhartid_read(void *arg);
void hostile_insn_pmpaddr0_write(void *arg);
void hostile_insn_hfence_gvma(void *arg);
void hostile_insn_hfence_vvma(void *arg);
void hostile_insn_hlv_d(void *arg);
void hostile_insn_hsv_d(void *arg);
void hostile_insn_hlvx_hu(void *arg);
void hostile_insn_mret(void *arg);
void hostile_insn_dret(void *arg);
void hostile_insn_wfi_then_hlv_d(void *arg);

#define WFI_BYTES 4 /* hostile_insn_wfi_then_hlv_d's HLV follows its WFI */

/* insn(arg) must fault with an illegal instruction at offset bytes into it. */
static void hostile_forbidden_at(struct hostile_result *r, trap_body insn, unsigned long offset,
				 unsigned long arg)
{
	unsigned long at = (unsigned long)insn + offset;
	unsigned long bits = *(const volatile uint32_t *)at;
	unsigned long soft = hostile_irqs[0].soft, timer = hostile_irqs[0].timer;
	struct trap_info t;

	if (!trap_try(insn, (void *)arg, &t))
		hostile_escaped(r, "no fault: it ran or was stepped over");
	else if (t.cause != TRAP_ILLEGAL_INST || t.epc != at)
		hostile_escaped(r, "scause %lu at 0x%lx, want %d at 0x%lx", t.cause, t.epc,
				TRAP_ILLEGAL_INST, at);
	else if (t.tval != 0 && t.tval != bits)
		hostile_escaped(r,
				"stval 0x%lx is neither 0 nor this instruction 0x%lx: the word "
				"of an earlier faulting instruction",
				t.tval, bits);
	else if (hostile_irqs[0].soft != soft || hostile_irqs[0].timer != timer)
		hostile_escaped(r, "an interrupt came with the fault");
	else
		hostile_contained(r, "illegal-instruction fault at it, stval 0x%lx", t.tval);
}

static void hostile_forbidden(struct hostile_result *r, trap_body insn, unsigned long arg)
{
	hostile_forbidden_at(r, insn, 0, arg);
}

static void hostile_hstatus(struct hostile_result *r)
{
	hostile_forbidden(r, hostile_insn_hstatus_read, 0);
}

static void hostile_hgatp(struct hostile_result *r)
{
	hostile_forbidden(r, hostile_insn_hgatp_write, 0);
}

static void hostile_hedeleg(struct hostile_result *r)
{
	hostile_forbidden(r, hostile_insn_hedeleg_write, ~0UL);
}

static void hostile_hvip(struct hostile_result *r)
{
	hostile_forbidden(r, hostile_insn_hvip_set, VS_INTERRUPTS);
}

static void hostile_htimedelta(struct hostile_result *r)
{
	hostile_forbidden(r, hostile_insn_htimedelta_write, TIME_WARP);
}

static void hostile_vsatp(struct hostile_result *r)
{
	hostile_forbidden(r, hostile_insn_vsatp_write, SATP_SV39_ROOT_0);
}

static void hostile_mstatus(struct hostile_result *r)
{
	hostile_forbidden(r, hostile_insn_mstatus_read, 0);
}

static void hostile_mtvec(struct hostile_result *r)
{
	hostile_forbidden(r, hostile_insn_mtvec_write, hostile_env.ram_base);
}

static void hostile_mhartid(struct hostile_result *r)
{
	hostile_forbidden(r, hostile_insn_mhartid_read, 0);
}

static void hostile_pmpaddr0(struct hostile_result *r)
{
	hostile_forbidden(r, hostile_insn_pmpaddr0_write, ~0UL);
}

static void hostile_hfence_gvma(struct hostile_result *r)
{
	hostile_forbidden(r, hostile_insn_hfence_gvma, 0);
}

static void hostile_hfence_vvma(struct hostile_result *r)
{
	hostile_forbidden(r, hostile_insn_hfence_vvma, 0);
}

static void hostile_hlv(struct hostile_result *r)
{
	hostile_forbidden(r, hostile_insn_hlv_d, hostile_env.foreign);
}

static void hostile_hsv(struct hostile_result *r)
{
	hostile_forbidden(r, hostile_insn_hsv_d, hostile_env.foreign);
}

static void hostile_hlvx(struct hostile_result *r)
{
	hostile_forbidden(r, hostile_insn_hlvx_hu, hostile_env.foreign);
}

static void hostile_mret(struct hostile_result *r)
{
	hostile_forbidden(r, hostile_insn_mret, 0);
}

static void hostile_dret(struct hostile_result *r)
{
	hostile_forbidden(r, hostile_insn_dret, 0);
}

/*
 * A hypervisor that tells a trapped WFI from other virtual-instruction
 * exits by stval alone would, on a hart that leaves stval stale (zero is
 * also allowed), take this HLV for the WFI before it and step over it.
 */
static void hostile_wfi_then_hlv(struct hostile_result *r)
{
	irq_global_disable();
	sbi_set_timer(0);
	hostile_forbidden_at(r, hostile_insn_wfi_then_hlv_d, WFI_BYTES, hostile_env.foreign);
	sbi_set_timer(UINT64_MAX);
	irq_global_enable();
}

static const struct hostile_attack hostile_priv_attacks[] = {
    {"read of hstatus", hostile_hstatus},
    {"hgatp set to 0 (G-stage off)", hostile_hgatp},
    {"hedeleg set to all ones", hostile_hedeleg},
    {"hvip set to raise its own VS interrupts", hostile_hvip},
    {"htimedelta set to warp its time", hostile_htimedelta},
    {"vsatp written directly", hostile_vsatp},
    {"read of mstatus", hostile_mstatus},
    {"mtvec pointed into its RAM", hostile_mtvec},
    {"read of mhartid", hostile_mhartid},
    {"pmpaddr0 set to all ones", hostile_pmpaddr0},
    {"hfence.gvma", hostile_hfence_gvma},
    {"hfence.vvma", hostile_hfence_vvma},
    {"hlv.d of another guest's host address", hostile_hlv},
    {"hsv.d to another guest's host address", hostile_hsv},
    {"hlvx.hu of another guest's host address", hostile_hlvx},
    {"mret", hostile_mret},
    {"dret", hostile_dret},
    {"hlv.d right after a WFI", hostile_wfi_then_hlv},
};

const struct hostile_group hostile_priv_group = {
    hostile_priv_attacks,
    sizeof(hostile_priv_attacks) / sizeof(hostile_priv_attacks[0]),
};
