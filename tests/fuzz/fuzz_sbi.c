/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * libFuzzer harness for SBI dispatch (core/sbi*.c) and what the extensions
 * reach: HSM starts and suspends, timers, IPIs and fences, the debug console,
 * shutdown and reboot, system suspend, steal-time records, firmware features. It is linked with all
 * of core/ and the host stand-ins (tests/host/host_*.c), and builds its guest by hand as
 * tests/unit/guest_fixture.h does: "sbit", 4 vCPUs, RAM in two regions, each a
 * heap block of exactly its size, so an access outside them is an ASan
 * error. A second guest, "keeper", made by guests_create from a config built
 * here, keeps running so that stopping sbit never powers the machine off.
 *
 * Each input is a run of ecalls; before each, a few bytes of console input
 * may arrive. Only a running vCPU of a running guest makes one; a vCPU that
 * was started begins afresh first, as the run loop would start it, and does
 * the requests others left it; a suspended one makes none until an
 * interrupt is pending for it (an IPI), and then resumes first, after its
 * call or, non-retentive, at its resume address with a0/a1 as at a fresh
 * start. Checked after each call:
 *  - a0 is an SBI error code (legacy calls: 0, NOT_SUPPORTED or a console
 *    byte, and a1 untouched), the pc moved past the ecall;
 *  - extension results: probes say 0 or 1, HSM status a known state, DBCN
 *    writes take all bytes up to the bound and reads give the console input
 *    in order, a timer set keeps its deadline, a steal-time record lies
 *    64-byte aligned in RAM;
 *  - every vCPU and the guest are in a known state, a stopped guest has
 *    every vCPU stopped, the keeper still runs.
 *
 * Input: records of REC_LEN bytes.
 *   0      extension: an index into eids[], or (the last) eid = raw arg 5
 *   1      fid; 0xf0..0xff are -16..-1
 *   2      bits 1:0 the calling vCPU; bits 7:2 console bytes to arrive first
 *   3..4   little-endian: two bits per argument, SHAPE_*
 *   5..52  six raw 64-bit arguments, little-endian
 */
#include <assert.h>
#include <libfdt.h>
#include <stdlib.h>
#include <string.h>

#include "host_arch.h"
#include "lib/erg_bounds.h"
#include "lib/hart.h"
#include "mem/mem_map.h"
#include "mem/page_alloc.h"
#include "sbi/sbi.h"
#include "vm/guests.h"
#include "vm/vm_console.h"

#define REC_LEN 53
#define NVCPUS	4
#define HART0	8 /* vCPU i runs on hart HART0 + i */
#define PC	0x80000800UL

#define RAM0_GPA  0x80000000UL
#define RAM0_SIZE 0x20000UL /* the guest DTB takes the top 64 KiB at a reboot */
#define RAM1_GPA  0x90000000UL
#define RAM1_SIZE 0x2000UL
#define SLACK	  32 /* region-relative arguments reach this far past either end */

enum { SHAPE_RAW, SHAPE_SMALL, SHAPE_RAM0, SHAPE_RAM1 };

#define EID_BASE       0x10UL
#define EID_TIME       0x54494d45UL
#define EID_IPI	       0x735049UL
#define EID_RFENCE     0x52464e43UL
#define EID_HSM	       0x48534dUL
#define EID_SRST       0x53525354UL
#define EID_DBCN       0x4442434eUL
#define EID_SUSP       0x53555350UL
#define EID_STA	       0x535441UL
#define EID_FWFT       0x46574654UL
#define EID_LEGACY_MAX 0x0fUL

/* Functions whose results are checked, by the SBI specification's numbers. */
#define BASE_PROBE_EXT 3
#define HSM_STATUS     2
#define HSM_SUSPEND    3
#define DBCN_WRITE     0
#define DBCN_READ      1
#define LEGACY_GETCHAR 0x02UL

#define REG_A0	     10 /* a0..a5 the arguments, a6 fid, a7 eid; a0/a1 the result */
#define REG_A1	     11
#define VCPU_REQ_ALL 0xfu

static const unsigned long eids[] = {
    0x00,	0x01,	  0x02,	   0x05,       0x08,	0x0f,
    EID_BASE,	EID_TIME, EID_IPI, EID_RFENCE, EID_HSM, EID_SRST,
    EID_DBCN,	EID_SUSP, EID_STA, EID_FWFT,   0x11,	0x504d55 /* PMU */,
    0x0a000000, ~0UL,
};

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerInitialize(int *argc, char ***argv);

