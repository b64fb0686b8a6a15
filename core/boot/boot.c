/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Boot hart sequence: parse the firmware DTB, move the console to the UART,
 * pick the virtualization back end, carve free memory, bring up the
 * other harts and start the tick everywhere.
 */
#include "boot/boot.h"

#include <libfdt.h>
#include <stdarg.h>
#include <stdio.h>

#include "boot/boot_memory.h"
#include "boot/bootargs.h"
#include "boot/selftest_devices.h"
#include "console/console.h"
#include "dev/irq_external.h"
#include "lib/hart.h"
#include "mem/page_alloc.h"
#include "ports/arch_hooks.h"
#include "ports/host_devices.h"
#include "ports/host_disk.h"
#include "ports/uart_console.h"
#include "sched/sched_hart.h"
#include "sched/tick.h"
#include "vcpu/vcpu.h"
#include "vm/guests.h"
#include "vm/vmid.h"

static struct platform boot_platform;

/* A machine Erg cannot run on: say why in one line and power off. */
static void __attribute__((noreturn, format(printf, 1, 2))) boot_refuse(const char *fmt, ...)
{
	char why[CONSOLE_LINE_MAX];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(why, sizeof(why), fmt, ap);
	va_end(ap);
	console_log("error: %s; stopping", why);
	console_flush();
	arch_poweroff();
}

static void boot_console(const struct platform *p)
{
	if (!p->uart.present || !uart_console_attach(&p->uart))
		console_log("no usable UART in /chosen/stdout-path; console stays on SBI");
}

/* The back end follows what the hart does, not what the DTB says: the log names both. */
static void boot_check_hart(const struct platform *p, uint64_t hartid)
{
	const struct platform_hart *hart = platform_hart(p, hartid);

	if (!hart)
		boot_refuse("boot hart %llu is not in the DTB's /cpus", (unsigned long long)hartid);
	console_log("virtualization: %s; riscv,isa \"%s\"", vcpu_arch_select(), hart->isa_string);
}

/*
 * VMIDLEN, from the boot hart (harts of one machine are alike). QEMU
 * implements all 14 bits; erg.vmidlen=0 lets a test run the shared-VMID path.
 */
static void boot_vmids(const struct platform *p)
{
	unsigned bits = arch_vmid_bits();

	if (bootargs_has(p->bootargs, "erg.vmidlen=0"))
		bits = 0;
	vmid_set_bits(bits);
}

static void boot_memory(const struct platform *p, paddr_t dtb)
{
	struct mem_map free;

	if (boot_memory_carve(p, dtb, fdt_totalsize((const void *)(uintptr_t)dtb), &free))
		boot_refuse("memory map has too many pieces");
	if (!page_alloc_init(&free))
		boot_refuse("no free RAM left for guests");
	console_log("free memory: %llu MiB in %zu ranges",
		    (unsigned long long)(page_alloc_free_pages() * PAGE_SIZE >> 20), free.count);
}

static bool boot_all_harts_have_sstc(const struct platform *p)
{
	for (size_t i = 0; i < p->hart_count; i++)
		if (!(p->harts[i].isa.multi & ISA_EXT_SSTC))
			return false;
	return true;
}

/* What the back end can give guests, of what every hart has. */
static struct isa_offer boot_guest_offer(const struct platform *p)
{
	struct isa_offer offer = vcpu_arch_guest_offer();

	offer.sstc &= boot_all_harts_have_sstc(p);
	for (size_t i = 0; i < p->hart_count; i++) {
		offer.vector &= isa_has_letter(&p->harts[i].isa, 'v');
		offer.svpbmt &= (p->harts[i].isa.multi & ISA_EXT_SVPBMT) != 0;
	}
	return offer;
}

static void boot_guests(const struct platform *p)
{
	const void *config = arch_config_blob();
	struct isa_offer offer = boot_guest_offer(p);
	unsigned running;

	console_log("guests get: Sstc %s, V %s, Svpbmt %s", offer.sstc ? "yes" : "no",
		    offer.vector ? "yes" : "no", offer.svpbmt ? "yes" : "no");
	running = guests_create(config, p, &offer);

	console_log("config %s: %u guest%s ready", ERG_CONFIG_NAME, running,
		    running == 1 ? "" : "s");
}

/* Disks complete their requests through their interrupts, taken on this hart (and each tick). */
static void boot_disk_irqs(void)
{
	for (unsigned i = 0; i < host_disk_count(); i++) {
		unsigned irq = host_disk_irq(i);

		if (!irq || irq_external_own(irq, host_disk_poll))
			console_log(
			    "disk %u: interrupt %u not routed; completions taken at each tick", i,
			    irq);
	}
}

void boot_main(uint64_t hartid, paddr_t dtb)
{
	const struct platform *p = &boot_platform;

	hart_set_self(hartid);
	console_log("Erg %s starting on hart %llu, firmware DTB at 0x%llx", ERG_VERSION,
		    (unsigned long long)hartid, (unsigned long long)dtb);
	if (platform_parse((const void *)(uintptr_t)dtb, &boot_platform))
		boot_refuse("firmware DTB at 0x%llx: %s", (unsigned long long)dtb, p->error);
	boot_console(p);
	boot_check_hart(p, hartid);
	boot_vmids(p);
	boot_summary_print(p, hartid);
	boot_memory(p, dtb);
	host_devices_probe(p);
	arch_timer_init(boot_all_harts_have_sstc(p));
	irq_external_init(p);
	boot_disk_irqs();
	boot_guests(p);
	hart_report_online();
	boot_start_harts(p, hartid);
	console_log("timer: %s, tick %d Hz on every hart", arch_timer_name(), TICK_HZ);
	if (bootargs_has(p->bootargs, "erg.selftest=disk"))
		selftest_disk();
	if (bootargs_has(p->bootargs, "erg.selftest=rng"))
		selftest_rng();
	if (bootargs_has(p->bootargs, "erg.selftest=fault")) {
		console_log("selftest: faulting on purpose to show the panic path");
		arch_selftest_fault();
	}
	console_log("ready");
	tick_start(p->timebase_hz);
	sched_hart_loop();
}

void boot_secondary_main(uint64_t hartid, bool misdirected)
{
	hart_set_self(hartid);
	if (misdirected)
		console_log("hart %llu: the firmware started it at the boot entry; it runs as a "
			    "secondary hart",
			    (unsigned long long)hartid);
	hart_report_online();
	tick_start(boot_platform.timebase_hz);
	sched_hart_loop();
}
