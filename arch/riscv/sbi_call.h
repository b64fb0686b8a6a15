/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Calls from Erg down to the SBI firmware (OpenSBI) in M-mode, per the SBI
 * specification. Return values are SBI error codes (0 is success).
 */
#ifndef ARCH_RISCV_SBI_CALL_H
#define ARCH_RISCV_SBI_CALL_H

#include <stdint.h>

#include "sbi/sbi_ids.h"

#define SBI_HSM_HART_START 0
#define SBI_SRST_RESET	   0
#define SBI_SRST_SHUTDOWN  0
#define SBI_SRST_NO_REASON 0

struct sbiret {
	long error;
	long value;
};

struct sbiret sbi_call(unsigned long ext, unsigned long fid, unsigned long a0, unsigned long a1,
		       unsigned long a2);

void sbi_legacy_putchar(char c);
long sbi_set_timer(uint64_t deadline);
long sbi_hart_start(unsigned long hartid, unsigned long start_addr, unsigned long opaque);
long sbi_system_shutdown(void);
long sbi_send_ipi(unsigned long hart_mask, unsigned long hart_mask_base);

#endif
