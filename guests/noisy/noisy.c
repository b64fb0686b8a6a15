/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * noisy's main: learn RAM from the device tree, find where in the timetable
 * the machine's clock stands, and run the phases from there. The floods
 * start at a fixed machine time later than any first boot can be, so a
 * fresh boot is one that comes before it: it waits quietly until then (the
 * real-time guest beside it reports a few undisturbed periods meanwhile).
 * Phases a to f then run back to back, each for its own length. The reboot
 * phase has a fixed slot of machine time, well after the others end, so
 * every boot inside the slot knows it is one of the loop's reboots and
 * reboots again, and the first boot after it knows the loop is over.
 */
#include <stdarg.h>
#include <stdio.h>

#include "guest.h"
#include "guest_fdt.h"
#include "guest_irq.h"
#include "guest_sleep.h"
#include "guest_time.h"
#include "noisy.h"

/*
 * Phase a starts at this machine time. Erg's boot hart waits up to 5 s for
 * the other harts (core/boot/boot_harts.c), and under QEMU's round-robin -icount
 * it does wait that long, so a first boot can come as late as that.
 */
#define NOISY_START_MS	6000
#define NOISY_REBOOT_MS 16000 /* the reboot phase's slot: a-f take about 5 s today */
#define NOISY_PHASE_MS	300   /* 30 periods of the real-time guest */
/* Quiet between phases: longer than rt's report (10 periods), so no report mixes two phases. */
#define NOISY_GAP_MS 200
#define NOISY_PAGE   4096UL

extern char _end[]; /* guest.ld: the end of the image, BSS and stacks */

static const struct noisy_phase noisy_phases[] = {
    {'a', "SBI DBCN write of all RAM", noisy_dbcn},
    {'b', "IPI and remote fence storm", noisy_ipi},
    {'c', "vPLIC enable toggling", noisy_plic},
    {'d', "virtio chains over all RAM", noisy_chains},
    {'e', "virtio-console RX of empty buffers", noisy_console_rx},
    {'f', "UART and PLIC MMIO storm", noisy_mmio},
    {'g', "SBI SRST reboot loop", noisy_reboot},
};

#define NOISY_PHASES (sizeof(noisy_phases) / sizeof(noisy_phases[0]))

#define NOISY_REBOOT (NOISY_PHASES - 1) /* the last phase, in its own slot */

/* Where a boot finds itself in the timetable. */
enum noisy_when { NOISY_FRESH, NOISY_DURING_FLOODS, NOISY_IN_REBOOTS, NOISY_AFTER };

static uint64_t noisy_ticks(uint64_t ms)
{
	return time_us_to_ticks(ms * 1000);
}

static uint64_t noisy_ms(uint64_t ticks)
{
	return ticks / noisy_ticks(1);
}

static enum noisy_when noisy_when_now(void)
{
	uint64_t now = time_now();

	if (now < noisy_ticks(NOISY_START_MS))
		return NOISY_FRESH;
	if (now < noisy_ticks(NOISY_REBOOT_MS))
		return NOISY_DURING_FLOODS;
	if (now < noisy_ticks(NOISY_REBOOT_MS + NOISY_PHASE_MS))
		return NOISY_IN_REBOOTS;
	return NOISY_AFTER;
}

/* Sleep in WFI until machine time ms (at once if it has passed). */
static void noisy_sleep_until_ms(unsigned long hartid, uint64_t ms)
{
	if (time_now() >= noisy_ticks(ms))
		return;
	sleep_init(hartid);
	sleep_until(noisy_ticks(ms));
	irq_global_disable();
	irq_disable(IRQ_BIT(IRQ_S_TIMER));
}

bool noisy_more(const struct noisy_env *env)
{
	return (int64_t)(time_now() - env->deadline) < 0;
}

void noisy_note(struct noisy_env *env, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(env->note, sizeof(env->note), fmt, ap);
	va_end(ap);
}

