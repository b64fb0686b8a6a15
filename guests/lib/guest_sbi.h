/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * SBI calls a test guest makes (SBI specification 2.0). Under Erg they reach
 * the hypervisor; run natively they reach OpenSBI. Functions return the SBI
 * error code (0 is success) unless they say otherwise.
 * The ids below are written from the SBI specification, not taken from
 * core/: a guest checks Erg from the outside (guests/README.md).
 */
#ifndef GUESTS_LIB_GUEST_SBI_H
#define GUESTS_LIB_GUEST_SBI_H

#include <stdint.h>

#define SBI_EXT_LEGACY_PUTCHAR 0x01
#define SBI_EXT_BASE	       0x10
#define SBI_EXT_TIME	       0x54494d45
#define SBI_EXT_IPI	       0x735049
#define SBI_EXT_RFENCE	       0x52464e43
#define SBI_EXT_HSM	       0x48534d
#define SBI_EXT_SRST	       0x53525354
#define SBI_EXT_DBCN	       0x4442434e
#define SBI_EXT_SUSP	       0x53555350
#define SBI_EXT_STA	       0x535441
#define SBI_EXT_FWFT	       0x46574654

#define SBI_BASE_GET_SPEC_VERSION 0
#define SBI_BASE_PROBE_EXTENSION  3
#define SBI_HSM_HART_START	  0
#define SBI_HSM_HART_STOP	  1
#define SBI_HSM_HART_GET_STATUS	  2
#define SBI_RFENCE_FENCE_I	  0
#define SBI_DBCN_WRITE		  0
#define SBI_DBCN_WRITE_BYTE	  2
#define SBI_SRST_SHUTDOWN	  0
#define SBI_SRST_COLD_REBOOT	  1

#define SBI_ERR_NOT_SUPPORTED (-2)

/* More of the specification's numbers, for guests that check SBI itself. */
#define SBI_EXT_LEGACY_SET_TIMER 0x00
#define SBI_EXT_LEGACY_GETCHAR	 0x02
#define SBI_EXT_LEGACY_SHUTDOWN	 0x08

#define SBI_BASE_GET_IMPL_ID	   1
#define SBI_BASE_GET_IMPL_VERSION  2
#define SBI_BASE_GET_MVENDORID	   4
#define SBI_BASE_GET_MARCHID	   5
#define SBI_BASE_GET_MIMPID	   6
#define SBI_TIME_SET_TIMER	   0
#define SBI_IPI_SEND_IPI	   0
#define SBI_RFENCE_SFENCE_VMA	   1
#define SBI_RFENCE_SFENCE_VMA_ASID 2
#define SBI_HSM_HART_SUSPEND	   3
#define SBI_DBCN_READ		   1
#define SBI_SRST_RESET		   0

#define SBI_HSM_STARTED		  0
#define SBI_HSM_STOPPED		  1
#define SBI_HSM_START_PENDING	  2
#define SBI_HSM_SUSPEND_RETENTIVE 0
#define SBI_HART_MASK_ALL	  (~0UL) /* hart_mask_base: every hart */
#define SBI_FENCE_SIZE_ALL	  (~0UL) /* size: the whole address space */

#define SBI_SUCCESS		  0
#define SBI_ERR_FAILED		  (-1)
#define SBI_ERR_INVALID_PARAM	  (-3)
#define SBI_ERR_DENIED		  (-4)
#define SBI_ERR_INVALID_ADDRESS	  (-5)
#define SBI_ERR_ALREADY_AVAILABLE (-6)
#define SBI_ERR_ALREADY_STARTED	  (-7)
#define SBI_ERR_ALREADY_STOPPED	  (-8)

struct sbiret {
	long error;
	long value;
};

struct sbiret sbi_ecall(unsigned long ext, unsigned long fid, unsigned long a0, unsigned long a1,
			unsigned long a2);
/* The same with all six argument registers a0..a5, for calls that take more than three. */
struct sbiret sbi_ecall6(unsigned long ext, unsigned long fid, const unsigned long args[6]);

void sbi_console_putchar(char c);
long sbi_debug_console_write(const void *buf, unsigned long len);
long sbi_debug_console_write_byte(uint8_t byte);
/* The spec version on success (value field), or a negative error code. */
long sbi_get_spec_version(void);
/* Nonzero when the extension is implemented. */
long sbi_probe_extension(unsigned long ext);
long sbi_set_timer(uint64_t deadline);
long sbi_send_ipi(unsigned long hart_mask, unsigned long hart_mask_base);
long sbi_remote_fence_i(unsigned long hart_mask, unsigned long hart_mask_base);
long sbi_hart_start(unsigned long hartid, unsigned long start_addr, unsigned long opaque);
long sbi_hart_stop(void);
/* The HSM state (0 started, 1 stopped, ...) or a negative error code. */
long sbi_hart_get_status(unsigned long hartid);
long sbi_remote_sfence_vma(unsigned long hart_mask, unsigned long hart_mask_base,
			   unsigned long start, unsigned long size);
long sbi_remote_sfence_vma_asid(unsigned long hart_mask, unsigned long hart_mask_base,
				unsigned long start, unsigned long size, unsigned long asid);
long sbi_hart_suspend(unsigned long type, unsigned long resume_addr, unsigned long opaque);
/* Returns only when the reset failed: the error code. */
long sbi_system_reset(unsigned long type, unsigned long reason);

#endif
