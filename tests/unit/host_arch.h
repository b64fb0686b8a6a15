/*
 * Host stand-ins for the arch hooks, with knobs the unit tests turn.
 */
#ifndef TESTS_UNIT_HOST_ARCH_H
#define TESTS_UNIT_HOST_ARCH_H

#include "lib/types.h"

/*
 * Hand the page allocator one host buffer of size bytes as its only free
 * memory, filled with junk first (the allocator writes its bitmap over it).
 */
int host_page_arena(void *arena, size_t size, uint8_t junk);

/* Everything written to the early console, NUL-terminated. */
extern char host_console_text[8192];
extern size_t host_console_len;
void host_console_reset(void);

/* The time arch_time_now returns, and the last deadline programmed. */
extern uint64_t host_time;
/* What arch_irq_waiting answers. */
extern bool host_irq_is_waiting;
extern uint64_t host_timer_deadline;
extern unsigned host_timer_programs;

/*
 * Called by arch_wait_for_interrupt when set: the test plays the interrupt
 * that ends the wait (or leaves the loop that waits).
 */
extern void (*host_wfi_hook)(void);

/* What arch_image_start/end report. */
extern paddr_t host_image_start, host_image_end;

/* Harts arch_hart_kick was asked to interrupt (bit per hart), and IPI clears. */
extern uint64_t host_kicked_harts;
extern unsigned host_ipi_clears;

/* What the host vcpu_arch_decode_mmio reports (see host_vcpu.c). */
#include "ports/virt_backend.h"
extern unsigned long host_masked_irqs;
extern struct vcpu_mmio host_decode;
extern enum vcpu_decode host_decode_result;

/* Read a whole file into a malloc'd buffer (NULL on failure). */
void *host_read_file(const char *path, size_t *len);

/* Read $ERG_TEST_DTBS/<name>, failing the test when it is missing. */
void *host_load_test_dtb(const char *name);

#endif
