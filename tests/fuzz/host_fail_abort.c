/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The host stand-ins' failure hook for fuzzers: the message on stderr, then
 * abort(), which libFuzzer reports as a crash and keeps the input for.
 */
#include "host_fail.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>

void host_fail(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	abort();
}