static struct platform plat;
static struct config_guest tcfg = {.name = "sbit",
				   .vcpus = NVCPUS,
				   .region_count = 2,
				   .regions = {{RAM0_GPA, RAM0_SIZE, 0}, {RAM1_GPA, RAM1_SIZE, 0}},
				   .entry_gpa = RAM0_GPA,
				   .slice_us = CONFIG_SLICE_US_DEFAULT};
static struct vm tvm;
static uint8_t *ram0, *ram1;
static unsigned input_sent, input_taken; /* console bytes accepted and read, this input */

/* The config of the keeper: one vCPU on hart 0, 1 MiB, a kernel that spins. */
static void *fuzz_keeper_config(void)
{
	const fdt32_t memory[4] = {0, cpu_to_fdt32(0x80000000), 0, cpu_to_fdt32(0x100000)};
	static const uint8_t kernel[4] = {0x6f, 0, 0, 0};
	static _Alignas(8) uint8_t blob[1024];
	int err = fdt_create(blob, sizeof(blob));

	err |= fdt_finish_reservemap(blob);
	err |= fdt_begin_node(blob, "");
	err |= fdt_property_string(blob, "compatible", CONFIG_COMPATIBLE);
	err |= fdt_begin_node(blob, "guests");
	err |= fdt_begin_node(blob, "keeper");
	err |= fdt_property_u32(blob, "vcpus", 1);
	err |= fdt_property_u32(blob, "harts", 0);
	err |= fdt_property(blob, "memory", memory, sizeof(memory));
	err |= fdt_property(blob, "kernel", kernel, sizeof(kernel));
	err |= fdt_end_node(blob);
	err |= fdt_end_node(blob);
	err |= fdt_end_node(blob);
	err |= fdt_finish(blob);
	assert(!err);
	return blob;
}

/* Harts 0..11 of a machine with a 10 MHz timebase; the test vCPUs' harts are up. */
static void fuzz_platform(void)
{
	plat.timebase_hz = 10000000;
	plat.hart_count = HART0 + NVCPUS;
	for (size_t h = 0; h < plat.hart_count; h++)
		plat.harts[h] = (struct platform_hart){.id = h, .isa_string = "rv64imafdch_zicsr"};
	for (uint64_t h = HART0; h < HART0 + NVCPUS; h++) {
		hart_set_self(h);
		hart_report_online();
	}
	hart_set_self(0);
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	void *arena = aligned_alloc(MIB(2), MIB(8));

	(void)argc;
	(void)argv;
	ram0 = malloc(RAM0_SIZE);
	ram1 = malloc(RAM1_SIZE);
	assert(arena && ram0 && ram1);
	if (host_page_arena(arena, MIB(8), 0))
		abort();
	fuzz_platform();
	assert(guests_create(fuzz_keeper_config(), &plat, &(struct isa_offer){0}) == 1);
	return 0;
}

/* A fresh sbit: vCPU 0 running, the others stopped, RAM zero. */
static void fuzz_reset(void)
{
	struct sched_entity keep[NVCPUS];

	/* Entities stay on the harts' run queues across inputs: keep them as they are. */
	for (unsigned i = 0; i < NVCPUS; i++)
		keep[i] = tvm.vcpus[i].sched;
	memset(&tvm, 0, sizeof(tvm));
	memset(ram0, 0, RAM0_SIZE);
	memset(ram1, 0, RAM1_SIZE);
	tvm.config = &tcfg;
	tvm.platform = &plat;
	tvm.index = 1;
	tvm.state = VM_RUNNING;
	tvm.region_count = 2;
	tvm.regions[0] =
	    (struct vm_region){.gpa = RAM0_GPA, .size = RAM0_SIZE, .hpa = (paddr_t)(uintptr_t)ram0};
	tvm.regions[1] =
	    (struct vm_region){.gpa = RAM1_GPA, .size = RAM1_SIZE, .hpa = (paddr_t)(uintptr_t)ram1};
	tvm.vcpu_count = NVCPUS;
	for (unsigned i = 0; i < NVCPUS; i++) {
		struct vcpu *v = &tvm.vcpus[i];

		v->vm = &tvm;
		v->id = i;
		v->hart = HART0 + i;
		v->state = i ? VCPU_STOPPED : VCPU_RUNNING;
		v->arch.csrs.vstimecmp = UINT64_MAX;
		v->sched = keep[i];
	}
	host_console_reset();
	host_kicked_harts = 0;
	input_sent = input_taken = 0;
}

