/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Host definitions of the arch hooks in core/ports/arch_hooks.h and of the UART
 * console hook, so core/ links and runs on the build machine, in unit tests
 * and fuzzers alike. A failure is reported through host_fail (host_fail.h).
 */
#include "host_arch.h"

#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "host_fail.h"
#include "lib/hart.h"
#include "mem/page_alloc.h"
#include "ports/arch_hooks.h"
#include "ports/host_irq.h"
#include "ports/uart_console.h"
#include "sched/sched_hart.h"

char host_console_text[8192];
size_t host_console_len;
uint64_t host_time;
uint64_t host_timer_deadline;
unsigned host_timer_programs;
paddr_t host_image_start = 0x80200000, host_image_end = 0x80400000;

void host_console_reset(void)
{
	host_console_len = 0;
	host_console_text[0] = '\0';
}

void arch_early_putchar(char c)
{
	if (host_console_len + 1 < sizeof(host_console_text)) {
		host_console_text[host_console_len++] = c;
		host_console_text[host_console_len] = '\0';
	}
}

bool host_irq_is_waiting;

bool arch_irq_waiting(void)
{
	return host_irq_is_waiting;
}

/* The host has no interrupts to serve: a test's hook plays them (host_arch.h). */
void (*host_take_irqs)(void);

void arch_irq_serve(void)
{
	host_irq_is_waiting = false;
	if (host_take_irqs)
		host_take_irqs();
}

uint64_t arch_time_now(void)
{
	return host_time;
}

void arch_timer_init(bool use_sstc)
{
	(void)use_sstc;
}

void arch_timer_program(uint64_t deadline)
{
	host_timer_deadline = deadline;
	host_timer_programs++;
}

unsigned arch_vmid_bits(void)
{
	return 14;
}

const char *arch_timer_name(void)
{
	return "host";
}

unsigned long arch_irq_save(void)
{
	return 0;
}

void arch_irq_restore(unsigned long state)
{
	(void)state;
}

void arch_irq_enable(void)
{
}

void (*host_wfi_hook)(void);

void arch_wait_for_interrupt(void)
{
	if (host_wfi_hook)
		host_wfi_hook();
}

/* Where the scheduler loop returns to host_hart_until_idle instead of idling. */
static jmp_buf host_idle_exit;

static void host_idle_leave(void)
{
	longjmp(host_idle_exit, 1);
}

void host_hart_until_idle(uint64_t hart)
{
	uint64_t self = hart_self();
	void (*hook)(void) = host_wfi_hook;

	hart_set_self(hart);
	host_wfi_hook = host_idle_leave;
	if (!setjmp(host_idle_exit))
		sched_hart_loop();
	host_wfi_hook = hook;
	hart_set_self(self);
}

long arch_hart_start(uint64_t hartid)
{
	(void)hartid;
	return 0;
}

paddr_t arch_image_start(void)
{
	return host_image_start;
}

paddr_t arch_image_end(void)
{
	return host_image_end;
}

const void *arch_config_blob(void)
{
	return NULL;
}

void arch_selftest_fault(void)
{
}

void arch_hart_halt(void)
{
	abort();
}

void arch_poweroff(void)
{
	abort();
}

bool uart_console_attach(const struct platform_uart *uart)
{
	(void)uart;
	return false;
}

bool uart_console_enable_rx_irq(void)
{
	return false;
}

int uart_console_getc(void)
{
	return -1;
}

bool uart_console_is_input_hart(uint64_t hartid)
{
	(void)hartid;
	return false;
}

bool host_irq_init(const struct platform_plic *plic)
{
	return plic->present;
}

int host_irq_route(unsigned irq, uint64_t hart)
{
	(void)irq;
	(void)hart;
	return 0;
}

void host_irq_unroute(unsigned irq, uint64_t hart)
{
	(void)irq;
	(void)hart;
}

unsigned host_irq_claim(uint64_t hart)
{
	(void)hart;
	return 0;
}

void host_irq_complete(uint64_t hart, unsigned irq)
{
	(void)hart;
	(void)irq;
}

void *host_read_file(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	char *buf = NULL;
	long size;

	if (!f)
		return NULL;
	if (fseek(f, 0, SEEK_END) == 0 && (size = ftell(f)) > 0 && fseek(f, 0, SEEK_SET) == 0) {
		buf = malloc((size_t)size);
		if (buf && fread(buf, 1, (size_t)size, f) != (size_t)size) {
			free(buf);
			buf = NULL;
		}
		if (len)
			*len = (size_t)size;
	}
	fclose(f);
	return buf;
}

void *host_load_test_dtb(const char *name)
{
	const char *dir = getenv("ERG_TEST_DTBS");
	char path[512];
	void *dtb;

	snprintf(path, sizeof(path), "%s/%s", dir ? dir : "build/test-dtbs", name);
	dtb = host_read_file(path, NULL);
	if (!dtb)
		host_fail("cannot read test DTB %s", path);
	return dtb;
}

int host_page_arena(void *arena, size_t size, uint8_t junk)
{
	struct mem_map m;

	memset(arena, junk, size);
	mem_map_init(&m);
	mem_map_add(&m, (paddr_t)(uintptr_t)arena, size);
	return page_alloc_init(&m) == 1 ? 0 : -1;
}
