/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Shared fixture for the exit path's unit tests (test_vcpu_exit.c,
 * test_vcpu_mmio.c, test_vcpu_run.c): the guest "sbit" of guest_fixture.h
 * with vCPU 0 at PC, a probe device in its MMIO map, and exits built as the
 * back end decodes them. The probe reads as all 64 bits of probe.reads_as
 * whatever the width (completing a load must cut and extend it) and records
 * each access; with probe.refuse it defines none.
 *
 * Header-only, as the other fixtures: every test_*.c is its own binary and
 * includes this once, so its static state belongs to that binary alone.
 */
#ifndef TESTS_UNIT_EXIT_FIXTURE_H
#define TESTS_UNIT_EXIT_FIXTURE_H

#include <stdio.h>

#include "console/console.h"
#include "dev/mmio_map.h"
#include "guest_fixture.h"

#define PROBE_GPA  0x10000000UL
#define PROBE_SIZE 0x100

/* Architectural causes, for messages only. */
#define CAUSE_ECALL_VS	   10
#define CAUSE_LOAD_FAULT   21
#define CAUSE_STORE_FAULT  23
#define CAUSE_VIRTUAL_INSN 22
#define CAUSE_BREAKPOINT   3

/* Interrupts pending in hvip, as the host stand-in raises them. */
#define TIMER_IRQ_PENDING 1UL
#define SOFT_IRQ_PENDING  2UL
#define EXT_IRQ_PENDING	  0x400UL

/* Registers by number. */
#define REG_A0 10
#define REG_A1 11
#define REG_A4 14
#define REG_A5 15
#define REG_S1 9

static struct probe {
	uint64_t reads_as;
	bool refuse;
	unsigned accesses;
	uint64_t offset; /* the last access */
	unsigned width;
	bool write;
	uint64_t value; /* what the last write passed */
} probe;

static int probe_access(uint64_t offset, unsigned width, bool write, uint64_t value)
{
	probe.accesses++;
	probe.offset = offset;
	probe.width = width;
	probe.write = write;
	probe.value = value;
	return probe.refuse ? -1 : 0;
}

static int probe_read(void *dev, uint64_t offset, unsigned width, uint64_t *value)
{
	(void)dev;
	*value = probe.reads_as;
	return probe_access(offset, width, false, 0);
}

static int probe_write(void *dev, uint64_t offset, unsigned width, uint64_t value)
{
	(void)dev;
	return probe_access(offset, width, true, value);
}

static const struct mmio_ops probe_ops = {probe_read, probe_write};

/* A fresh guest (guest_fixture.h), vCPU 0 at PC and the probe in its map. */
static inline int exit_setup(void **state)
{
	setup(state);
	V0->arch.regs.sepc = PC;
	probe = (struct probe){.reads_as = 0x8877665544332211ULL};
	return mmio_map_add(&tvm.mmio, PROBE_GPA, PROBE_SIZE, &probe_ops, &probe, "probe");
}

/* The same, vCPU 0 with its hart to itself, as its scheduler gives it when nothing else is queued.
 */
static inline int exit_alone_setup(void **state)
{
	exit_setup(state);
	host_hart_until_idle(HART0);
	return 0;
}

/* An exit of kind at PC with no more to it (SBI calls, WFI, interrupts). */
static inline struct vcpu_exit exit_of(enum vcpu_exit_kind kind, uint64_t cause)
{
	return (struct vcpu_exit){.kind = kind, .cause = cause, .pc = PC};
}

/* A load of width bytes at gpa into reg by a len-byte instruction, decoded. */
static inline struct vcpu_exit load_exit(uint64_t gpa, unsigned width, bool sign, unsigned reg,
					 unsigned len)
{
	struct vcpu_exit e = exit_of(VCPU_EXIT_GUEST_FAULT, CAUSE_LOAD_FAULT);

	e.gpa = gpa;
	e.access = VCPU_ACCESS_READ;
	e.mem = (struct vcpu_exit_mem){.len = len, .width = width, .sign_extend = sign, .reg = reg};
	return e;
}

/* A 4-byte store of width bytes of value (as register reg held it) at gpa, decoded. */
static inline struct vcpu_exit store_exit(uint64_t gpa, unsigned width, unsigned reg,
					  uint64_t value)
{
	struct vcpu_exit e = exit_of(VCPU_EXIT_GUEST_FAULT, CAUSE_STORE_FAULT);

	e.gpa = gpa;
	e.access = VCPU_ACCESS_WRITE;
	e.mem = (struct vcpu_exit_mem){.len = 4, .width = width, .reg = reg, .value = value};
	return e;
}

/* The guest stopped (guest_fixture.h), its first line saying why (a crash under "halt" says so). */
static inline void expect_crashed(const char *why)
{
	char line[CONSOLE_LINE_MAX + 32];

	snprintf(line, sizeof(line), "[erg] guest " FIXTURE_GUEST " stopped: %s\n", why);
	expect_stopped(line);
}

#endif