static void noisy_run(struct noisy_env *env, unsigned k, bool resumed)
{
	const struct noisy_phase *p = &noisy_phases[k];
	uint64_t started = time_now();

	/* The reboot phase ends with its slot, however late it started. */
	env->deadline = k == NOISY_REBOOT ? noisy_ticks(NOISY_REBOOT_MS + NOISY_PHASE_MS)
					  : started + noisy_ticks(NOISY_PHASE_MS);
	env->rounds = 0;
	env->note[0] = '\0';
	printf("noisy: phase %c %s: %s, at %lu ms\n", p->letter, resumed ? "resumed" : "start",
	       p->name, (unsigned long)noisy_ms(started));
	p->run(env);
	printf("noisy: phase %c end: %lu rounds in %lu ms%s%s\n", p->letter, env->rounds,
	       (unsigned long)noisy_ms(time_now() - started), env->note[0] ? ", " : "", env->note);
}

static bool noisy_env_init(struct noisy_env *env, const void *dtb)
{
	if (!guest_fdt_memory(dtb, &env->ram_base, &env->ram_size))
		return false;
	/* The DTB sits at the top of RAM; everything between it and the image is free. */
	env->scratch = ((uintptr_t)_end + NOISY_PAGE - 1) & ~(NOISY_PAGE - 1);
	env->scratch_end = (uintptr_t)dtb & ~(NOISY_PAGE - 1);
	return env->scratch_end > env->scratch;
}

/* The boot after the reboot phase's time: the timetable is done. */
static void noisy_finish(void)
{
	const struct noisy_phase *last = &noisy_phases[NOISY_PHASES - 1];

	printf("noisy: phase %c end: booted at %lu ms, after its time\n", last->letter,
	       (unsigned long)noisy_ms(time_now()));
	printf("noisy: all phases done\n");
	guest_exit(0);
}

/* A fresh boot: the quiet start, then every phase. */
static void noisy_all(struct noisy_env *env, unsigned long hartid)
{
	if (noisy_second_start() != 0)
		printf("noisy: vCPU 1 did not start\n");
	printf("noisy: RAM 0x%lx-0x%lx, scratch 0x%lx-0x%lx, floods from %u ms, reboots at %u ms\n",
	       (unsigned long)env->ram_base, (unsigned long)(env->ram_base + env->ram_size),
	       (unsigned long)env->scratch, (unsigned long)env->scratch_end, NOISY_START_MS,
	       NOISY_REBOOT_MS);
	noisy_sleep_until_ms(hartid, NOISY_START_MS);
	for (unsigned k = 0; k < NOISY_REBOOT; k++) {
		noisy_run(env, k, false);
		noisy_sleep_until_ms(hartid, noisy_ms(time_now()) + NOISY_GAP_MS);
	}
	noisy_sleep_until_ms(hartid, NOISY_REBOOT_MS);
	noisy_run(env, NOISY_REBOOT, false);
}

int main(unsigned long hartid, const void *dtb)
{
	static struct noisy_env env;

	time_init(dtb);
	if (hartid != 0 || !noisy_env_init(&env, dtb)) {
		printf("noisy: needs to boot on vCPU 0 with RAM above its image\n");
		return 1;
	}
	switch (noisy_when_now()) {
	case NOISY_FRESH:
		noisy_all(&env, hartid);
		break;
	case NOISY_DURING_FLOODS:
		/* Restarted by Erg or the monitor: the flood it was in is lost. */
		printf("noisy: booted again at %lu ms, during the floods\n",
		       (unsigned long)noisy_ms(time_now()));
		noisy_sleep_until_ms(hartid, NOISY_REBOOT_MS);
		noisy_run(&env, NOISY_REBOOT, false);
		break;
	case NOISY_IN_REBOOTS:
		noisy_run(&env, NOISY_REBOOT, true);
		break;
	case NOISY_AFTER:
		noisy_finish();
	}
	printf("noisy: all phases done\n");
	return 0;
}
