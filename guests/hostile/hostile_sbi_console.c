/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * DBCN, SRST and TIME under attack. The SBI 2.0 spec: DBCN answers a buffer
 * (num_bytes, base_addr_lo, base_addr_hi) that is not accessible memory of
 * the caller with SBI_ERR_INVALID_PARAM; SRST answers a reserved or
 * unimplemented type or reason (32-bit parameters) with
 * SBI_ERR_INVALID_PARAM, and must then not reset anything; set_timer takes
 * any 64-bit deadline. A DBCN read is Erg writing guest memory on the
 * guest's behalf: pointed at another guest, it would be an escape.
 */
#include "guest_time.h"
#include "hostile.h"

#define PLIC_BASE     0x0c000000UL
#define DBCN_LEN      16
#define SRST_WARM     2
#define TIMER_WAIT_US 100000

static char hostile_dbcn_buf[DBCN_LEN + 1] = "hostile: unseen\n";

static struct sbiret hostile_dbcn(unsigned long fid, unsigned long len, unsigned long lo,
				  unsigned long hi)
{
	return sbi_ecall(SBI_EXT_DBCN, fid, len, lo, hi);
}

static void hostile_dbcn_zero(struct hostile_result *r)
{
	hostile_expect_refusal(r, hostile_dbcn(SBI_DBCN_WRITE, DBCN_LEN, 0, 0),
			       SBI_ERR_INVALID_PARAM);
}

static void hostile_dbcn_ram_edge(struct hostile_result *r)
{
	hostile_expect_refusal(
	    r, hostile_dbcn(SBI_DBCN_WRITE, DBCN_LEN, hostile_env.ram_end - DBCN_LEN / 2, 0),
	    SBI_ERR_INVALID_PARAM);
}

static void hostile_dbcn_huge(struct hostile_result *r)
{
	hostile_expect_refusal(r, hostile_dbcn(SBI_DBCN_WRITE, ~0UL, hostile_env.ram_base, 0),
			       SBI_ERR_INVALID_PARAM);
}

static void hostile_dbcn_high(struct hostile_result *r)
{
	hostile_expect_refusal(
	    r, hostile_dbcn(SBI_DBCN_WRITE, DBCN_LEN, (unsigned long)hostile_dbcn_buf, 1),
	    SBI_ERR_INVALID_PARAM);
}

static void hostile_dbcn_device(struct hostile_result *r)
{
	hostile_expect_refusal(r, hostile_dbcn(SBI_DBCN_WRITE, 4, PLIC_BASE, 0),
			       SBI_ERR_INVALID_PARAM);
}

static void hostile_dbcn_wraps(struct hostile_result *r)
{
	hostile_expect_refusal(r, hostile_dbcn(SBI_DBCN_WRITE, 0x2000, ~0UL - 0xfff, 0),
			       SBI_ERR_INVALID_PARAM);
}

static void hostile_dbcn_empty(struct hostile_result *r)
{
	struct sbiret got = hostile_dbcn(SBI_DBCN_WRITE, 0, ~0UL, 0);

	if (got.error == SBI_SUCCESS && got.value == 0)
		hostile_contained(r, "SBI_SUCCESS, 0 bytes, the address never touched");
	else
		hostile_escaped(r, "got %s value %ld", hostile_sbi_error_name(got.error),
				got.value);
}

/* A carriage return, which the console drops, with bits 63-8 set. */
static void hostile_dbcn_byte_high(struct hostile_result *r)
{
	struct sbiret got = sbi_ecall(SBI_EXT_DBCN, SBI_DBCN_WRITE_BYTE, ~0xffUL | '\r', 0, 0);

	if (got.error == SBI_SUCCESS && got.value == 0)
		hostile_contained(r, "SBI_SUCCESS, the low byte taken");
	else
		hostile_escaped(r, "got %s value %ld", hostile_sbi_error_name(got.error),
				got.value);
}

static void hostile_dbcn_read_foreign(struct hostile_result *r)
{
	hostile_expect_refusal(r, hostile_dbcn(SBI_DBCN_READ, DBCN_LEN, hostile_env.foreign, 0),
			       SBI_ERR_INVALID_PARAM);
}

static void hostile_dbcn_read_edge(struct hostile_result *r)
{
	hostile_expect_refusal(
	    r, hostile_dbcn(SBI_DBCN_READ, DBCN_LEN, hostile_env.ram_end - DBCN_LEN / 2, 0),
	    SBI_ERR_INVALID_PARAM);
}

