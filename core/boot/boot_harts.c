/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Secondary hart bring-up through SBI HSM. The boot hart waits a bounded
 * time for every hart to report in, so a hart that never starts is named in
 * the log instead of hanging the boot. It waits asleep on its timer, a
 * millisecond at a time: a spinning hart burns its core's power, and an
 * emulator that runs one hart at a time until it sleeps (QEMU under -icount)
 * would never run the others at all.
 */
#include "boot/boot.h"
#include "console/console.h"
#include "lib/hart.h"
#include "ports/arch_hooks.h"

/* How long the boot hart waits for the others, in milliseconds. */
#define BOOT_HARTS_WAIT_MS 5000

static unsigned boot_start_others(const struct platform *p, uint64_t boot_hart)
{
	unsigned started = 1;

	for (size_t i = 0; i < p->hart_count; i++) {
		uint64_t id = p->harts[i].id;
		long err;

		if (id == boot_hart)
			continue;
		if (id >= ERG_MAX_HARTS) {
			console_log("hart %llu: id beyond Erg's limit of %d, left parked",
				    (unsigned long long)id, ERG_MAX_HARTS);
			continue;
		}
		err = arch_hart_start(id);
		if (err)
			console_log("hart %llu: SBI HSM start failed (error %ld)",
				    (unsigned long long)id, err);
		else
			started++;
	}
	return started;
}

void boot_start_harts(const struct platform *p, uint64_t boot_hart)
{
	unsigned expected = boot_start_others(p, boot_hart);
	uint64_t deadline = arch_time_now() + p->timebase_hz * BOOT_HARTS_WAIT_MS / 1000;

	while (hart_online_count() < expected && arch_time_now() < deadline) {
		arch_timer_program(arch_time_now() + p->timebase_hz / 1000);
		arch_wait_for_interrupt();
	}
	arch_timer_program(UINT64_MAX);
	console_log("harts online: %u of %zu", hart_online_count(), p->hart_count);
}
