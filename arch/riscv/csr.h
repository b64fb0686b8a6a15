/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Every CSR access Erg makes goes through these macros; no other file holds
 * CSR inline assembly. Names and bit positions follow the RISC-V privileged
 * specification (supervisor and hypervisor chapters).
 */
#ifndef ARCH_RISCV_CSR_H
#define ARCH_RISCV_CSR_H

#include <stdint.h>

/* sstatus */
#define SSTATUS_SIE	   (1UL << 1)
#define SSTATUS_SPIE	   (1UL << 5)
#define SSTATUS_SPP	   (1UL << 8)
#define SSTATUS_SIE_SHIFT  1
#define SSTATUS_SPIE_SHIFT 5

#define SSTATUS_FS	   (3UL << 13)
#define SSTATUS_FS_INITIAL (1UL << 13)
#define SSTATUS_FS_CLEAN   (2UL << 13)
#define SSTATUS_FS_DIRTY   (3UL << 13)

#define SSTATUS_VS	   (3UL << 9)
#define SSTATUS_VS_INITIAL (1UL << 9)
#define SSTATUS_VS_CLEAN   (2UL << 9)
#define SSTATUS_VS_DIRTY   (3UL << 9)

/* hstatus */
#define HSTATUS_GVA  (1UL << 6)
#define HSTATUS_SPV  (1UL << 7)
#define HSTATUS_SPVP (1UL << 8)
#define HSTATUS_VTW  (1UL << 21)

/* hgatp: the VMID field (VMIDLEN bits of it implemented, from bit 0 up) */
#define HGATP_MODE_SHIFT 60
#define HGATP_VMID_SHIFT 44
#define HGATP_VMID_MASK	 (0x3fffUL << HGATP_VMID_SHIFT)

/* Virtual-supervisor interrupts (hip/hie/hvip/hideleg bits) */
#define IRQ_VS_SOFT  2
#define IRQ_VS_TIMER 6
#define IRQ_VS_EXT   10

/* hcounteren: time, cycle and instret readable by the guest */
#define HCOUNTEREN_CY (1UL << 0)
#define HCOUNTEREN_TM (1UL << 1)
#define HCOUNTEREN_IR (1UL << 2)

/* Counter CSR numbers, as a trapped csrr names them */
#define CSR_NUM_CYCLE	0xc00
#define CSR_NUM_INSTRET 0xc02

/* hstateen0.ENVCFG: VS-mode may reach senvcfg (Erg switches it) */
#define HSTATEEN0_ENVCFG (1UL << 62)

/* Numbered: not every assembler knows these names. */
#define CSR_SENVCFG   0x10a
#define CSR_HSTATEEN0 0x60c
#define CSR_HENVCFG   0x60a

/* henvcfg: Sstc's vstimecmp for the guest */
#define HENVCFG_STCE (1UL << 63)
/* henvcfg: Svpbmt's memory types in the guest's own page tables */
#define HENVCFG_PBMTE (1UL << 62)

/* Exception codes (scause) */
#define EXC_INST_MISALIGNED   0
#define EXC_ILLEGAL_INST      2
#define EXC_BREAKPOINT	      3
#define EXC_LOAD_MISALIGNED   4
#define EXC_STORE_MISALIGNED  6
#define EXC_ECALL_U	      8
#define EXC_ECALL_VS	      10
#define EXC_INST_PAGE_FAULT   12
#define EXC_LOAD_PAGE_FAULT   13
#define EXC_STORE_PAGE_FAULT  15
#define EXC_INST_GUEST_FAULT  20
#define EXC_LOAD_GUEST_FAULT  21
#define EXC_VIRTUAL_INST      22
#define EXC_STORE_GUEST_FAULT 23

/* sie / sip bits and scause interrupt codes */
#define IRQ_S_SOFT  1
#define IRQ_S_TIMER 5
#define IRQ_S_EXT   9
#define SIE_STIE    (1UL << IRQ_S_TIMER)
#define SIE_SSIE    (1UL << IRQ_S_SOFT)
#define SIE_SEIE    (1UL << IRQ_S_EXT)

#define SCAUSE_INTERRUPT (1UL << 63)
#define SCAUSE_CODE(c)	 ((c) & ~SCAUSE_INTERRUPT)

/* Sstc's supervisor timer compare; numbered because not every assembler knows the name. */
#define CSR_STIMECMP 0x14d

/* Two steps, so a CSR given as a macro (CSR_STIMECMP) expands before it is quoted. */
#define __CSR_STR(x) #x

#define csr_read(csr)                                                                              \
	({                                                                                         \
		unsigned long __v;                                                                 \
		__asm__ volatile("csrr %0, " __CSR_STR(csr) : "=r"(__v) : : "memory");             \
		__v;                                                                               \
	})

#define csr_write(csr, val)                                                                        \
	({                                                                                         \
		unsigned long __v = (unsigned long)(val);                                          \
		__asm__ volatile("csrw " __CSR_STR(csr) ", %0" : : "rK"(__v) : "memory");          \
	})

#define csr_read_set(csr, val)                                                                     \
	({                                                                                         \
		unsigned long __v = (unsigned long)(val);                                          \
		__asm__ volatile("csrrs %0, " __CSR_STR(csr) ", %1"                                \
				 : "=r"(__v)                                                       \
				 : "rK"(__v)                                                       \
				 : "memory");                                                      \
		__v;                                                                               \
	})

#define csr_read_clear(csr, val)                                                                   \
	({                                                                                         \
		unsigned long __v = (unsigned long)(val);                                          \
		__asm__ volatile("csrrc %0, " __CSR_STR(csr) ", %1"                                \
				 : "=r"(__v)                                                       \
				 : "rK"(__v)                                                       \
				 : "memory");                                                      \
		__v;                                                                               \
	})

#define csr_set(csr, val)   ((void)csr_read_set(csr, val))
#define csr_clear(csr, val) ((void)csr_read_clear(csr, val))

#endif