/* Each (type, reason) pair must be refused; a reset would end or restart this run. */
static void hostile_srst_pairs(struct hostile_result *r, const unsigned long (*pairs)[2],
			       unsigned count)
{
	for (unsigned i = 0; i < count; i++) {
		struct sbiret got =
		    sbi_ecall(SBI_EXT_SRST, SBI_SRST_RESET, pairs[i][0], pairs[i][1], 0);

		if (got.error != SBI_ERR_INVALID_PARAM) {
			hostile_escaped(r, "type 0x%lx reason 0x%lx gave %s", pairs[i][0],
					pairs[i][1], hostile_sbi_error_name(got.error));
			return;
		}
	}
	hostile_contained(r, "%u calls refused with SBI_ERR_INVALID_PARAM, still running", count);
}

static void hostile_srst_types(struct hostile_result *r)
{
	static const unsigned long pairs[][2] = {
	    {3, 0}, {0xefffffff, 0}, {0xf0000000, 0}, {0xffffffff, 0}};

	hostile_srst_pairs(r, pairs, sizeof(pairs) / sizeof(pairs[0]));
}

static void hostile_srst_reasons(struct hostile_result *r)
{
	static const unsigned long pairs[][2] = {{SBI_SRST_SHUTDOWN, 2},
						 {SBI_SRST_SHUTDOWN, 0xdfffffff},
						 {SBI_SRST_COLD_REBOOT, 0xe0000000},
						 {SRST_WARM, 0xffffffff}};

	hostile_srst_pairs(r, pairs, sizeof(pairs) / sizeof(pairs[0]));
}

static void hostile_srst_high_bits(struct hostile_result *r)
{
	/* The upper halves are ignored (32-bit parameters): each stays reserved. */
	static const unsigned long pairs[][2] = {{0x100000003, 0},
						 {SBI_SRST_COLD_REBOOT, 0x100000002},
						 {0xffffffff00000003, 0xffffffff00000002}};

	hostile_srst_pairs(r, pairs, sizeof(pairs) / sizeof(pairs[0]));
}

/* A deadline, and the timer interrupts that must follow within TIMER_WAIT_US. */
static void hostile_timer(struct hostile_result *r, unsigned long eid, uint64_t deadline,
			  unsigned long want_irqs)
{
	unsigned long before = hostile_irqs[0].timer, fired;
	long err = sbi_ecall(eid, SBI_TIME_SET_TIMER, deadline, 0, 0).error;

	if (want_irqs)
		hostile_wait(&hostile_irqs[0].timer, before + want_irqs, TIMER_WAIT_US);
	else
		time_delay_us(HOSTILE_QUIET_US);
	fired = hostile_irqs[0].timer - before;
	sbi_set_timer(UINT64_MAX);
	if (err != SBI_SUCCESS)
		hostile_escaped(r, "got error %ld, want 0", err);
	else if (fired != want_irqs)
		hostile_escaped(r, "%lu timer interrupts, want %lu", fired, want_irqs);
	else
		hostile_contained(r, "accepted, %lu timer interrupt as due", fired);
}

static void hostile_timer_zero(struct hostile_result *r)
{
	hostile_timer(r, SBI_EXT_TIME, 0, 1);
}

static void hostile_timer_max(struct hostile_result *r)
{
	hostile_timer(r, SBI_EXT_TIME, UINT64_MAX, 0);
}

static void hostile_legacy_timer_zero(struct hostile_result *r)
{
	hostile_timer(r, SBI_EXT_LEGACY_SET_TIMER, 0, 1);
}

static const struct hostile_attack hostile_sbi_console_attacks[] = {
    {"DBCN write from guest-physical 0", hostile_dbcn_zero},
    {"DBCN write straddling the end of RAM", hostile_dbcn_ram_edge},
    {"DBCN write of 2^64-1 bytes", hostile_dbcn_huge},
    {"DBCN write with base_addr_hi 1", hostile_dbcn_high},
    {"DBCN write from its PLIC window", hostile_dbcn_device},
    {"DBCN write wrapping 2^64", hostile_dbcn_wraps},
    {"DBCN write of 0 bytes from 2^64-1", hostile_dbcn_empty},
    {"DBCN write_byte with bits 63-8 set", hostile_dbcn_byte_high},
    {"DBCN read into another guest's host address", hostile_dbcn_read_foreign},
    {"DBCN read straddling the end of RAM", hostile_dbcn_read_edge},
    {"SRST with reserved and vendor types", hostile_srst_types},
    {"SRST with reserved and vendor reasons", hostile_srst_reasons},
    {"SRST with type or reason bits 63-32 set", hostile_srst_high_bits},
    {"set_timer(0)", hostile_timer_zero},
    {"set_timer(2^64-1)", hostile_timer_max},
    {"legacy set_timer(0)", hostile_legacy_timer_zero},
};

const struct hostile_group hostile_sbi_console_group = {
    hostile_sbi_console_attacks,
    sizeof(hostile_sbi_console_attacks) / sizeof(hostile_sbi_console_attacks[0]),
};
