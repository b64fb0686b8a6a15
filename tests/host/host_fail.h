/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * How the host stand-ins report a failure they cannot return (a test DTB
 * that is missing): each host build defines it in its own way, the unit tests
 * through cmocka (tests/unit/host_fail_cmocka.c), the fuzzers by aborting
 * (tests/fuzz/host_fail_abort.c), so the stand-ins link without cmocka.
 */
#ifndef TESTS_HOST_HOST_FAIL_H
#define TESTS_HOST_HOST_FAIL_H

/* Report the printf-style message and end the test or the fuzzing run: never returns. */
_Noreturn void host_fail(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

#endif
