/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Devices Erg itself drives or hands out: the console UART named by
 * /chosen/stdout-path, the PLIC and the virtio-mmio slots. A device that is
 * absent or malformed is left out; boot decides what it can live without.
 */
#include <libfdt.h>
#include <string.h>

#include "lib/fdt_util.h"
#include "platform/platform_parts.h"

static const char *const platform_uart_compatibles[] = {"ns16550a", "ns16550", "snps,dw-apb-uart",
							"sifive,uart0"};
/* The supervisor external interrupt, as a hart's interrupt controller numbers it. */
#define PLATFORM_IRQ_S_EXT 9

static const char *const platform_plic_compatibles[] = {"riscv,plic0", "sifive,plic-1.0.0"};

static const char *platform_match(const void *fdt, int node, const char *const *list, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (fdt_node_check_compatible(fdt, node, list[i]) == 0)
			return list[i];
	return NULL;
}

/* The node stdout-path names, without its ":options" suffix; aliases resolve. */
static int platform_stdout_node(const void *fdt)
{
	int chosen = fdt_path_offset(fdt, "/chosen");
	const char *path = fdt_getprop(fdt, chosen, "stdout-path", NULL);

	if (!path)
		path = fdt_getprop(fdt, chosen, "linux,stdout-path", NULL);
	if (!path)
		return -1;
	return fdt_path_offset_namelen(fdt, path, (int)strcspn(path, ":"));
}

static void platform_parse_uart(const void *fdt, struct platform *p)
{
	struct platform_uart *uart = &p->uart;
	int node = platform_stdout_node(fdt);

	if (node < 0 || !fdt_util_is_enabled(fdt, node))
		return;
	uart->compatible = platform_match(fdt, node, platform_uart_compatibles,
					  ARRAY_SIZE(platform_uart_compatibles));
	if (!uart->compatible || !fdt_util_reg(fdt, node, 0, &uart->base, &uart->size))
		return;
	uart->reg_shift = fdt_util_read_u32_or(fdt, node, "reg-shift", 0);
	uart->reg_io_width = fdt_util_read_u32_or(fdt, node, "reg-io-width", 1);
	uart->clock_hz = fdt_util_read_u32_or(fdt, node, "clock-frequency", 0);
	uart->irq = fdt_util_read_u32_or(fdt, node, "interrupts", 0);
	uart->present =
	    uart->reg_shift <= 3 && (uart->reg_io_width == 1 || uart->reg_io_width == 4);
}

/* The hart whose interrupt controller has this phandle (from /cpus, parsed first), or -1. */
static int64_t platform_intc_hart(const struct platform *p, uint32_t phandle)
{
	for (size_t i = 0; phandle && i < p->hart_count; i++)
		if (p->harts[i].intc_phandle == phandle)
			return (int64_t)p->harts[i].id;
	return -1;
}

/* Which context of the PLIC takes each hart's supervisor external interrupt. */
static void platform_parse_plic_contexts(const void *fdt, int node, struct platform *p)
{
	struct platform_plic *plic = &p->plic;
	int len = 0;
	const fdt32_t *ctx = fdt_getprop(fdt, node, "interrupts-extended", &len);

	for (size_t h = 0; h < ERG_MAX_HARTS; h++)
		plic->s_context[h] = -1;
	for (int i = 0; ctx && i < len / 8; i++) {
		int64_t hart = platform_intc_hart(p, fdt32_to_cpu(ctx[2 * i]));

		if (fdt32_to_cpu(ctx[2 * i + 1]) == PLATFORM_IRQ_S_EXT && hart >= 0 &&
		    hart < ERG_MAX_HARTS)
			plic->s_context[hart] = i;
	}
}

static void platform_parse_plic(const void *fdt, struct platform *p)
{
	struct platform_plic *plic = &p->plic;

	for (size_t i = 0; i < ARRAY_SIZE(platform_plic_compatibles); i++) {
		int node = fdt_node_offset_by_compatible(fdt, -1, platform_plic_compatibles[i]);
		int len = 0;

		if (node < 0 || !fdt_util_is_enabled(fdt, node) ||
		    !fdt_util_reg(fdt, node, 0, &plic->base, &plic->size))
			continue;
		plic->sources = fdt_util_read_u32_or(fdt, node, "riscv,ndev", 0);
		/* Each context is a (cpu-intc phandle, irq) pair of cells. */
		if (fdt_getprop(fdt, node, "interrupts-extended", &len))
			plic->contexts = (uint32_t)len / 8;
		platform_parse_plic_contexts(fdt, node, p);
		plic->present = true;
		return;
	}
}

static void platform_add_virtio(const void *fdt, int node, int parent, void *ctx)
{
	struct platform *p = ctx;
	struct platform_virtio *v = &p->virtio[p->virtio_count];

	if (p->virtio_count == PLATFORM_MAX_VIRTIO || !fdt_util_is_enabled(fdt, node) ||
	    !fdt_util_reg_under(fdt, parent, node, 0, &v->base, &v->size))
		return;
	v->irq = fdt_util_read_u32_or(fdt, node, "interrupts", 0);
	p->virtio_count++;
}

/* Eight or more slots on QEMU's virt: one walk for all, not one per slot. */
static void platform_parse_virtio(const void *fdt, struct platform *p)
{
	fdt_util_for_each_compatible(fdt, "virtio,mmio", platform_add_virtio, p);
}

void platform_parse_devices(const void *fdt, struct platform *p)
{
	platform_parse_uart(fdt, p);
	platform_parse_plic(fdt, p);
	platform_parse_virtio(fdt, p);
}
