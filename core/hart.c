/*
 * Per-hart identity and the online count the boot hart waits on.
 */
#include "hart.h"

#include "console.h"

static __thread uint64_t hart_self_id;
static unsigned hart_online;

void hart_set_self(uint64_t hartid)
{
	hart_self_id = hartid;
}

uint64_t hart_self(void)
{
	return hart_self_id;
}

void hart_report_online(void)
{
	unsigned n = __atomic_add_fetch(&hart_online, 1, __ATOMIC_ACQ_REL);

	console_log("hart %llu online (%u up)", (unsigned long long)hart_self_id, n);
}

unsigned hart_online_count(void)
{
	return __atomic_load_n(&hart_online, __ATOMIC_ACQUIRE);
}
