/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * DBCN (debug console) cases. A buffer must lie wholly inside guest RAM:
 * one ending at RAM's last byte is fine, one byte further is not, nor a
 * length that wraps; base_hi must be 0 on RV64. A write of a huge buffer
 * may be partial (SBI 2.0 lets it return the bytes written): Erg writes at
 * most CHECK_DBCN_ERG_BOUND bytes a call, so that no call holds its hart for
 * long. OpenSBI 1.1 has no DBCN, so natively these are skipped.
 */
#include <string.h>

#include "sbi_check.h"

#define CHECK_UNKNOWN_FID    3
#define CHECK_READ_LEN	     16
#define CHECK_BIG_LEN	     (1UL << 20)
#define CHECK_DBCN_ERG_BOUND 512 /* ERG_SBI_DBCN_MAX_BYTES */
#define CHECK_BIG_LINE	     64	 /* the big buffer is lines of this length */

static struct sbiret check_dbcn_call(unsigned long fid, unsigned long len, uint64_t base,
				     unsigned long base_hi)
{
	return sbi_ecall(SBI_EXT_DBCN, fid, len, (unsigned long)base, base_hi);
}

static long check_dbcn_write(unsigned long len, uint64_t base)
{
	return check_value(check_dbcn_call(SBI_DBCN_WRITE, len, base, 0));
}

static void check_dbcn_write_ok(void)
{
	static const char line[] = "sbi_check: dbcn write prints this line\n";
	unsigned long len = sizeof(line) - 1;

	check_eq("dbcn.write", check_dbcn_write(len, (uintptr_t)line), (long)len);
	check_eq("dbcn.write_zero_len", check_dbcn_write(0, (uintptr_t)line), 0);
	check_eq("dbcn.write_base_hi",
		 check_dbcn_call(SBI_DBCN_WRITE, len, (uintptr_t)line, 1).error,
		 SBI_ERR_INVALID_PARAM);
}

/*
 * A line copied to the very end of RAM, written in two calls: all but its
 * last byte, then the last byte of RAM, its newline. Nothing may print in
 * between, so the results are checked afterwards.
 */
static void check_dbcn_ram_end(void)
{
	static const char line[] = "sbi_check: dbcn write ending at the last byte of RAM\n";
	unsigned long len = sizeof(line) - 1;
	uint64_t end = check_env.ram_end;

	memcpy((void *)(uintptr_t)(end - len), line, len);
	long head = check_dbcn_write(len - 1, end - len);
	long last = check_dbcn_write(1, end - 1);

	check_eq("dbcn.write_up_to_ram_end", head, (long)len - 1);
	check_eq("dbcn.write_last_byte_of_ram", last, 1);
	check_eq("dbcn.write_past_ram_end", check_dbcn_write(1, end), SBI_ERR_INVALID_PARAM);
	check_eq("dbcn.write_straddles_ram_end", check_dbcn_write(2, end - 1),
		 SBI_ERR_INVALID_PARAM);
	check_eq("dbcn.write_straddles_ram_start", check_dbcn_write(2, check_env.ram_base - 1),
		 SBI_ERR_INVALID_PARAM);
	check_eq("dbcn.write_length_wraps", check_dbcn_write(~0UL, check_env.ram_base),
		 SBI_ERR_INVALID_PARAM);
}

/*
 * A 1 MiB buffer of whole lines: one call writes part of it, more than
 * nothing and at most Erg's bound. A partial line it leaves is ended so
 * the next line prints on its own. The same buffer moved to straddle the
 * end of RAM is refused whole, even though its first bytes are in RAM.
 */
static void check_dbcn_big(void)
{
	static char big[CHECK_BIG_LEN];
	static const char line[CHECK_BIG_LINE + 1] =
	    "sbi_check: dbcn big write, a part of a 1 MiB buffer ...........\n";
	uint64_t end = check_env.ram_end;

	for (unsigned long i = 0; i < sizeof(big); i += CHECK_BIG_LINE)
		memcpy(big + i, line, CHECK_BIG_LINE);
	long n = check_dbcn_write(sizeof(big), (uintptr_t)big);

	if (n > 0 && n % CHECK_BIG_LINE)
		sbi_debug_console_write_byte('\n');
	check_eq("dbcn.write_1mib_writes_some", n > 0, 1);
	check_erg("dbcn.write_1mib_at_most_erg_bound", n <= CHECK_DBCN_ERG_BOUND, 1);
	check_eq("dbcn.write_1mib_straddling_ram_end",
		 check_dbcn_write(sizeof(big), end - CHECK_BIG_LINE), SBI_ERR_INVALID_PARAM);
	check_eq("dbcn.read_1mib_straddling_ram_end",
		 check_dbcn_call(SBI_DBCN_READ, sizeof(big), end - CHECK_BIG_LINE, 0).error,
		 SBI_ERR_INVALID_PARAM);
}

static void check_dbcn_read(void)
{
	static char buf[CHECK_READ_LEN];
	uint64_t end = check_env.ram_end;

	check_eq("dbcn.read_no_input",
		 check_value(check_dbcn_call(SBI_DBCN_READ, sizeof(buf), (uintptr_t)buf, 0)), 0);
	check_eq("dbcn.read_last_byte_of_ram",
		 check_value(check_dbcn_call(SBI_DBCN_READ, 1, end - 1, 0)), 0);
	check_eq("dbcn.read_past_ram_end", check_dbcn_call(SBI_DBCN_READ, 1, end, 0).error,
		 SBI_ERR_INVALID_PARAM);
	check_eq("dbcn.read_straddles_ram_end", check_dbcn_call(SBI_DBCN_READ, 2, end - 1, 0).error,
		 SBI_ERR_INVALID_PARAM);
	check_eq("dbcn.read_base_hi",
		 check_dbcn_call(SBI_DBCN_READ, sizeof(buf), (uintptr_t)buf, 1).error,
		 SBI_ERR_INVALID_PARAM);
}

static void check_dbcn_write_byte(void)
{
	static const char line[] = "sbi_check: dbcn write_byte prints this line\n";
	long worst = 0;

	for (const char *p = line; *p; p++) {
		long err = sbi_debug_console_write_byte((uint8_t)*p);

		if (err)
			worst = err;
	}
	check_eq("dbcn.write_byte", worst, 0);
}

void check_dbcn(void)
{
	if (!check_ext_runs(SBI_EXT_DBCN, "dbcn.*"))
		return;
	check_dbcn_write_ok();
	if (check_env.ram_end > check_env.ram_base) {
		check_dbcn_ram_end();
		check_dbcn_big();
		check_dbcn_read();
	}
	check_dbcn_write_byte();
	check_eq("dbcn.unknown_fid", check_dbcn_call(CHECK_UNKNOWN_FID, 0, 0, 0).error,
		 SBI_ERR_NOT_SUPPORTED);
}
