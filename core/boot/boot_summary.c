/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The boot summary: one [erg] line per fact a person checks first when a
 * board does not come up as expected.
 */
#include <stdio.h>

#include "boot/boot.h"
#include "console/console.h"
#include "vm/vmid.h"

static void boot_summary_ram(const struct platform *p)
{
	for (size_t i = 0; i < p->ram.count; i++) {
		const struct mem_range *r = &p->ram.range[i];

		console_log("RAM 0x%08llx-0x%08llx (%llu MiB)", (unsigned long long)r->base,
			    (unsigned long long)(r->base + r->size - 1),
			    (unsigned long long)(r->size >> 20));
	}
}

static void boot_summary_harts(const struct platform *p)
{
	char ids[CONSOLE_LINE_MAX] = "";
	size_t used = 0;

	for (size_t i = 0; i < p->hart_count && used < sizeof(ids); i++)
		used += (size_t)snprintf(ids + used, sizeof(ids) - used, "%s%llu", i ? " " : "",
					 (unsigned long long)p->harts[i].id);
	console_log("harts: %zu (ids %s), timebase %llu Hz", p->hart_count, ids,
		    (unsigned long long)p->timebase_hz);
	if (p->harts_ignored)
		console_log("harts: %zu more beyond Erg's limit of %d stay parked",
			    p->harts_ignored, ERG_MAX_HARTS);
	for (size_t i = 0; i < p->harts_without_mmu; i++)
		console_log("hart %llu left alone: no MMU, so no S-mode for Erg (a monitor core)",
			    (unsigned long long)p->without_mmu[i]);
}

static void boot_summary_isa(const struct platform *p, uint64_t boot_hart)
{
	const struct platform_hart *hart = platform_hart(p, boot_hart);

	console_log("extensions: H %s, Sstc %s (riscv,isa %s)",
		    isa_has_letter(&hart->isa, 'h') ? "yes" : "no",
		    hart->isa.multi & ISA_EXT_SSTC ? "yes" : "no", hart->isa_string);
	if (isa_has_letter(&hart->isa, 'h'))
		console_log("VMIDLEN %u: up to %u guests with a VMID of their own", vmid_bits(),
			    (1u << vmid_bits()) - 1);
}

static void boot_summary_virtio(const struct platform *p)
{
	paddr_t low = UINT64_MAX, high = 0;

	for (size_t i = 0; i < p->virtio_count; i++) {
		const struct platform_virtio *v = &p->virtio[i];

		low = v->base < low ? v->base : low;
		high = v->base + v->size > high ? v->base + v->size : high;
	}
	if (p->virtio_count)
		console_log("virtio-mmio: %zu slots in 0x%08llx-0x%08llx", p->virtio_count,
			    (unsigned long long)low, (unsigned long long)(high - 1));
}

static void boot_summary_devices(const struct platform *p)
{
	const struct platform_uart *u = &p->uart;

	if (u->present)
		console_log("UART: %s at 0x%08llx, reg-shift %u, reg-io-width %u, irq %u",
			    u->compatible, (unsigned long long)u->base, u->reg_shift,
			    u->reg_io_width, u->irq);
	if (p->plic.present)
		console_log("PLIC: 0x%08llx, %u sources, %u contexts",
			    (unsigned long long)p->plic.base, p->plic.sources, p->plic.contexts);
	else
		console_log("PLIC: none");
	boot_summary_virtio(p);
}

static void boot_summary_archive(const struct platform *p)
{
	if (p->archive.size)
		console_log(
		    "boot archive: 0x%08llx-0x%08llx (%llu bytes) from /chosen/linux,initrd-*",
		    (unsigned long long)p->archive.base,
		    (unsigned long long)(p->archive.base + p->archive.size - 1),
		    (unsigned long long)p->archive.size);
	else if (p->archive_ignored)
		console_log("boot archive: /chosen/linux,initrd-* ignored (not a range in RAM)");
}

void boot_summary_print(const struct platform *p, uint64_t boot_hart)
{
	console_log("machine: %s", p->model ? p->model : "(no model)");
	boot_summary_ram(p);
	boot_summary_harts(p);
	boot_summary_isa(p, boot_hart);
	boot_summary_devices(p);
	boot_summary_archive(p);
}
