/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * STA cases: set_shmem's refusals, then a record that counts steal time.
 * The second hart, which shares the checking hart's physical hart in
 * guests/configs/sbi.dts, spins for CHECK_STA_SPIN_US while the checking
 * hart naps for CHECK_STA_NAP_US: its timer comes while the second hart holds
 * the hart (a long slice, the same priority), so it waits runnable for the
 * rest of the spin, and that wait must show in the record when it is back.
 * Once disabled, the record is left alone.
 */
#include <string.h>

#include "guest.h"
#include "guest_time.h"
#include "sbi_check.h"

#define CHECK_STA_SET_SHMEM 0
#define CHECK_STA_SPIN_US   8000
#define CHECK_STA_NAP_US    1000
#define CHECK_STA_STOLEN_NS 3000000 /* well under the 7 ms it waits */
#define CHECK_STA_UNTOUCHED 0x5eed5eed5eed5eedULL
#define CHECK_STA_BAD_FLAGS 1
#define CHECK_STA_ALL_ONES  (~0UL)

static volatile struct {
	uint32_t sequence, flags;
	uint64_t steal;
	uint8_t preempted, pad[47];
} check_sta_record __attribute__((aligned(64)));

static volatile uint64_t check_sta_spin_until;

static long check_sta_set(unsigned long lo, unsigned long hi, unsigned long flags)
{
	return check_value(check_call(SBI_EXT_STA, CHECK_STA_SET_SHMEM, lo, hi, flags, 0, 0));
}

static void check_sta_spinner(unsigned long hartid)
{
	(void)hartid;
	while ((int64_t)(time_now() - check_sta_spin_until) < 0)
		;
	sbi_hart_stop();
}

/* The steal field, read as the specification says: again while the sequence is odd or moved. */
static uint64_t check_sta_steal(uint32_t *sequence)
{
	uint32_t before, after;
	uint64_t steal;

	do {
		before = check_sta_record.sequence;
		__atomic_thread_fence(__ATOMIC_ACQUIRE);
		steal = check_sta_record.steal;
		__atomic_thread_fence(__ATOMIC_ACQUIRE);
		after = check_sta_record.sequence;
	} while (before != after || (before & 1));
	*sequence = after;
	return steal;
}

static void check_sta_refusals(unsigned long lo)
{
	check_eq("sta.unknown_fid", check_value(check_call(SBI_EXT_STA, 1, lo, 0, 0, 0, 0)),
		 SBI_ERR_NOT_SUPPORTED);
	check_eq("sta.flags_nonzero", check_sta_set(lo, 0, CHECK_STA_BAD_FLAGS),
		 SBI_ERR_INVALID_PARAM);
	check_eq("sta.misaligned", check_sta_set(lo + 8, 0, 0), SBI_ERR_INVALID_PARAM);
	check_eq("sta.high_half", check_sta_set(lo, 1, 0), SBI_ERR_INVALID_ADDRESS);
	check_erg("sta.outside_ram", check_sta_set(check_env.ram_end, 0, 0),
		  SBI_ERR_INVALID_ADDRESS);
}

/* With the second hart spinning on the shared hart: the checking hart's wait is stolen time. */
static void check_sta_steal_counted(unsigned long second)
{
	uint32_t sequence_before, sequence_after;
	uint64_t before = check_sta_steal(&sequence_before), after;

	check_sta_spin_until = time_now() + time_us_to_ticks(CHECK_STA_SPIN_US);
	if (guest_hart_start(second, check_sta_spinner) != SBI_SUCCESS) {
		check_eq("sta.second_hart_starts", 0, 1);
		return;
	}
	check_nap(CHECK_STA_NAP_US);
	check_eq("sta.second_hart_stops", check_status_becomes(second, SBI_HSM_STOPPED),
		 SBI_HSM_STOPPED);
	after = check_sta_steal(&sequence_after);
	check_eq("sta.steal_counts_the_wait", after - before >= CHECK_STA_STOLEN_NS, 1);
	check_eq("sta.sequence_moved_even", sequence_after != sequence_before, 1);
	check_eq("sta.not_preempted_while_running", check_sta_record.preempted, 0);
}

void check_sta(void)
{
	unsigned long lo = (unsigned long)(uintptr_t)&check_sta_record;
	unsigned long second = check_env.hartid ? 0 : 1;

	if (!check_ext_runs(SBI_EXT_STA, "sta"))
		return;
	check_sta_refusals(lo);
	memset((void *)&check_sta_record, 0xff, sizeof(check_sta_record));
	check_eq("sta.set_shmem", check_sta_set(lo, 0, 0), SBI_SUCCESS);
	check_eq("sta.record_zeroed", check_sta_record.flags == 0 && check_sta_record.pad[46] == 0,
		 1);
	if (check_env.ncpus >= 2)
		check_sta_steal_counted(second);
	check_eq("sta.disable", check_sta_set(CHECK_STA_ALL_ONES, CHECK_STA_ALL_ONES, 0),
		 SBI_SUCCESS);
	check_sta_record.steal = CHECK_STA_UNTOUCHED;
	check_nap(CHECK_STA_NAP_US); /* off the hart and back */
	check_eq("sta.disabled_leaves_record", check_sta_record.steal == CHECK_STA_UNTOUCHED, 1);
}
