/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * picolibc's stdout for the test guests: tinystdio calls console_putc for
 * each character, which goes out through the legacy SBI putchar. Legacy
 * rather than DBCN because OpenSBI 1.1 (Debian 12), the native reference,
 * lacks DBCN; Erg offers both. Output from several harts may interleave.
 */
#include <stdio.h>

#include "guest_sbi.h"

static int console_putc(char c, FILE *file)
{
	(void)file;
	sbi_console_putchar(c);
	return (unsigned char)c;
}

static FILE console_stream = FDEV_SETUP_STREAM(console_putc, NULL, NULL, _FDEV_SETUP_WRITE);

FILE *const stdout = &console_stream;
FILE *const stderr = &console_stream;
