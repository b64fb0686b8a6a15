/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Internal to the platform parser: the pieces split across files.
 */
#ifndef CORE_PLATFORM_PLATFORM_PARTS_H
#define CORE_PLATFORM_PLATFORM_PARTS_H

#include "platform/platform.h"

/* Record "<node path>: why" in p->error and return -1. node < 0 means the whole DTB. */
int platform_fail(struct platform *p, const void *fdt, int node, const char *why);

int platform_parse_cpus(const void *fdt, struct platform *p);
void platform_parse_devices(const void *fdt, struct platform *p);

#endif
