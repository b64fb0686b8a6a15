/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * What the firmware's device tree says about the machine: RAM, reserved
 * memory, harts and their ISA, the timebase, the console UART, the PLIC and
 * the virtio-mmio slots, and the boot loader's initrd, which is Erg's archive
 * of guest images. Parsed once at boot; strings point into the DTB, which Erg
 * keeps reserved.
 */
#ifndef CORE_PLATFORM_PLATFORM_H
#define CORE_PLATFORM_PLATFORM_H

#include "mem/mem_map.h"
#include "platform/isa.h"

#define PLATFORM_MAX_RESERVED 16
#define PLATFORM_MAX_VIRTIO   16

struct platform_hart {
	uint64_t id;
	const char *isa_string;
	struct isa_info isa;
	uint32_t intc_phandle; /* its interrupt controller's, 0 when it has none */
};

struct platform_reserved {
	struct mem_range range;
	const char *name; /* node name, or "memreserve" */
};

struct platform_uart {
	bool present;
	const char *compatible;
	paddr_t base;
	uint64_t size;
	uint32_t reg_shift;
	uint32_t reg_io_width;
	uint32_t clock_hz;
	uint32_t irq;
};

struct platform_plic {
	bool present;
	paddr_t base;
	uint64_t size;
	uint32_t sources;		  /* riscv,ndev */
	uint32_t contexts;		  /* entries in interrupts-extended */
	int32_t s_context[ERG_MAX_HARTS]; /* each hart's supervisor context, or -1 */
};

struct platform_virtio {
	paddr_t base;
	uint64_t size;
	uint32_t irq;
};

struct platform {
	const char *model;
	const char *bootargs;
	const void *rng_seed; /* /chosen/rng-seed, if the firmware passed one */
	size_t rng_seed_len;
	/* /chosen/linux,initrd-start and -end: the boot archive; size 0 when none. */
	struct mem_range archive;
	bool archive_ignored; /* the pair was there but did not describe RAM */
	uint64_t timebase_hz;
	struct mem_map ram;
	size_t reserved_count;
	struct platform_reserved reserved[PLATFORM_MAX_RESERVED];
	size_t hart_count;
	size_t harts_ignored; /* enabled harts beyond ERG_MAX_HARTS */
	/* Enabled harts without an MMU (a board's M-mode monitor core): listed, never started. */
	size_t harts_without_mmu;
	uint64_t without_mmu[ERG_MAX_HARTS];
	struct platform_hart harts[ERG_MAX_HARTS];
	struct platform_uart uart;
	struct platform_plic plic;
	size_t virtio_count;
	struct platform_virtio virtio[PLATFORM_MAX_VIRTIO];
	char error[128]; /* why platform_parse failed */
};

/* Fill *p from the DTB at fdt; 0 on success, -1 with p->error set. */
int platform_parse(const void *fdt, struct platform *p);

/* The hart entry for hartid, or NULL. */
const struct platform_hart *platform_hart(const struct platform *p, uint64_t hartid);

#endif
