/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The no-H privileged-instruction emulator (arch/riscv/noh/priv_emul.c):
 * SRET with each SPP/SPIE combination and from virtual U, WFI, SFENCE.VMA
 * with each choice of x0 operands, the other SYSTEM instructions a guest
 * may not run, what is not the emulator's (other opcodes, compressed
 * values), trap entry with direct and vectored stvec, and the choice of
 * interrupt by priority and deliverability. The CSR instructions are in
 * test_priv_emul_csr.c.
 */
#include "priv_emul_fixture.h"

#define SEPC 0x80205000UL

static void test_sret_combinations(void **state)
{
	(void)state;
	for (unsigned spp = 0; spp < 2; spp++)
		for (unsigned spie = 0; spie < 2; spie++)
			for (unsigned sie = 0; sie < 2; sie++) {
				struct vcpu v;
				struct priv_emul_result r;

				vcpu_init(&v, &all_features);
				v.s.sepc = SEPC;
				v.s.sstatus = (spp ? SSTATUS_SPP : 0) | (spie ? SSTATUS_SPIE : 0) |
					      (sie ? SSTATUS_SIE : 0) | PRIV_SSTATUS_SUM;
				r = run(&v, INSN_SRET);
				assert_int_equal(r.action, PRIV_EMUL_DONE);
				assert_int_equal(r.next_pc, SEPC);
				assert_int_equal(v.s.mode, spp ? PRIV_MODE_S : PRIV_MODE_U);
				assert_int_equal(v.s.sstatus, (spie ? SSTATUS_SIE : 0) |
								  SSTATUS_SPIE | PRIV_SSTATUS_SUM);
				assert_int_equal(r.flags & PRIV_EMUL_XLATE,
						 spp ? 0 : PRIV_EMUL_XLATE);
				assert_int_equal(!!(r.flags & PRIV_EMUL_IRQ), !spp || spie != sie);
			}
}

static void test_s_only_from_u(void **state)
{
	struct vcpu v;

	(void)state;
	vcpu_init(&v, &all_features);
	v.s.mode = PRIV_MODE_U;
	v.s.sstatus = SSTATUS_SPP | SSTATUS_SPIE;
	run_reflect(&v, INSN_SRET);
	run_reflect(&v, INSN_WFI);
	run_reflect(&v, enc_sfence(X0, X0));
	run_reflect(&v, enc_sfence(A0, A1));
}

static void test_wfi(void **state)
{
	struct vcpu v, before;
	struct priv_emul_result r;

	(void)state;
	vcpu_init(&v, &all_features);
	before = v;
	r = run(&v, INSN_WFI);
	assert_int_equal(r.action, PRIV_EMUL_WFI);
	assert_int_equal(r.next_pc, PC + 4);
	assert_int_equal(r.flags, 0);
	assert_memory_equal(&before, &v, sizeof(v));
}

static const struct {
	unsigned rs1, rs2;
	enum priv_fence_kind kind;
} fence_cases[] = {
    {X0, X0, PRIV_FENCE_ALL},
    {A0, X0, PRIV_FENCE_ADDR},
    {X0, A1, PRIV_FENCE_ASID},
    {A0, A1, PRIV_FENCE_ADDR_ASID},
};

/* The kind follows the register numbers; a zero value in a0 is still address 0. */
static void test_sfence_vma(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof(fence_cases) / sizeof(fence_cases[0]); i++)
		for (uint64_t a0 = 0; a0 < 2; a0++) {
			struct vcpu v;
			struct priv_emul_result r;

			vcpu_init(&v, &all_features);
			v.x[A0] = a0 * 0xffffffc000201000UL;
			v.x[A1] = 0xabcd1234UL;
			r = run(&v, enc_sfence(fence_cases[i].rs1, fence_cases[i].rs2));
			assert_int_equal(r.action, PRIV_EMUL_DONE);
			assert_int_equal(r.next_pc, PC + 4);
			assert_int_equal(r.flags, PRIV_EMUL_FLUSH);
			assert_int_equal(r.fence.kind, fence_cases[i].kind);
			assert_int_equal(r.fence.addr, fence_cases[i].rs1 ? v.x[A0] : 0);
			assert_int_equal(r.fence.asid, fence_cases[i].rs2 ? 0x1234 : 0);
		}
}

/* ECALL/EBREAK (they trap otherwise), MRET, HFENCE, HLV, funct3 100, sfence with rd != 0. */
static void test_other_system_reflected(void **state)
{
	static const uint32_t insns[] = {0x00000073, 0x00100073, 0x30200073, 0x7b200073,
					 0x22000073, 0x62000073, 0x6005c573, 0x00004073,
					 0x12000573, 0x10200573, 0x10500f73};
	struct vcpu v;

	(void)state;
	vcpu_init(&v, &all_features);
	for (size_t i = 0; i < sizeof(insns) / sizeof(insns[0]); i++)
		run_reflect(&v, insns[i]);
}

/* Other opcodes and compressed values (no compressed instruction is privileged). */
static void test_not_system_unhandled(void **state)
{
	static const uint32_t insns[] = {0x0005a503, 0x00053007, 0x0000100f, 0x9002,
					 0x00009002, 0x4501,	 0x0};
	struct vcpu v, before;

	(void)state;
	vcpu_init(&v, &all_features);
	before = v;
	for (size_t i = 0; i < sizeof(insns) / sizeof(insns[0]); i++)
		assert_int_equal(run(&v, insns[i]).action, PRIV_EMUL_UNHANDLED);
	assert_memory_equal(&before, &v, sizeof(v));
}

