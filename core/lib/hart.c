/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Per-hart identity and the online count the boot hart waits on.
 */
#include "lib/hart.h"

#include "console/console.h"

/* "Not known yet" until set; being initialized, it also anchors the TLS layout (linker.ld). */
__thread uint64_t hart_self_id = UINT64_MAX;
static unsigned hart_online;
static uint64_t hart_online_mask;

void hart_set_self(uint64_t hartid)
{
	hart_self_id = hartid;
}

void hart_report_online(void)
{
	/* Say so before counting, so "harts online" never precedes a hart's own line. */
	console_log("hart %llu online", (unsigned long long)hart_self_id);
	if (hart_self_id < 64)
		__atomic_or_fetch(&hart_online_mask, 1ULL << hart_self_id, __ATOMIC_ACQ_REL);
	__atomic_add_fetch(&hart_online, 1, __ATOMIC_ACQ_REL);
}

unsigned hart_online_count(void)
{
	return __atomic_load_n(&hart_online, __ATOMIC_ACQUIRE);
}

bool hart_is_online(uint64_t hartid)
{
	return hartid < 64 && (__atomic_load_n(&hart_online_mask, __ATOMIC_ACQUIRE) >> hartid) & 1;
}