/* The byte the n-th accepted console input is. */
static char fuzz_input_byte(unsigned n)
{
	return (char)('a' + n % 26);
}

static void fuzz_console_input(unsigned count)
{
	for (unsigned i = 0; i < count; i++) {
		bool room = input_sent - input_taken < VM_INPUT_MAX;

		vm_console_input(&tvm, fuzz_input_byte(input_sent));
		input_sent += room;
	}
}

static uint64_t fuzz_le64(const uint8_t *p)
{
	uint64_t v;

	memcpy(&v, p, sizeof(v));
	return v;
}

static unsigned long fuzz_arg(unsigned shape, const uint8_t *raw)
{
	uint64_t v = fuzz_le64(raw);

	switch (shape) {
	case SHAPE_SMALL:
		return (unsigned long)(long)(int8_t)raw[0];
	case SHAPE_RAM0:
		return RAM0_GPA - SLACK + v % (RAM0_SIZE + 2 * SLACK);
	case SHAPE_RAM1:
		return RAM1_GPA - SLACK + v % (RAM1_SIZE + 2 * SLACK);
	default:
		return v;
	}
}

static void fuzz_read_call(const uint8_t *rec, struct sbi_call *call)
{
	unsigned shapes = rec[3] | rec[4] << 8;

	for (unsigned i = 0; i < 6; i++)
		call->args[i] = fuzz_arg(shapes >> (2 * i) & 3, rec + 5 + 8 * i);
	call->eid = rec[0] % (ARRAY_SIZE(eids) + 1) < ARRAY_SIZE(eids)
			? eids[rec[0] % (ARRAY_SIZE(eids) + 1)]
			: fuzz_le64(rec + 5 + 8 * 5);
	call->fid = rec[1] < 0xf0 ? rec[1] : (unsigned long)(long)(int8_t)rec[1];
}

/* A suspended v that resumed: after its call, or afresh at its resume address. */
static void fuzz_check_resume(const struct vcpu *v, struct vcpu_suspend was)
{
	if (was.retentive) {
		assert(v->arch.regs.sepc == PC + 4 && vcpu_arch_reg(&v->arch, REG_A0) == 0);
		return;
	}
	assert(v->arch.regs.sepc == was.addr && vcpu_arch_reg(&v->arch, REG_A0) == v->id);
	assert(vcpu_arch_reg(&v->arch, REG_A1) == was.opaque);
}

/*
 * The run loop's part before v enters the guest: a start begins afresh;
 * requests are done; a suspended v resumes if it can. Whether v runs.
 */
static bool fuzz_enter(struct vcpu *v)
{
	struct vcpu_suspend was = v->suspend;

	if (v->state == VCPU_START_PENDING) {
		v->requests = 0;
		vcpu_restart(v, v->start_addr, v->start_opaque);
		v->state = VCPU_RUNNING;
	}
	vcpu_process_requests(v);
	if (v->state != VCPU_SUSPENDED)
		return true;
	if (!vcpu_suspend_ready(v))
		return false;
	fuzz_check_resume(v, was);
	return true;
}

static void fuzz_ecall(struct vcpu *v, const struct sbi_call *call)
{
	for (unsigned i = 0; i < 6; i++)
		vcpu_arch_set_reg(&v->arch, REG_A0 + i, call->args[i]);
	vcpu_arch_set_reg(&v->arch, REG_A0 + 6, call->fid);
	vcpu_arch_set_reg(&v->arch, REG_A0 + 7, call->eid);
	v->arch.regs.sepc = PC;
	vcpu_exit_dispatch(v, &(struct vcpu_exit){.kind = VCPU_EXIT_SBI_CALL}, VCPU_LANE_SLOW);
}

/* A legacy call answers in a0 alone: 0, NOT_SUPPORTED, or getchar's byte or -1. */
static void fuzz_check_legacy(const struct vcpu *v, const struct sbi_call *call, long a0)
{
	assert(vcpu_arch_reg(&v->arch, REG_A1) == call->args[1]);
	if (call->eid != LEGACY_GETCHAR) {
		assert(a0 == SBI_SUCCESS || a0 == SBI_ERR_NOT_SUPPORTED);
		return;
	}
	if (a0 == -1) {
		assert(input_taken == input_sent);
		return;
	}
	assert(input_taken < input_sent && a0 == fuzz_input_byte(input_taken));
	input_taken++;
}

