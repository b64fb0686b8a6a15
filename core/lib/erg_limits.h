/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Build-wide limits, kept free of C so the entry assembly can include them.
 */
#ifndef CORE_LIB_ERG_LIMITS_H
#define CORE_LIB_ERG_LIMITS_H

/* The most physical harts Erg manages; harts with larger ids stay parked. */
#define ERG_MAX_HARTS 16

#endif
