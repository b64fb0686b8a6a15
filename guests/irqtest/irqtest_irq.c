/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * irqtest's devices and its interrupt handler. The handler claims from the
 * PLIC until a claim returns 0, serves each source (the RTC: acknowledge it
 * on the device before completing, since its line is a level and would
 * raise it again; the UART: drain the receive FIFO) and completes it. It
 * prints nothing: the main flow may be printing, so the handler only
 * records what it saw in irqtest_events.
 */
#include "guest_irq.h"
#include "guest_mmio.h"
#include "irqtest.h"

volatile struct irqtest_events irqtest_events;

static unsigned irqtest_context;

void irqtest_set_threshold(unsigned threshold)
{
	mmio_write32(PLIC_THRESHOLD(irqtest_context), threshold);
}

uint32_t irqtest_threshold(void)
{
	return mmio_read32(PLIC_THRESHOLD(irqtest_context));
}

uint32_t irqtest_enables(void)
{
	return mmio_read32(PLIC_ENABLE(irqtest_context));
}

unsigned irqtest_claim(void)
{
	return mmio_read32(PLIC_CLAIM(irqtest_context));
}

void irqtest_complete(unsigned source)
{
	mmio_write32(PLIC_CLAIM(irqtest_context), source);
}

uint64_t irqtest_rtc_now(void)
{
	uint32_t low = mmio_read32(RTC_TIME_LOW); /* latches TIME_HIGH */

	return (uint64_t)mmio_read32(RTC_TIME_HIGH) << 32 | low;
}

uint64_t irqtest_rtc_arm(uint64_t us)
{
	uint64_t alarm = irqtest_rtc_now() + us * 1000;

	mmio_write32(RTC_ALARM_HIGH, (uint32_t)(alarm >> 32));
	mmio_write32(RTC_ALARM_LOW, (uint32_t)alarm); /* arms it */
	return alarm;
}

static void irqtest_serve_rtc(void)
{
	irqtest_events.rtc_at = irqtest_rtc_now();
	mmio_write32(RTC_CLEAR_INTERRUPT, 1);
	irqtest_events.rtc++;
}

static void irqtest_serve_uart(void)
{
	uint8_t iir = mmio_read8(UART_IIR) & UART_IIR_ID;

	if (iir != UART_IIR_RX && iir != UART_IIR_RX_TMO)
		irqtest_events.uart_bad_iir++;
	while (mmio_read8(UART_LSR) & UART_LSR_DR) {
		unsigned long n = irqtest_events.rx_count;

		irqtest_events.rx[n % IRQTEST_RX_SIZE] = (char)mmio_read8(UART_RBR);
		irqtest_events.rx_count = n + 1;
	}
	if ((mmio_read8(UART_IIR) & UART_IIR_ID) != UART_IIR_NONE)
		irqtest_events.uart_iir_stuck++;
	irqtest_events.uart++;
}

/* Serves one claimed source and completes it. */
static void irqtest_serve(unsigned source)
{
	if (source == PLIC_SOURCE_RTC)
		irqtest_serve_rtc();
	else if (source == PLIC_SOURCE_UART)
		irqtest_serve_uart();
	else
		irqtest_events.other++;
	irqtest_complete(source);
}

static void irqtest_external(void)
{
	unsigned source = irqtest_claim();

	irqtest_events.first_claim = source;
	if (!source)
		irqtest_events.spurious++;
	while (source) {
		unsigned served = source;

		irqtest_serve(served);
		source = irqtest_claim();
		if (served == PLIC_SOURCE_RTC)
			irqtest_events.rtc_next_claim = source;
	}
}

static void irqtest_handler(unsigned long hartid, unsigned long irq)
{
	(void)hartid;
	if (irq == IRQ_S_EXT) {
		irqtest_external();
		return;
	}
	irqtest_events.other++;
	irq_disable(IRQ_BIT(irq)); /* nobody asked for it: no storm */
}

void irqtest_setup(unsigned long hartid)
{
	irqtest_context = (unsigned)hartid;
	irq_install(hartid, irqtest_handler);

	mmio_write32(RTC_IRQ_ENABLED, 0);
	mmio_write32(RTC_CLEAR_ALARM, 1);
	mmio_write32(RTC_CLEAR_INTERRUPT, 1);
	mmio_write32(RTC_IRQ_ENABLED, 1);

	mmio_write32(PLIC_PRIORITY(PLIC_SOURCE_UART), PLIC_PRIORITY_UART);
	mmio_write32(PLIC_PRIORITY(PLIC_SOURCE_RTC), PLIC_PRIORITY_RTC);
	mmio_write32(PLIC_ENABLE(irqtest_context), 1u << PLIC_SOURCE_UART | 1u << PLIC_SOURCE_RTC);
	irqtest_set_threshold(PLIC_THRESHOLD_NONE);

	mmio_write8(UART_FCR, UART_FCR_SETUP);
	mmio_write8(UART_IER, UART_IER_RX);

	irq_enable(IRQ_BIT(IRQ_S_EXT));
	irq_global_enable();
}
