/*
 * The time CSR counts at the timebase frequency the device tree gives
 * (10 MHz on QEMU virt). rdtime works in (V)S-mode without a trap when the
 * firmware or hypervisor sets [h]counteren.TM, as OpenSBI and Erg do.
 */
#include "guest_time.h"
#include "guest_dt.h"

#define TIME_DEFAULT_HZ 10000000u

static uint64_t time_hz = TIME_DEFAULT_HZ;

void time_init(const void *dtb)
{
	uint32_t hz = dt_read_u32(dtb, "cpus", "timebase-frequency", TIME_DEFAULT_HZ);

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