/* A successful DBCN read put the next console bytes at its buffer. */
static void fuzz_check_dbcn_read(struct vm *vm, const struct sbi_call *call, unsigned long n)
{
	const char *buf;

	assert(n <= call->args[0] && n <= input_sent - input_taken);
	if (!n)
		return;
	buf = (const char *)(uintptr_t)vm_gpa_to_hpa(vm, call->args[1], n);
	assert(buf);
	for (unsigned long i = 0; i < n; i++)
		assert(buf[i] == fuzz_input_byte(input_taken++));
}

static void fuzz_check_result(struct vcpu *v, const struct sbi_call *call, long err,
			      unsigned long value)
{
	assert(err <= SBI_SUCCESS && err >= SBI_ERR_ALREADY_STOPPED);
	if (err != SBI_SUCCESS)
		return;
	if (call->eid == EID_BASE && call->fid == BASE_PROBE_EXT)
		assert(value <= 1);
	if (call->eid == EID_HSM && call->fid == HSM_STATUS)
		assert(value <= 2 || value == 4 || value == 6); /* no stop or suspend pending */
	if (call->eid == EID_TIME)
		assert(v->timer_deadline == call->args[0]);
	if (call->eid == EID_DBCN && call->fid == DBCN_WRITE)
		assert(value == (call->args[0] < ERG_SBI_DBCN_MAX_BYTES ? call->args[0]
									: ERG_SBI_DBCN_MAX_BYTES));
	if (call->eid == EID_DBCN && call->fid == DBCN_READ)
		fuzz_check_dbcn_read(v->vm, call, value);
	/* A steal-time record is 64 bytes of the guest's RAM, 64-byte aligned, or none. */
	if (call->eid == EID_STA)
		assert(!v->steal_record ||
		       (v->steal_record % 64 == 0 && vm_gpa_in_ram(v->vm, v->steal_record, 64)));
}

static void fuzz_check_state(void)
{
	assert(tvm.state == VM_RUNNING || tvm.state == VM_STOPPED);
	for (unsigned i = 0; i < NVCPUS; i++) {
		const struct vcpu *v = &tvm.vcpus[i];

		assert(v->state <= VCPU_SUSPENDED && !(v->requests & ~VCPU_REQ_ALL));
		assert(tvm.state == VM_RUNNING || v->state == VCPU_STOPPED);
	}
	assert(!guests_all_stopped());
}

/* An SRST reboot begins a new life, which drops the console input the old one left. */
static bool fuzz_is_reboot(const struct sbi_call *call)
{
	uint32_t type = (uint32_t)call->args[0], reason = (uint32_t)call->args[1];

	/* Type and reason are 32-bit: the upper halves of a0 and a1 do not count. */
	return call->eid == EID_SRST && call->fid == 0 && (type == 1 || type == 2) && reason <= 1;
}

static void fuzz_call(struct vcpu *v, const struct sbi_call *call)
{
	long a0;

	if (fuzz_enter(v)) {
		fuzz_ecall(v, call);
		if (fuzz_is_reboot(call))
			input_taken = input_sent;
		a0 = (long)vcpu_arch_reg(&v->arch, REG_A0);
		/* Nothing restarts its caller within the call: a suspend resumes later. */
		assert(!v->restarted && v->arch.regs.sepc == PC + 4);
		assert(v->state != VCPU_SUSPENDED ||
		       (call->eid == EID_HSM && call->fid == HSM_SUSPEND && a0 == 0) ||
		       (call->eid == EID_SUSP && call->fid == 0 && a0 == 0));
		if (call->eid <= EID_LEGACY_MAX)
			fuzz_check_legacy(v, call, a0);
		else
			fuzz_check_result(v, call, a0, vcpu_arch_reg(&v->arch, REG_A1));
	}
	fuzz_check_state();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	fuzz_reset();
	for (; size >= REC_LEN; data += REC_LEN, size -= REC_LEN) {
		struct vcpu *v = &tvm.vcpus[data[2] & 3];
		struct sbi_call call;

		if (tvm.state != VM_RUNNING)
			break; /* no vCPU of a stopped guest runs */
		fuzz_console_input(data[2] >> 2);
		if (v->state == VCPU_STOPPED)
			continue; /* nor does a stopped vCPU */
		fuzz_read_call(data, &call);
		fuzz_call(v, &call);
	}
	return 0;
}
