/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The time CSR counts at the timebase frequency the device tree gives
 * (10 MHz on QEMU virt). rdtime works in (V)S-mode without a trap when the
 * firmware or hypervisor sets [h]counteren.TM, as OpenSBI and Erg do.
 */
#include <libfdt.h>

#include "guest_time.h"

#define TIME_DEFAULT_HZ 10000000u

static uint64_t time_hz = TIME_DEFAULT_HZ;

void time_init(const void *dtb)
{
	int cpus = dtb ? fdt_path_offset(dtb, "/cpus") : -FDT_ERR_BADMAGIC;
	int len = 0;
	const fdt32_t *prop = cpus >= 0 ? fdt_getprop(dtb, cpus, "timebase-frequency", &len) : NULL;
	uint32_t hz = prop && len == 4 ? fdt32_ld(prop) : 0;

	time_hz = hz ? hz : TIME_DEFAULT_HZ;
}

uint64_t time_now(void)
{
	uint64_t t;

	asm volatile("rdtime %0" : "=r"(t));
	return t;
}

uint64_t time_frequency(void)
{
	return time_hz;
}

uint64_t time_us_to_ticks(uint64_t us)
{
	return us * time_hz / 1000000u;
}

void time_wait_until(uint64_t deadline)
{
	while ((int64_t)(time_now() - deadline) < 0)
		;
}

void time_delay_us(uint64_t us)
{
	time_wait_until(time_now() + time_us_to_ticks(us));
}
