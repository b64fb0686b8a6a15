/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The host stand-ins' failure hook for unit tests: the message becomes a
 * cmocka failure of the running test. Linked into every unit test.
 */
#include "host_fail.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>

#include <cmocka.h>

void host_fail(const char *fmt, ...)
{
	char msg[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	fail_msg("%s", msg);
	/* fail_msg leaves the test by longjmp, or the program when no test runs. */
	abort();
}
