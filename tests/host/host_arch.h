/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Host stand-ins for the arch hooks, with knobs unit tests and fuzzers turn.
 */
#ifndef TESTS_HOST_HOST_ARCH_H
#define TESTS_HOST_HOST_ARCH_H

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
/* What serving them does (arch_irq_serve); they stop waiting then. */
extern void (*host_take_irqs)(void);
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

#include "ports/virt_backend.h"
/* Where the host vcpu_arch_trap_wfi keeps its answer: regs.hstatus, as the H back end does. */
#define HOST_HSTATUS_VTW (1UL << 21)
/* Interrupt bits the host vcpu_arch_irq_pending treats as disabled by the guest. */
extern unsigned long host_masked_irqs;
/* The one instruction the host vcpu_arch_emulate_insn answers (0: none), as a counter read. */
extern uint32_t host_emulated_insn;

/*
 * Exits the host vcpu_arch_run takes in turn, as if the guest had trapped
 * so (up to HOST_EXITS_MAX): each gets the guest's pc and is offered to the
 * fast lane first, as the back end's exit path does; the first one the lane
 * declines is returned, completed as the back end completes it (an unsaved
 * register filled in). With none left, a run reports an OTHER exit: no
 * guest runs on the host.
 */
#define HOST_EXITS_MAX 16
void host_exits_reset(void);
void host_exit_queue(const struct vcpu_exit *exit);
/* How many queued exits the runs have taken. */
extern unsigned host_exits_taken;

/*
 * Run hart's scheduler loop (sched_hart_loop) until it has nothing to run:
 * its queued vCPUs run their slices, and where the loop would idle it
 * returns here instead.
 */
void host_hart_until_idle(uint64_t hart);

/* Read a whole file into a malloc'd buffer (NULL on failure). */
void *host_read_file(const char *path, size_t *len);

/* Read $ERG_TEST_DTBS/<name>; host_fail when it is missing. */
void *host_load_test_dtb(const char *name);

#endif
