/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Which hart is this, and how many harts have come up. Each hart records its
 * own id in thread-local storage, which arch code sets up per hart.
 */
#ifndef CORE_LIB_HART_H
#define CORE_LIB_HART_H

#include "lib/types.h"

extern __thread uint64_t hart_self_id; /* set once by hart_set_self */

void hart_set_self(uint64_t hartid);

/* Inline: the exit and timer paths ask it many times. */
static inline uint64_t hart_self(void)
{
	return hart_self_id;
}

/* Count this hart as online and say so on the console. */
void hart_report_online(void);
unsigned hart_online_count(void);

/* Whether hartid has come up (a hart not yet started must not be sent IPIs). */
bool hart_is_online(uint64_t hartid);

#endif
