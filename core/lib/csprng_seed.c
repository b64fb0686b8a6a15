/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Where the generator's first key comes from: the machine's own entropy
 * device when it has one, the firmware's /chosen/rng-seed (QEMU fills it
 * from the host), and the time as a last, weak, ingredient.
 */
#include "console/console.h"
#include "lib/csprng.h"
#include "lib/spinlock.h"
#include "ports/arch_hooks.h"
#include "ports/host_rng.h"

#define CSPRNG_SEED_BYTES 64

static bool csprng_seeded;
static spinlock_t csprng_seed_lock = SPINLOCK_INIT;

void csprng_seed_once(const struct platform *p)
{
	uint8_t hw[CSPRNG_SEED_BYTES];
	uint64_t now = arch_time_now();
	size_t got;

	spin_lock(&csprng_seed_lock);
	if (csprng_seeded) {
		spin_unlock(&csprng_seed_lock);
		return;
	}
	got = host_rng_read(hw, sizeof(hw));
	csprng_mix(hw, got);
	if (p->rng_seed_len)
		csprng_mix(p->rng_seed, p->rng_seed_len);
	csprng_mix(&now, sizeof(now));
	console_log("entropy: seeded from %zu bytes of the entropy device, %zu of rng-seed", got,
		    p->rng_seed_len);
	if (!got && !p->rng_seed_len)
		console_log("entropy: no hardware source: guests' random bytes are predictable");
	csprng_seeded = true;
	spin_unlock(&csprng_seed_lock);
}
