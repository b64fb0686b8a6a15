/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The panic dump for an unexpected trap in HS-mode: the cause by name, the
 * faulting pc and value, and all registers, so a bug report carries what is
 * needed to find it.
 */
#include <stdio.h>

#include "console/console.h"
#include "csr.h"
#include "lib/panic.h"
#include "trap.h"

static const char *const trap_exception_names[] = {
    "instruction address misaligned",
    "instruction access fault",
    "illegal instruction",
    "breakpoint",
    "load address misaligned",
    "load access fault",
    "store/AMO address misaligned",
    "store/AMO access fault",
    "environment call from U/VU-mode",
    "environment call from HS-mode",
    "environment call from VS-mode",
    "environment call from M-mode",
    "instruction page fault",
    "load page fault",
    "reserved",
    "store/AMO page fault",
    "reserved",
    "reserved",
    "reserved",
    "reserved",
    "instruction guest-page fault",
    "load guest-page fault",
    "virtual instruction",
    "store/AMO guest-page fault",
};

static const char *const trap_reg_names[32] = {
    "zero", "ra", "sp", "gp", "tp",  "t0",  "t1", "t2", "s0", "s1", "a0",
    "a1",   "a2", "a3", "a4", "a5",  "a6",  "a7", "s2", "s3", "s4", "s5",
    "s6",   "s7", "s8", "s9", "s10", "s11", "t3", "t4", "t5", "t6",
};

static const char *trap_cause_name(unsigned long scause)
{
	unsigned long code = SCAUSE_CODE(scause);

	if (scause & SCAUSE_INTERRUPT)
		return "unexpected interrupt";
	if (code < sizeof(trap_exception_names) / sizeof(trap_exception_names[0]))
		return trap_exception_names[code];
	return "unknown exception";
}

static void trap_dump_registers(const struct trap_frame *frame)
{
	for (int i = 0; i < 32; i += 4) {
		char line[CONSOLE_LINE_MAX];
		int used = 0;

		for (int j = i; j < i + 4; j++)
			used += snprintf(line + used, sizeof(line) - (size_t)used, "%s%4s 0x%016lx",
					 j > i ? "  " : "", trap_reg_names[j],
					 j ? frame->regs[j] : 0UL);
		console_log("  %s", line);
	}
}

void trap_panic(const struct trap_frame *frame)
{
	console_log("unexpected trap in Erg: cause %lu (%s), epc 0x%016lx, tval 0x%016lx",
		    SCAUSE_CODE(frame->scause), trap_cause_name(frame->scause), frame->sepc,
		    frame->stval);
	console_log("  sstatus 0x%016lx scause 0x%016lx", frame->sstatus, frame->scause);
	trap_dump_registers(frame);
	panic("unexpected trap (cause %lu) at 0x%lx", SCAUSE_CODE(frame->scause), frame->sepc);
}
