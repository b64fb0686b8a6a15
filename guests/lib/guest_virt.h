/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Register maps of QEMU virt's devices that test guests drive by hand: the
 * PLIC (RISC-V PLIC specification; context i is vCPU i in S-mode under
 * Erg) and the goldfish RTC, which configs pass through at its own address.
 */
#ifndef GUESTS_LIB_GUEST_VIRT_H
#define GUESTS_LIB_GUEST_VIRT_H

#define PLIC_BASE	    0x0c000000UL
#define PLIC_PRIORITY(src)  (PLIC_BASE + 4 * (src))
#define PLIC_PENDING	    (PLIC_BASE + 0x1000)		/* sources 0..31 */
#define PLIC_ENABLE(ctx)    (PLIC_BASE + 0x2000 + 0x80 * (ctx)) /* sources 0..31 */
#define PLIC_THRESHOLD(ctx) (PLIC_BASE + 0x200000 + 0x1000 * (ctx))
#define PLIC_CLAIM(ctx)	    (PLIC_THRESHOLD(ctx) + 4)
#define PLIC_SOURCE_UART    10
#define PLIC_SOURCE_RTC	    11

/* 32-bit registers, times in ns. */
#define RTC_BASE	    0x101000UL
#define RTC_TIME_LOW	    (RTC_BASE + 0x00) /* read first: latches TIME_HIGH */
#define RTC_TIME_HIGH	    (RTC_BASE + 0x04)
#define RTC_ALARM_LOW	    (RTC_BASE + 0x08) /* written last: arms the alarm */
#define RTC_ALARM_HIGH	    (RTC_BASE + 0x0c)
#define RTC_IRQ_ENABLED	    (RTC_BASE + 0x10)
#define RTC_CLEAR_ALARM	    (RTC_BASE + 0x14)
#define RTC_CLEAR_INTERRUPT (RTC_BASE + 0x1c)

#endif