static void test_trap_direct(void **state)
{
	struct vcpu v;

	(void)state;
	vcpu_init(&v, &all_features);
	v.s.stvec = 0x80200100;
	v.s.mode = PRIV_MODE_U;
	v.s.sstatus = SSTATUS_SIE | SSTATUS_SPP | PRIV_SSTATUS_SUM;
	assert_int_equal(priv_emul_trap(&v.s, SCAUSE_INTERRUPT | IRQ_S_TIMER, 0, 0x10074),
			 0x80200100);
	assert_int_equal(v.s.mode, PRIV_MODE_S);
	assert_int_equal(v.s.sstatus, SSTATUS_SPIE | PRIV_SSTATUS_SUM);
	assert_int_equal(v.s.scause, SCAUSE_INTERRUPT | IRQ_S_TIMER);
	assert_int_equal(v.s.sepc, 0x10074);
	assert_int_equal(v.s.stval, 0);

	/* From S with SIE clear: SPP = S, SPIE = 0. */
	assert_int_equal(priv_emul_trap(&v.s, EXC_ILLEGAL_INST, 0x10500073, 0x80200104),
			 0x80200100);
	assert_int_equal(v.s.sstatus, SSTATUS_SPP | PRIV_SSTATUS_SUM);
	assert_int_equal(v.s.scause, EXC_ILLEGAL_INST);
	assert_int_equal(v.s.stval, 0x10500073);
	assert_int_equal(v.s.sepc, 0x80200104);
}

/* Vectored: interrupts go to base + 4 x cause, exceptions to base. */
static void test_trap_vectored(void **state)
{
	struct vcpu v;

	(void)state;
	vcpu_init(&v, &all_features);
	v.s.stvec = 0x80200101;
	assert_int_equal(priv_emul_trap(&v.s, SCAUSE_INTERRUPT | IRQ_S_EXT, 0, 0), 0x80200124);
	assert_int_equal(priv_emul_trap(&v.s, SCAUSE_INTERRUPT | IRQ_S_SOFT, 0, 0), 0x80200104);
	assert_int_equal(priv_emul_trap(&v.s, EXC_LOAD_PAGE_FAULT, 0x1000, 0), 0x80200100);
}

/* A trap then SRET returns where it came from, with interrupts as they were. */
static void test_trap_sret_round_trip(void **state)
{
	struct vcpu v;
	struct priv_emul_result r;

	(void)state;
	vcpu_init(&v, &all_features);
	v.s.stvec = 0x80200100;
	v.s.mode = PRIV_MODE_U;
	v.s.sstatus = SSTATUS_SIE;
	priv_emul_trap(&v.s, EXC_ECALL_U, 0, 0x10078);
	v.s.sepc += 4;
	r = run(&v, INSN_SRET);
	assert_int_equal(r.next_pc, 0x1007c);
	assert_int_equal(v.s.mode, PRIV_MODE_U);
	assert_int_equal(v.s.sstatus, SSTATUS_SIE | SSTATUS_SPIE);
}

static void test_irq_priority(void **state)
{
	struct vcpu v;

	(void)state;
	vcpu_init(&v, &all_features);
	v.s.sstatus = SSTATUS_SIE;
	v.s.sie = SIE_SSIE | SIE_STIE | SIE_SEIE;
	assert_int_equal(priv_emul_pending_irq(&v.s), PRIV_IRQ_NONE);
	v.s.sip = PRIV_SIP_STIP;
	assert_int_equal(priv_emul_pending_irq(&v.s), IRQ_S_TIMER);
	v.s.sip |= PRIV_SIP_SSIP;
	assert_int_equal(priv_emul_pending_irq(&v.s), IRQ_S_SOFT);
	v.s.sip |= PRIV_SIP_SEIP;
	assert_int_equal(priv_emul_pending_irq(&v.s), IRQ_S_EXT);
	/* Disabled in sie: skipped for the next. */
	v.s.sie = SIE_STIE;
	assert_int_equal(priv_emul_pending_irq(&v.s), IRQ_S_TIMER);
	v.s.sie = 0;
	assert_int_equal(priv_emul_pending_irq(&v.s), PRIV_IRQ_NONE);
}

/* In virtual S only with SIE; in virtual U always. */
static void test_irq_deliverable(void **state)
{
	struct vcpu v;

	(void)state;
	vcpu_init(&v, &all_features);
	v.s.sie = SIE_SEIE;
	v.s.sip = PRIV_SIP_SEIP;
	assert_int_equal(priv_emul_pending_irq(&v.s), PRIV_IRQ_NONE);
	v.s.mode = PRIV_MODE_U;
	assert_int_equal(priv_emul_pending_irq(&v.s), IRQ_S_EXT);
	v.s.mode = PRIV_MODE_S;
	v.s.sstatus = SSTATUS_SIE;
	assert_int_equal(priv_emul_pending_irq(&v.s), IRQ_S_EXT);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_sret_combinations),
	    cmocka_unit_test(test_s_only_from_u),
	    cmocka_unit_test(test_wfi),
	    cmocka_unit_test(test_sfence_vma),
	    cmocka_unit_test(test_other_system_reflected),
	    cmocka_unit_test(test_not_system_unhandled),
	    cmocka_unit_test(test_trap_direct),
	    cmocka_unit_test(test_trap_vectored),
	    cmocka_unit_test(test_trap_sret_round_trip),
	    cmocka_unit_test(test_irq_priority),
	    cmocka_unit_test(test_irq_deliverable),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
