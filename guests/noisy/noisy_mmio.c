/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Floods of trapped device accesses. The UART is told to interrupt while
 * its transmitter is empty, which it always is, so PLIC source 10 is always
 * pending; toggling the enable words of both vCPUs' contexts then raises
 * and drops the external interrupt line of vCPU 0 (on this hart) and of
 * vCPU 1 (on another) at every store. The MMIO storm mixes loads and stores
 * to the UART and the PLIC with claims and completions. Each access is one
 * short exit; what must not grow is what one exit costs the hart.
 */
#include "guest_mmio.h"
#include "noisy.h"

#define UART_BASE	  0x10000000UL
#define UART_IER	  (UART_BASE + 1)
#define UART_LSR	  (UART_BASE + 5)
#define UART_SCR	  (UART_BASE + 7)
#define UART_IER_THRE	  0x02
#define UART_IRQ	  10
#define PLIC_BASE	  0x0c000000UL
#define PLIC_PRIORITY(s)  (PLIC_BASE + 4UL * (s))
#define PLIC_ENABLE(c, w) (PLIC_BASE + 0x2000UL + 0x80UL * (c) + 4UL * (w))
#define PLIC_THRESHOLD(c) (PLIC_BASE + 0x200000UL + 0x1000UL * (c))
#define PLIC_CLAIM(c)	  (PLIC_THRESHOLD(c) + 4)
#define PLIC_WORDS	  2  /* enable words of sources 0..63 */
#define NOISY_BURST	  64 /* accesses between two looks at the clock */

/* Source 10 pending for good, at priority 1, seen by contexts of threshold 0. */
static void noisy_uart_irq_on(void)
{
	mmio_write32(PLIC_PRIORITY(UART_IRQ), 1);
	for (unsigned c = 0; c < NOISY_VCPUS; c++)
		mmio_write32(PLIC_THRESHOLD(c), 0);
	mmio_write8(UART_IER, UART_IER_THRE);
}

static void noisy_enables(uint32_t value)
{
	for (unsigned c = 0; c < NOISY_VCPUS; c++)
		for (unsigned w = 0; w < PLIC_WORDS; w++)
			mmio_write32(PLIC_ENABLE(c, w), value);
}

void noisy_plic(struct noisy_env *env)
{
	noisy_uart_irq_on();
	do {
		for (unsigned i = 0; i < NOISY_BURST; i++)
			noisy_enables(i & 1 ? 0 : ~0u);
		env->rounds++;
	} while (noisy_more(env));
	noisy_enables(0);
	mmio_write8(UART_IER, 0);
}

/* One burst of loads, stores, claims and completions; the sum keeps the loads. */
static uint32_t noisy_mmio_burst(void)
{
	uint32_t sum = 0;

	for (unsigned i = 0; i < NOISY_BURST; i++) {
		uint32_t id;

		sum += mmio_read8(UART_LSR);
		mmio_write8(UART_SCR, (uint8_t)i);
		sum += mmio_read32(PLIC_PRIORITY(UART_IRQ));
		mmio_write32(PLIC_PRIORITY(UART_IRQ), 1 + (i & 3));
		id = mmio_read32(PLIC_CLAIM(0));
		if (id)
			mmio_write32(PLIC_CLAIM(0), id);
	}
	return sum;
}

void noisy_mmio(struct noisy_env *env)
{
	uint32_t sum = 0;

	noisy_uart_irq_on();
	mmio_write32(PLIC_ENABLE(0, 0), 1u << UART_IRQ);
	do {
		sum += noisy_mmio_burst();
		env->rounds++;
	} while (noisy_more(env));
	mmio_write32(PLIC_ENABLE(0, 0), 0);
	mmio_write8(UART_IER, 0);
	noisy_note(env, "%u accesses per round, sum 0x%x", NOISY_BURST * 6, sum);
}
